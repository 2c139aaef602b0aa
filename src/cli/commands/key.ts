// `cachet key`: the signing keys' lifecycle. Rotation retires the old key (its cards still
// verify); a compromise makes every card dated on or after a date `forged`. Both rewrite
// keys/jwks.json, which a running server reloads and serves at /.well-known/jwks.json.
import {
  CachetError,
  dateToDay,
  dayToDate,
  generateKeyPair,
  instantToDay,
  type PublicKeyJwk,
} from '../../core/index.js';
import { loadNodeConfig } from '../../node.js';
import { jwksPath, readJwks, storeKeyPair, updateJwks } from '../../store/key-files.js';
import { parse, required, type Command } from '../args.js';
import { auditCli } from '../context.js';
import { openSqliteStore } from '../../store/sqlite.js';
import { existsSync } from 'node:fs';

const purposeOf = (k: PublicKeyJwk) => k.purpose ?? 'card';

/** Writes a key action to the audit log when there is a registry to write it in. */
async function audit(dbPath: string, action: string, target: string, detail: string) {
  if (!existsSync(dbPath)) return;
  const store = openSqliteStore(dbPath);
  try {
    await auditCli(store, action, target, detail);
  } finally {
    store.close();
  }
}

export const key: Command = {
  name: 'key',
  summary: 'list, rotate or mark compromised the signing keys',
  usage: `cachet key list [--json]
cachet key rotate [--receipt] [--json]
cachet key compromise <kid> --since YYYY-MM-DD

  rotate      makes a new active key and retires the active one: it signs nothing new, and
              every card it signed still verifies. --receipt rotates the receipt key instead.
  compromise  marks a key compromised: cards dated on or after --since are forged (with the
              reason), older ones still verify with a warning. Rotate afterwards to sign again.
A running server picks the change up within seconds; redeploy the Worker (npm run deploy:edge).`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      receipt: { type: 'boolean' },
      since: { type: 'string' },
      json: { type: 'boolean' },
    });
    const config = loadNodeConfig();
    const [action, kid] = positionals;
    const today = dayToDate(instantToDay(new Date()));

    if (action === 'list') {
      const { keys } = await readJwks(config.keysDir);
      if (values.json) console.log(JSON.stringify(keys));
      else
        for (const k of keys) {
          const dates = `${k.validFrom}..${k.validTo ?? ''}`;
          const extra = k.compromisedSince ? ` compromised since ${k.compromisedSince}` : '';
          console.log(
            `${k.kid}  ${purposeOf(k).padEnd(7)}  ${k.status.padEnd(11)} ${dates}${extra}${k.development ? '  (development)' : ''}`,
          );
        }
      return 0;
    }

    if (action === 'rotate') {
      const purpose = values.receipt ? 'receipt' : 'card';
      const pair = await generateKeyPair({ validFrom: today, receipt: values.receipt });
      // The new key is stored before the old one retires: there is never a moment with none.
      await storeKeyPair(config.keysDir, pair);
      const retired: string[] = [];
      await updateJwks(config.keysDir, (keys) =>
        keys.map((k) => {
          if (k.kid === pair.publicJwk.kid || k.status !== 'active' || purposeOf(k) !== purpose)
            return k;
          retired.push(k.kid);
          return { ...k, status: 'retired', validTo: today };
        }),
      );
      await audit(
        config.dbPath,
        'key.rotate',
        pair.publicJwk.kid,
        `retired ${retired.join(', ') || 'none'}`,
      );
      if (values.json) console.log(JSON.stringify({ active: pair.publicJwk.kid, retired }));
      else {
        console.log(`New ${purpose} key ${pair.publicJwk.kid} is active (from ${today})`);
        for (const r of retired)
          console.log(`Retired ${r}: signs nothing new; its cards still verify`);
        console.log(`Published in ${jwksPath(config.keysDir)}`);
      }
      return 0;
    }

    if (action === 'compromise' && kid) {
      const since = required(values, 'since');
      dateToDay(since);
      let found = false;
      await updateJwks(config.keysDir, (keys) =>
        keys.map((k) => {
          if (k.kid !== kid) return k;
          found = true;
          return { ...k, status: 'compromised', compromisedSince: since };
        }),
      );
      if (!found)
        throw new CachetError('ERR_KEY_NOT_FOUND', `no key ${kid} in ${jwksPath(config.keysDir)}`);
      await audit(config.dbPath, 'key.compromise', kid, `since ${since}`);
      console.log(
        `Key ${kid} is compromised: cards dated ${since} or later are forged; older ones still verify, marked.`,
      );
      console.log('Run `cachet key rotate` to sign new cards with a fresh key.');
      return 0;
    }

    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'say list, rotate, or compromise <kid> --since DATE',
    );
  },
};
