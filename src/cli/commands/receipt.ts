// `cachet receipt verify FILE`: checks a verification receipt offline, against a JWK Set.
import { readFile } from 'node:fs/promises';
import { CachetError, importKeyring, readCardInput, verifyReceipt } from '../../core/index.js';
import { readNodeConfig } from '../../config.js';
import { readJwks } from '../../store/key-files.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';

/** The receipt in a file: a bare compact JWS, or a JSON verdict or evidence with `receipt`. */
function receiptIn(text: string, path: string): string {
  const trimmed = text.trim();
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) return trimmed;
  try {
    const receipt = (JSON.parse(trimmed) as { receipt?: unknown }).receipt;
    if (typeof receipt === 'string') return receipt;
  } catch {
    // neither form: said below
  }
  throw new CachetError(
    'ERR_RECEIPT_INVALID',
    `${path} holds neither a receipt nor JSON with a "receipt" field`,
  );
}

/** A saved JWK Set, or a message that names the file and what is wrong with it. */
async function readJwksFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      `cannot read --jwks ${path}: ${(error as Error).message}`,
    );
  }
}

const OPTIONS = {
  jwks: {
    type: 'string',
    value: 'FILE',
    help: 'the JWK Set to trust: a saved copy of https://<verify host>/.well-known/jwks.json\n(default: $CACHET_KEYS_DIR/jwks.json)',
  },
  token: {
    type: 'string',
    value: 'URL|DIGITS',
    help: 'also check that the receipt is about this card (its link or digits)',
  },
  json: { type: 'boolean', help: 'print the receipt and its check as JSON' },
} satisfies OptionSpecs;

const verify: Command = {
  name: 'verify',
  summary: 'check a signed verification receipt offline, against a JWK Set',
  options: OPTIONS,
  forms: [{ words: 'FILE', optional: ['jwks', 'token', 'json'] }],
  about:
    'FILE is what /api/v1/verify/<token>?receipt=1 answered, an evidence export, or the bare JWS.',
  notes: 'Exit 0 when the receipt holds, 1 when it does not.',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    const path = positionals[0]!;
    const jwks = values.jwks
      ? await readJwksFile(values.jwks)
      : await readJwks(readNodeConfig(process.env).keysDir);
    const keyring = await importKeyring(jwks);
    const jws = receiptIn(await readFile(path, 'utf8'), path);
    const digits = values.token === undefined ? undefined : readCardInput(values.token).digits;
    try {
      const { claims, key } = await verifyReceipt(jws, keyring, { digits });
      if (values.json) console.log(JSON.stringify({ valid: true, claims, kid: key.kid }));
      else {
        console.log(
          `Valid receipt: ${claims.status}${claims.warnings.length ? ` (${claims.warnings.join(', ')})` : ''}`,
        );
        console.log(
          rows([
            ['checked', `${claims.checked_at} by ${claims.iss}`],
            ['serial', claims.serial ?? '(no signature held)'],
            ['token', `SHA-256 ${claims.token_sha256}${digits ? ' (matches --token)' : ''}`],
            ['signed by', `${key.kid} (receipt key, ${key.status})`],
          ]),
        );
      }
      return 0;
    } catch (error) {
      if (!(error instanceof CachetError) || error.code !== 'ERR_RECEIPT_INVALID') throw error;
      if (values.json) console.log(JSON.stringify({ valid: false, reason: error.message }));
      else console.log(`NOT a valid receipt: ${error.message}`);
      return 1;
    }
  },
};

export const receipt: CommandGroup = {
  name: 'receipt',
  summary: 'check a signed verification receipt offline',
  subCommands: [verify],
};
