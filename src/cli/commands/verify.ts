// `cachet verify`: the verdict for a card URL or token, from the local registry or a server.
import { CachetError, readCardInput, verifyCard } from '../../core/index.js';
import { presentVerdict, type PublicVerdict } from '../../app/present.js';
import { parse, rows, type Command } from '../args.js';
import { openContext } from '../context.js';

async function verifyRemote(server: string, digits: string): Promise<PublicVerdict> {
  const url = `${server.replace(/\/+$/, '')}/api/v1/verify/${encodeURIComponent(digits)}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new CachetError('ERR_URL', `cannot reach ${server}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const body = (await response.json().catch(() => null)) as
    PublicVerdict | { error?: { message: string } } | null;
  if (body && 'status' in body) return body;
  throw new CachetError(
    'ERR_URL',
    `${server} answered ${response.status}: ${body?.error?.message ?? 'not a verdict'}`,
  );
}

async function verifyLocal(digits: string): Promise<PublicVerdict> {
  const { store, keyring } = await openContext({ needRegistry: true });
  try {
    const verdict = await verifyCard(digits, {
      keyring,
      now: new Date(),
      findCard: (s) => store.findCard(s),
    });
    return await presentVerdict(verdict, store);
  } finally {
    store.close();
  }
}

function describe(v: PublicVerdict): string {
  const lines: [string, string][] = [];
  if (v.card) {
    const b = v.card.boutique;
    lines.push(
      ['boutique', b ? `${b.name}, ${b.city} (${b.country})` : 'unknown'],
      ['issued', v.card.issued],
      ['associate', v.card.associate?.displayName ?? 'unknown'],
      ['occasion', v.card.occasion],
      ['serial', v.card.serialText],
    );
  }
  if (v.revocation)
    lines.push(['revoked', `${v.revocation.revokedAt.slice(0, 10)}: ${v.revocation.reason}`]);
  if (v.reason && !v.revocation) lines.push(['reason', v.reason.message]);
  if (v.key)
    lines.push([
      'key',
      `${v.key.kid} (${v.key.status}${v.key.development ? ', DEVELOPMENT' : ''})`,
    ]);
  if (v.warnings.length) lines.push(['warnings', v.warnings.join(', ')]);
  return [v.status, ...(lines.length ? [rows(lines)] : [])].join('\n');
}

export const verify: Command = {
  name: 'verify',
  summary: 'verify a card URL or token (exit 0 only when authentic)',
  usage: `cachet verify <url|token> [--json] [--server URL]

Checks the token against the keys and registry of this machine, or asks a Cachet server.
Exit status: 0 authentic, 1 any other verdict, 2 the check could not be made.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      json: { type: 'boolean' },
      server: { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new CachetError('ERR_INVALID_ARGUMENT', 'give one card URL or token');
    const { digits } = readCardInput(positionals[0]!);
    const verdict = values.server
      ? await verifyRemote(values.server, digits)
      : await verifyLocal(digits);
    console.log(values.json ? JSON.stringify(verdict) : describe(verdict));
    return verdict.status === 'authentic' ? 0 : 1;
  },
};
