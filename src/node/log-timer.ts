// The issuance log on the Node server: its key file, its origin fixed by the first checkpoint,
// and its sequencer run every CACHET_LOG_INTERVAL_MS (never on a request).
import { existsSync } from 'node:fs';
import type { LogDeps } from '../app/deps.js';
import {
  CachetError,
  noteKey,
  openNote,
  parseCheckpoint,
  parseNote,
  SIG_ED25519,
  verifyEd25519,
} from '../core/index.js';
import type { NodeConfig } from '../config.js';
import { wireLog } from '../services/log-wiring.js';
import { loadOrCreateLogKey, logKeyPath, type LogKey } from '../store/log-key.js';
import { SqlLogStore } from '../store/log-sql.js';
import type { SqliteStore } from '../store/sqlite.js';

/** The setting that keeps the log's origin once its first checkpoint is signed. */
const LOG_ORIGIN = 'log-origin';

export interface NodeLog {
  /** What the app serves the log from. */
  deps: LogDeps;
  /**
   * One step now: places what is pending and signs, then asks the witnesses without waiting for
   * them; a failure is said once.
   */
  integrate(): Promise<void>;
  /** Stops the timer. */
  stop(): void;
}

/**
 * A failure said once as it begins (`failed`) and once as it ends (`ok`), not on every try
 * between.
 */
function sayOnce(what: string, again: string) {
  let failing = false;
  return {
    ok: () => {
      if (failing) console.error(`cachet: ${again}`);
      failing = false;
    },
    failed: (error: unknown) => {
      if (!failing) console.error(`cachet: ${what}: ${(error as Error).message}`);
      failing = true;
    },
  };
}

/**
 * The newest checkpoint verifies under the key in `path`: another machine's log.jwk would sign
 * the next checkpoint under the same origin with another key, a fork to every monitor.
 * @throws CachetError `ERR_KEY_INVALID` naming the checkpoint and the way out.
 */
async function refuseOtherKey(
  signed: { size: number; note: string },
  key: LogKey,
  path: string,
): Promise<void> {
  const origin = parseCheckpoint(parseNote(signed.note).text).origin;
  const verifies = await openNote(signed.note, [
    await noteKey(origin, SIG_ED25519, key.publicKey),
  ]).then(
    () => true,
    () => false,
  );
  // The private half must be the public one's: a signature made now must verify under it.
  const probe = new TextEncoder().encode(`${origin}\n`);
  const paired =
    verifies &&
    (await verifyEd25519(
      key.publicKey,
      probe,
      new Uint8Array(await crypto.subtle.sign('Ed25519', key.privateKey, probe)),
    ).catch(() => false));
  if (!paired) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      `the log key ${path} is not the key that signed the log's checkpoint ${signed.size}: signing with it would fork the published log. Put back the log.jwk that signed it (\`cachet restore <backup>\` with the backup's passphrase restores it into an empty data folder, or copy it from where it is kept), then start again`,
    );
  }
}

/** Starts the log of the server whose cards point to `origin`, with a first step done. */
export async function startNodeLog(
  store: SqliteStore,
  config: Pick<NodeConfig, 'keysDir' | 'logWitnesses' | 'logIntervalMs'>,
  origin: string,
): Promise<NodeLog> {
  // A log that has signed checkpoints goes on under its own key only: a new key would start
  // another log under the same origin, which every monitor would report as a fork.
  const logStore = new SqlLogStore(store.sql);
  const path = logKeyPath(config.keysDir);
  const signed = await logStore.latestCheckpoint();
  if (signed && !existsSync(path)) {
    throw new CachetError(
      'ERR_KEY_NOT_FOUND',
      `the issuance log has signed ${signed.size} entries, but its key ${path} is missing: a new key would fork the published log. Put the log key back (\`cachet restore <backup>\` with the backup's passphrase restores it into an empty data folder, or copy log.jwk from where it is kept), then start again`,
    );
  }
  // The log's origin is fixed by its first checkpoint: a later CACHET_PUBLIC_URL does not fork it.
  const key = await loadOrCreateLogKey(config.keysDir);
  if (signed) await refuseOtherKey(signed, key, path);
  const logOrigin = (await store.getSetting(LOG_ORIGIN)) ?? `${new URL(origin).host}/log`;
  await store.setSetting(LOG_ORIGIN, logOrigin);
  // Witnesses, when configured, are asked to cosign each new checkpoint (never on a request).
  const log = await wireLog({
    store: logStore,
    origin: logOrigin,
    key,
    witnesses: config.logWitnesses,
  });
  // A failure is said once, not every interval while it lasts (a full disk), and its end too.
  const signing = sayOnce(
    `the log could not sign a checkpoint (tried again every ${config.logIntervalMs} ms; said again once it signs)`,
    'the log signs checkpoints again',
  );
  const keeping = sayOnce(
    'a cosignature could not be kept (asked again on the next step)',
    'cosignatures are kept again',
  );
  // The witnesses are asked after each step without holding the next one up: a slow witness
  // (up to WITNESS_TIMEOUT_MS) delays neither the start nor the next checkpoint.
  const integrate = () =>
    log
      .integrate(new Date())
      .then(signing.ok, signing.failed)
      .then(() => void log.cosign().then(keeping.ok, keeping.failed));
  await integrate();
  const timer = setInterval(() => void integrate(), config.logIntervalMs).unref();
  return {
    deps: { store: log.store, vkey: log.vkey },
    integrate,
    stop: () => clearInterval(timer),
  };
}
