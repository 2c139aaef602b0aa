// `cachet keygen`: a new Ed25519 signing key, private half kept out of git.
import { generateKeyPair } from '../../core/index.js';
import { readNodeConfig } from '../../config.js';
import { jwksPath, storeKeyPair } from '../../store/key-files.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import { resolveDate } from '../relative-date.js';

const OPTIONS = {
  'valid-from': {
    type: 'string',
    value: 'DATE',
    help: 'first issue date the key may sign for: YYYY-MM-DD, today, tomorrow or +Nd\n(N days from today, UTC; default: today)',
  },
  'valid-to': {
    type: 'string',
    value: 'DATE',
    help: 'last issue date it may sign for, written as --valid-from (default: none)',
  },
  development: { type: 'boolean', help: 'label the key as one for trying Cachet out' },
  receipt: {
    type: 'boolean',
    help: 'a key that signs verification receipts, not cards\n(for Workers: cachet keygen --receipt --stdout | wrangler secret put CACHET_RECEIPT_KEY)',
  },
  stdout: {
    type: 'boolean',
    help: 'print the private JWK instead of writing it, e.g. for a Workers secret:\ncachet keygen --stdout | wrangler secret put CACHET_SIGNING_KEY',
  },
  json: { type: 'boolean', help: 'print the key and where it was written as JSON' },
} satisfies OptionSpecs;

export const keygen: Command = {
  name: 'keygen',
  summary: 'make an Ed25519 signing key',
  options: OPTIONS,
  forms: [{ optional: Object.keys(OPTIONS) }],
  about: `Writes the private JWK to $CACHET_KEYS_DIR/private/<kid>.jwk (mode 0600, git-ignored) and appends
the public JWK, with its status and the dates it may sign for, to $CACHET_KEYS_DIR/jwks.json.`,
  async run(argv) {
    const { values } = parse(argv, OPTIONS);
    const config = readNodeConfig(process.env);
    const validFrom = resolveDate(values['valid-from'] ?? 'today', new Date());
    const validTo = resolveDate(values['valid-to'], new Date());
    const pair = await generateKeyPair({
      validFrom,
      validTo,
      development: values.development,
      receipt: values.receipt,
    });
    const path = await storeKeyPair(config.keysDir, pair, { privateOut: !values.stdout });
    if (values.stdout) {
      console.log(JSON.stringify(pair.privateJwk));
      return 0;
    }
    if (values.json) {
      console.log(
        JSON.stringify({
          kid: pair.publicJwk.kid,
          privateKey: path,
          jwks: jwksPath(config.keysDir),
          publicJwk: pair.publicJwk,
        }),
      );
      return 0;
    }
    console.log(`Made key ${pair.publicJwk.kid}`);
    console.log(
      rows([
        ['private', `${path} (mode 0600; keep it secret, never commit it)`],
        ['public', `appended to ${jwksPath(config.keysDir)}`],
        ['signs', `cards dated from ${validFrom}${validTo ? ` to ${validTo}` : ''}`],
      ]),
    );
    return 0;
  },
};
