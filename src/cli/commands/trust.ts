// `cachet trust pull`: saves what checking cards with no network needs (the brand's JWK Set, its
// signed trust bundle, the revocation list the bundle names and the log's latest checkpoint),
// after checking each against the others. `cachet verify --offline` reads the folder.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  CachetError,
  describeAge,
  importKeyring,
  isCachetError,
  loadTrust,
  type Keyring,
  type LoadedTrust,
} from '../../core/index.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import { httpGet } from '../http.js';
import { serverOrigin } from './verify.js';

/** Where pulled trust is kept unless --dir says otherwise: one folder per brand host. */
export const TRUST_ROOT = 'cachet-trust';
const FILES = {
  bundle: 'trust.jws',
  list: 'revocations.ct1r',
  jwks: 'jwks.json',
  checkpoint: 'checkpoint',
  source: 'source.json',
} as const;

async function fetchBytes(url: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const response = await httpGet(url, { missingOk: true });
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

async function fetchRequired(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await fetchBytes(url);
  if (!bytes)
    throw new CachetError('ERR_NOT_FOUND', `${url} is not there: is this a Cachet server?`);
  return bytes;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function readJwks(bytes: Uint8Array, from: string): Promise<Keyring> {
  let value: unknown;
  try {
    value = JSON.parse(text(bytes));
  } catch {
    throw new CachetError('ERR_KEY_INVALID', `${from} is not a JWK Set (not JSON)`);
  }
  return importKeyring(value);
}

/** The folder for a server's trust: --dir, or cachet-trust/<host> (the port as host_port). */
export function trustDirFor(origin: string): string {
  return join(TRUST_ROOT, new URL(origin).host.replace(':', '_'));
}

/** Pulls and checks a server's trust, and saves it in `dir` whole (or leaves `dir` as it was). */
async function pull(
  server: string,
  options: { dir?: string | undefined; jwks?: string | undefined },
) {
  // The scheme is never guessed: a bare host could be pulled over http where https was meant.
  const origin = new URL(serverOrigin(server, 'trust pull')).origin;
  const dir = options.dir ?? trustDirFor(origin);
  const jwksBytes = options.jwks
    ? new Uint8Array(readFileSync(options.jwks))
    : await fetchRequired(`${origin}/.well-known/jwks.json`);
  const trusted = await readJwks(jwksBytes, options.jwks ?? `${origin}/.well-known/jwks.json`);
  // The bundle and the list are rebuilt together on the server: should a revocation land between
  // the two requests, the pair disagrees, and is fetched again.
  let bundle = '';
  let list = new Uint8Array();
  let loaded: LoadedTrust | undefined;
  for (let attempt = 1; !loaded; attempt++) {
    bundle = text(await fetchRequired(`${origin}/.well-known/cachet/trust.jws`));
    list = await fetchRequired(`${origin}/.well-known/cachet/revocations`);
    try {
      loaded = await loadTrust(bundle, list, { now: new Date(), trusted });
    } catch (error) {
      const retry =
        isCachetError(error, 'ERR_TRUST_INVALID') && /SHA-256|disagrees/.test(error.message);
      if (!retry || attempt === 3) throw error;
    }
  }
  const checkpoint = loaded.bundle.log ? await fetchBytes(`${origin}/log/checkpoint`) : null;
  // Written to a fresh folder, then moved into place: a pull cut short leaves the old trust.
  const staging = `${dir}.partial-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, FILES.bundle), bundle);
  writeFileSync(join(staging, FILES.list), list);
  writeFileSync(join(staging, FILES.jwks), jwksBytes);
  if (checkpoint) writeFileSync(join(staging, FILES.checkpoint), checkpoint);
  writeFileSync(
    join(staging, FILES.source),
    `${JSON.stringify({ server: origin, pulledAt: new Date().toISOString() }, null, 2)}\n`,
  );
  if (existsSync(dir)) renameSync(dir, `${staging}.old`);
  renameSync(staging, dir);
  rmSync(`${staging}.old`, { recursive: true, force: true });
  return { dir, loaded, checkpoint: checkpoint !== null };
}

/**
 * Loads the trust saved in `dir`, checked again as when it was pulled.
 * @throws CachetError `ERR_NOT_FOUND` when nothing was pulled there, `ERR_TRUST_STALE` or
 *   `ERR_TRUST_INVALID`.
 */
export async function loadTrustDir(dir: string, now: Date): Promise<LoadedTrust> {
  const path = (name: string) => join(dir, name);
  if (!existsSync(path(FILES.bundle)) || !existsSync(path(FILES.list))) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no trust bundle in ${dir}: run cachet trust pull <server URL> first`,
    );
  }
  const trusted = existsSync(path(FILES.jwks))
    ? await readJwks(readFileSync(path(FILES.jwks)), path(FILES.jwks))
    : undefined;
  return loadTrust(
    readFileSync(path(FILES.bundle), 'utf8'),
    new Uint8Array(readFileSync(path(FILES.list))),
    { now, trusted },
  );
}

/**
 * The trust folder for a check: --trust, the one for the card link's host, or the only one
 * pulled so far.
 */
export function pickTrustDir(given: string | undefined, host: string | undefined): string {
  if (given) return given;
  if (host) {
    const dir = join(TRUST_ROOT, host.replace(':', '_'));
    if (existsSync(dir)) return dir;
  }
  const pulled = existsSync(TRUST_ROOT)
    ? readdirSync(TRUST_ROOT, { withFileTypes: true }).filter((e) => e.isDirectory())
    : [];
  if (pulled.length === 1) return join(TRUST_ROOT, pulled[0]!.name);
  throw new CachetError(
    'ERR_NOT_FOUND',
    pulled.length === 0
      ? `no trust pulled yet: run cachet trust pull <server URL> first`
      : `several brands' trust in ${TRUST_ROOT}/: choose one with --trust ${TRUST_ROOT}/<host>`,
  );
}

/** How fresh a device's revocations are, in words. */
export function freshness(trust: Pick<LoadedTrust, 'revocations' | 'bundle'>, now: Date): string {
  const age = now.getTime() / 1000 - trust.revocations.generatedAt;
  const asOf = new Date(trust.revocations.generatedAt * 1000).toISOString();
  return `${asOf} (${describeAge(age)} ago); the bundle expires ${new Date(trust.bundle.exp * 1000).toISOString()}`;
}

const OPTIONS = {
  dir: {
    type: 'string',
    value: 'DIR',
    help: `where to save it (default: ${TRUST_ROOT}/<host>)`,
  },
  jwks: {
    type: 'string',
    value: 'FILE',
    help: "the brand's JWK Set from a source you trust, instead of the server's own",
  },
  json: { type: 'boolean', help: 'print JSON' },
} satisfies OptionSpecs;

export const trust: Command = {
  name: 'trust',
  summary: 'save what checking cards with no network needs (cachet verify --offline)',
  options: OPTIONS,
  forms: [{ words: 'pull <url>', optional: ['dir', 'jwks', 'json'] }],
  about: [
    "pull: fetches the brand's JWK Set, its trust bundle (/.well-known/cachet/trust.jws), the",
    'revocation list the bundle names and the log checkpoint; checks the bundle against the',
    'JWK Set and the list against the bundle; saves them together, or changes nothing.',
    'Pull again before the bundle expires (a week): a device refuses an expired one.',
  ].join('\n'),
  notes: 'Exit status: 0 when saved, 1 when anything did not check (nothing is saved then).',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    const [verb, server, ...rest] = positionals;
    if (verb !== 'pull' || !server || rest.length > 0) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'usage: cachet trust pull <server URL>');
    }
    const { dir, loaded, checkpoint } = await pull(server, values);
    const now = new Date();
    if (values.json) {
      console.log(
        JSON.stringify({
          dir,
          iss: loaded.bundle.iss,
          keys: loaded.bundle.keys.length,
          revocations: loaded.revocations.count,
          revocationsAsOf: new Date(loaded.revocations.generatedAt * 1000).toISOString(),
          expires: new Date(loaded.bundle.exp * 1000).toISOString(),
          checkpoint,
        }),
      );
      return 0;
    }
    console.log(`Saved the trust of ${loaded.bundle.iss} in ${dir}/`);
    console.log(
      rows([
        ['signed by', `${loaded.signedBy} (in the JWK Set ${values.jwks ?? 'the server serves'})`],
        ['keys', String(loaded.bundle.keys.length)],
        ['revocations', `${loaded.revocations.count}, as of ${freshness(loaded, now)}`],
        [
          'log',
          loaded.bundle.log
            ? `${loaded.bundle.log.origin}${checkpoint ? '' : ' (no checkpoint yet)'}`
            : 'none',
        ],
      ]),
    );
    return 0;
  },
};
