// The Node runtime's parts, for the server and the CLI alike: the SQLite registry and the keys
// from files (with a first run's development and receipt keys).
import { dayToDate, generateKeyPair, instantToDay } from '../core/index.js';
import type { NodeConfig } from '../config.js';
import { loadKeyring, loadSigner, loadSigningKeys, storeKeyPair } from '../store/key-files.js';
import { checkRegistry, FATAL_CHECKS, registryDamaged } from '../store/registry-check.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite.js';
import { sqliteCheckPorts } from './registry-ports.js';

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
 * Opens the registry and the keys (see loadNodeKeys). At the server's start (`firstRun`) the
 * registry's quick check runs too: a damaged file or log refuses the start (ERR_REGISTRY_DAMAGED,
 * naming the check and the way out); any other problem is a warning and the start goes on.
 */
export async function openNodeRuntime(
  config: NodeConfig,
  options: { firstRun?: boolean; log?: (line: string) => void } = {},
) {
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
  const report = await checkRegistry(ports, { quick: true });
  const fatal = report.problems.filter((p) => FATAL_CHECKS.includes(p.check));
  if (fatal.length > 0) {
    const first = fatal[0]!;
    const more = fatal.length > 1 ? `; and ${fatal.length - 1} more` : '';
    throw registryDamaged(
      config.dbPath,
      first.check,
      `${first.subject ? `${first.subject}: ` : ''}${first.message}${more}`,
    );
  }
  for (const p of report.problems) {
    log(`warning: registry check: ${p.check}${p.subject ? ` ${p.subject}` : ''}: ${p.message}`);
  }
}
