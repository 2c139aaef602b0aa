// The issuance log on the Node server: its key file, its origin fixed by the first checkpoint,
// and its sequencer run every CACHET_LOG_INTERVAL_MS (never on a request).
import type { LogDeps } from '../app/deps.js';
import type { NodeConfig } from '../config.js';
import { wireLog } from '../services/log-wiring.js';
import { loadOrCreateLogKey } from '../store/log-key.js';
import { SqlLogStore } from '../store/log-sql.js';
import type { SqliteStore } from '../store/sqlite.js';

/** The setting that keeps the log's origin once its first checkpoint is signed. */
const LOG_ORIGIN = 'log-origin';

export interface NodeLog {
  /** What the app serves the log from. */
  deps: LogDeps;
  /** One step now: places what is pending, signs and asks the witnesses; a failure is said. */
  integrate(): Promise<void>;
  /** Stops the timer. */
  stop(): void;
}

/** Starts the log of the server whose cards point to `origin`, with a first step done. */
export async function startNodeLog(
  store: SqliteStore,
  config: Pick<NodeConfig, 'keysDir' | 'logWitnesses' | 'logIntervalMs'>,
  origin: string,
): Promise<NodeLog> {
  // The log's origin is fixed by its first checkpoint: a later CACHET_PUBLIC_URL does not fork it.
  const key = await loadOrCreateLogKey(config.keysDir);
  const logOrigin = (await store.getSetting(LOG_ORIGIN)) ?? `${new URL(origin).host}/log`;
  await store.setSetting(LOG_ORIGIN, logOrigin);
  // Witnesses, when configured, are asked to cosign each new checkpoint (never on a request).
  const log = await wireLog({
    store: new SqlLogStore(store.sql),
    origin: logOrigin,
    key,
    witnesses: config.logWitnesses,
  });
  const integrate = () =>
    log.step(new Date()).then(
      () => undefined,
      (error: unknown) =>
        console.error(`cachet: the log could not sign a checkpoint: ${(error as Error).message}`),
    );
  await integrate();
  const timer = setInterval(() => void integrate(), config.logIntervalMs).unref();
  return {
    deps: { store: log.store, vkey: log.vkey },
    integrate,
    stop: () => clearInterval(timer),
  };
}
