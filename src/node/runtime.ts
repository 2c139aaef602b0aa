// The Node runtime's parts, for the server and the CLI alike: the SQLite registry and the keys
// from files (with a first run's development and receipt keys).
import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import {
  CachetError,
  dayToDate,
  generateKeyPair,
  instantToDay,
  showControls,
} from '../core/index.js';
import type { NodeConfig } from '../config.js';
import { loadKeyring, loadSigner, loadSigningKeys, storeKeyPair } from '../store/key-files.js';
import {
  checkRegistry,
  FATAL_CHECKS,
  registryDamaged,
  type CheckName,
  type RegistryProblem,
} from '../store/registry-check.js';
import { compareSchema } from '../store/registry-schema.js';
import { openSqliteStore, sqliteDb, type SqliteStore } from '../store/sqlite.js';
import { sqliteHeaderProblem } from '../store/sqlite-header.js';
import { inSnapshot, sqliteCheckPorts } from './registry-ports.js';

/**
 * The keys: the keyring, and the card and receipt signers. With `firstRun` (the server's start)
 * a machine with no key of a kind gets one (a development key for cards); CLI commands never
 * make one behind the user's back.
 */
export async function loadNodeKeys(
  config: NodeConfig,
  options: { firstRun?: boolean; log?: (line: string) => void } = {},
) {
  const log = options.log ?? (() => {});
  let keyring = await loadKeyring(config.keysDir);
  const today = dayToDate(instantToDay(new Date()));
  const has = (purpose: 'card' | 'receipt') => keyring.keys.some((k) => k.purpose === purpose);
  if (options.firstRun && !has('card') && !config.signingKey) {
    const pair = await generateKeyPair({ validFrom: today, development: true });
    await storeKeyPair(config.keysDir, pair);
    log(
      `Made a DEVELOPMENT key ${pair.publicJwk.kid} in ${config.keysDir}/ (for trying Cachet out, never for real cards)`,
    );
    keyring = await loadKeyring(config.keysDir);
  }
  // Receipts need their own key; one is made on first start, as the signing key is.
  if (options.firstRun && !has('receipt') && !config.receiptKey) {
    const pair = await generateKeyPair({ validFrom: today, receipt: true });
    await storeKeyPair(config.keysDir, pair);
    log(`Made a receipt key ${pair.publicJwk.kid} in ${config.keysDir}/`);
    keyring = await loadKeyring(config.keysDir);
  }
  const signers = await loadSigningKeys(config.keysDir, keyring, config.signingKey);
  const receiptSigner = await loadSigner(config.keysDir, keyring, config.receiptKey, 'receipt');
  return { keyring, signers, receiptSigner };
}

/**
 * Opens the registry and the keys (see loadNodeKeys). A registry whose schema is not Cachet's (a
 * trigger, a view, a table gone) is refused before anything reads or writes it. At the server's
 * start (`firstRun`) the registry's quick check runs too: a damaged file or log refuses the start
 * (ERR_REGISTRY_DAMAGED, naming the check and the way out); any other problem is a warning and
 * the start goes on.
 */
export async function openNodeRuntime(
  config: NodeConfig,
  options: { firstRun?: boolean; log?: (line: string) => void } = {},
) {
  await refuseForeignSchema(config.dbPath);
  const store = openSqliteStore(config.dbPath, { setting: 'CACHET_DB' });
  try {
    const keys = await loadNodeKeys(config, options);
    if (options.firstRun) await checkAtStart(store, config, options.log ?? (() => {}));
    return { store, ...keys };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * The schema check on the file as it is, read-only, before it is opened to be migrated and
 * served: the store prepares its statements at open, and a view or trigger would run in them. A
 * file that cannot be opened so is left to the open, which says why (damage, a full disk).
 */
async function refuseForeignSchema(path: string): Promise<void> {
  if (path === ':memory:' || !(statSync(path, { throwIfNoEntry: false })?.size ?? 0)) return;
  if (sqliteHeaderProblem(path)) return;
  let findings: Awaited<ReturnType<typeof compareSchema>>;
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    findings = await compareSchema(sqliteDb(db));
  } catch {
    return;
  } finally {
    db?.close();
  }
  if (findings.length > 0) throw refusal(path, 'schema', findings);
}

/** The one-line refusal naming the first of `found` and how many more, with the way out. */
function refusal(
  path: string,
  check: CheckName,
  found: readonly { subject?: string; message: string }[],
) {
  const first = found[0]!;
  const more = found.length > 1 ? `; and ${found.length - 1} more` : '';
  return registryDamaged(
    path,
    check,
    showControls(`${first.subject ? `${first.subject}: ` : ''}${first.message}${more}`),
  );
}

/** The log key's own findings: the log's start refuses them in words of its own (log-timer.ts). */
const aboutLogKey = (p: RegistryProblem) =>
  p.check === 'keys' && (p.subject === 'log' || /^checkpoint \d+$/.test(p.subject ?? ''));

/** The quick form of the registry check, as each start runs it. */
async function checkAtStart(
  store: SqliteStore,
  config: NodeConfig,
  log: (line: string) => void,
): Promise<void> {
  const ports = await sqliteCheckPorts(store.db, {
    keysDir: config.keysDir,
    signingKey: config.signingKey,
    receiptKey: config.receiptKey,
  });
  const report = await inSnapshot(store.db, () => checkRegistry(ports, { quick: true }));
  // A disk that could not be read is not a damaged registry: said as what it is, no restore.
  const unreadable = report.problems.find((p) => p.unreadable);
  if (unreadable) {
    throw new CachetError(
      'ERR_NOT_AVAILABLE',
      `the registry ${config.dbPath}: ${showControls(unreadable.message)}`,
    );
  }
  const fatal = report.problems.filter((p) => FATAL_CHECKS.includes(p.check));
  if (fatal.length > 0) throw refusal(config.dbPath, fatal[0]!.check, fatal);
  for (const p of report.problems) {
    if (aboutLogKey(p)) continue;
    log(
      showControls(
        `warning: registry check: ${p.check}${p.subject ? ` ${p.subject}` : ''}: ${p.message}`,
      ),
    );
  }
}
