// `cachet key`: the signing keys' lifecycle. Rotation retires the old key (its cards still
// verify); a compromise makes every card dated on or after a date `forged`. Both rewrite
// keys/jwks.json, which a running server reloads and serves at /.well-known/jwks.json.
import { existsSync } from 'node:fs';
import {
  CachetError,
  dayToDate,
  generateKeyPair,
  instantToDay,
  type KeyChangeImpact,
  type PublicKeyJwk,
} from '../../core/index.js';
import { readNodeConfig } from '../../config.js';
import { compromiseKeys, impactOf, refuseForging, rotateKeys } from '../../services/key-changes.js';
import { jwksPath, readJwks, storeKeyPair, updateJwks } from '../../store/key-files.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite.js';
import { JSON_OPTION, jsonOnly, parse, required, type Command, type OptionSpecs } from '../args.js';
import { auditCli } from '../context.js';
import { resolveDate } from '../relative-date.js';
import type { CommandGroup } from '../sub-commands.js';

const purposeOf = (k: PublicKeyJwk) => k.purpose ?? 'card';

/** Runs `work` with the registry when there is one (a machine may hold keys and no registry). */
async function withRegistry<T>(dbPath: string, work: (store: SqliteStore | null) => Promise<T>) {
  const store = existsSync(dbPath) ? openSqliteStore(dbPath, { setting: 'CACHET_DB' }) : null;
  try {
    return await work(store);
  } finally {
    store?.close();
  }
}

const cards = (n: number) => (n === 1 ? '1 registered card' : `${n} registered cards`);

/** The change's reach in words, for the lines a key command prints. */
function describeImpact(impact: KeyChangeImpact): string[] {
  const lines = [];
  const verb = (n: number, one: string, many: string) => `${cards(n)} ${n === 1 ? one : many}`;
  if (impact.forged) lines.push(`${verb(impact.forged, 'now reads', 'now read')} forged`);
  if (impact.warned) {
    lines.push(`${verb(impact.warned, 'still verifies', 'still verify')}, marked key-compromised`);
  }
  if (impact.restored) lines.push(`${verb(impact.restored, 'verifies', 'verify')} again`);
  return lines;
}

const PICKED_UP =
  'A running server picks the change up within seconds; redeploy the Worker (npm run deploy:edge).';

const list = jsonOnly({
  name: 'list',
  summary: 'the signing keys, with their purpose, status and dates',
  async run(json) {
    const { keys } = await readJwks(readNodeConfig(process.env).keysDir);
    if (json) console.log(JSON.stringify(keys));
    else
      for (const k of keys) {
        const dates = `${k.validFrom}..${k.validTo ?? ''}`;
        const extra = k.compromisedSince ? ` compromised since ${k.compromisedSince}` : '';
        console.log(
          `${k.kid}  ${purposeOf(k).padEnd(7)}  ${k.status.padEnd(11)} ${dates}${extra}${k.development ? '  (development)' : ''}`,
        );
      }
    return 0;
  },
});

const ROTATE_OPTIONS = {
  receipt: { type: 'boolean', help: 'the receipt key instead of the card key' },
  force: {
    type: 'boolean',
    help: 'even when registered cards are dated after the day the old key stops signing\n(without it nothing changes: those cards would read forged)',
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;

const rotate: Command = {
  name: 'rotate',
  summary: 'make a new active key, signing from today, and retire the active ones',
  options: ROTATE_OPTIONS,
  forms: [{ optional: ['receipt', 'force', 'json'] }],
  about: `Makes a new active key (signing from today) and retires the active one: it signs nothing
new, and every card it signed still verifies (a key whose dates start later keeps them).`,
  notes: PICKED_UP,
  async run(argv) {
    const { values } = parse(argv, ROTATE_OPTIONS);
    const config = readNodeConfig(process.env);
    const today = dayToDate(instantToDay(new Date()));
    const purpose = values.receipt ? 'receipt' : 'card';
    const pair = await generateKeyPair({ validFrom: today, receipt: values.receipt });
    const before = (await readJwks(config.keysDir)).keys;
    const { keys: after, retired } = rotateKeys(before, pair.publicJwk, today);
    return withRegistry(config.dbPath, async (store) => {
      // Counted before anything is written: a refused rotation leaves no new key behind.
      const impact = await impactOf(before, after, store?.admin() ?? null);
      if (!values.force) {
        try {
          refuseForging(impact, `retiring ${retired.join(', ')} today`);
        } catch (error) {
          const { message, code } = error as CachetError;
          throw new CachetError(code, `${message}. Run again with --force to retire it anyway`);
        }
      }
      // The new key is stored before the old one retires: there is never a moment with none.
      const change = async () => {
        await storeKeyPair(config.keysDir, pair);
        await updateJwks(config.keysDir, (keys) =>
          keys.map((k) => after.find((changed) => changed.kid === k.kid) ?? k),
        );
      };
      const detail = `retired ${retired.join(', ') || 'none'}${impact.forged ? `; forced: ${impact.forged} cards forged` : ''}`;
      await (store
        ? auditCli(store, 'key.rotate', { target: pair.publicJwk.kid }, change, () => detail)
        : change());
      if (values.json) {
        console.log(JSON.stringify({ active: pair.publicJwk.kid, retired, impact }));
        return 0;
      }
      console.log(`New ${purpose} key ${pair.publicJwk.kid} is active (from ${today})`);
      for (const kid of retired) {
        const k = after.find((a) => a.kid === kid)!;
        const window = k.validTo
          ? `cards dated to ${k.validTo}`
          : `its dates (from ${k.validFrom})`;
        console.log(`Retired ${kid}: signs nothing new; ${window} still verify`);
      }
      for (const line of describeImpact(impact)) console.log(`Forced: ${line}`);
      console.log(`Published in ${jwksPath(config.keysDir)}`);
      return 0;
    });
  },
};

const COMPROMISE_OPTIONS = {
  since: {
    type: 'string',
    value: 'DATE',
    help: 'the first issue date the key can no longer vouch for\n(YYYY-MM-DD, today, tomorrow or +Nd: N days from today, UTC)',
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;

const compromise: Command = {
  name: 'compromise',
  summary: 'mark a key compromised: cards dated from --since on read forged',
  options: COMPROMISE_OPTIONS,
  forms: [{ words: '<kid>', required: ['since'], optional: ['json'] }],
  about: `Marks a key compromised: cards dated on or after --since are forged (with the reason), older
ones still verify with a warning; it says how many cards of the registry each way, when there
are any. Rotate afterwards to sign again.`,
  notes: PICKED_UP,
  async run(argv) {
    const { values, positionals } = parse(argv, COMPROMISE_OPTIONS);
    const config = readNodeConfig(process.env);
    const kid = positionals[0]!;
    const since = resolveDate(required(values, 'since'), new Date());
    const before = (await readJwks(config.keysDir)).keys;
    let after: PublicKeyJwk[];
    try {
      after = compromiseKeys(before, kid, since);
    } catch (error) {
      if (error instanceof CachetError && error.code === 'ERR_KEY_NOT_FOUND') {
        throw new CachetError(
          'ERR_KEY_NOT_FOUND',
          `no key ${kid} in ${jwksPath(config.keysDir)} (see: cachet key list)`,
        );
      }
      throw error;
    }
    return withRegistry(config.dbPath, async (store) => {
      const impact = await impactOf(before, after, store?.admin() ?? null);
      const change = () => updateJwks(config.keysDir, () => after);
      const detail = `since ${since}; ${impact.forged} cards forged, ${impact.warned} warned`;
      await (store
        ? auditCli(store, 'key.compromise', { target: kid }, change, () => detail)
        : change());
      if (values.json) {
        console.log(JSON.stringify({ compromised: kid, since, impact }));
        return 0;
      }
      console.log(
        `Key ${kid} is compromised: cards dated ${since} or later are forged; older ones still verify, marked.`,
      );
      for (const line of describeImpact(impact)) console.log(`  ${line}`);
      console.log('Run `cachet key rotate` to sign new cards with a fresh key.');
      return 0;
    });
  },
};

export const key: CommandGroup = {
  name: 'key',
  summary: 'list, rotate or mark compromised the signing keys',
  subCommands: [list, rotate, compromise],
};
