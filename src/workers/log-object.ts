// The issuance log on Workers: entries in D1 (written with each card), tiles and checkpoints in
// R2, and its one sequencer a Durable Object, so that one step runs at a time for the whole
// deployment.
import { base64url } from 'jose';
import { CachetError, importEd25519PrivateJwk } from '../core/index.js';
import { readWorkerConfig, type WorkerConfig } from '../config.js';
import { wireLog, type WiredLog } from '../services/log-wiring.js';
import { D1Store } from '../store/d1.js';
import { D1R2LogStore } from '../store/log-r2.js';
import type { DurableObjectState, Env } from './env.js';

/** The log of this Worker, or null when it keeps none (no CACHET_LOG_KEY, or no binding). */
export async function workerLog(
  env: Env,
  store: D1Store,
  config: Pick<WorkerConfig, 'log' | 'logWitnesses'>,
): Promise<WiredLog | null> {
  if (!config.log || !env.LOG || !env.LOG_BUCKET) return null;
  const { key, origin } = config.log;
  return wireLog({
    store: new D1R2LogStore(store.sql, env.LOG_BUCKET),
    origin,
    key: {
      publicKey: base64url.decode(key.x),
      privateKey: await importEd25519PrivateJwk(key.x, key.d),
    },
    witnesses: config.logWitnesses,
  });
}

/** Wakes the log's sequencer: it places what is pending and signs a checkpoint. */
export function wakeLog(env: Env): Promise<unknown> {
  if (!env.LOG) return Promise.resolve();
  const stub = env.LOG.get(env.LOG.idFromName('log'));
  return stub.fetch('https://log.internal/integrate', { method: 'POST' }).catch(() => undefined);
}

/**
 * The log's one sequencer (wrangler.toml's `LOG` binding). A wake-up runs a step; while entries
 * are left, an alarm runs the next in a second.
 */
export class LogSequencerObject {
  readonly #storage: DurableObjectState['storage'];
  readonly #env: Env;
  /** The log, opened on the first step; an opening that failed is tried again on the next. */
  #log: Promise<WiredLog> | undefined;

  constructor(state: DurableObjectState, env: Env) {
    this.#storage = state.storage;
    this.#env = env;
  }

  async fetch(): Promise<Response> {
    return new Response(`${await this.#step()}\n`);
  }

  async alarm(): Promise<void> {
    await this.#step();
  }

  async #step(): Promise<number> {
    this.#log ??= (async () => {
      const env = this.#env;
      const log = await workerLog(env, new D1Store(env.DB), readWorkerConfig(env));
      if (!log) throw new CachetError('ERR_NOT_AVAILABLE', 'this Worker keeps no issuance log');
      return log;
    })().catch((error: unknown) => {
      this.#log = undefined;
      throw error;
    });
    const log = await this.#log;
    const size = await log.step(new Date());
    if ((await log.store.pendingEntries(1)).length > 0) {
      await this.#storage.setAlarm(Date.now() + 1000);
    }
    return size;
  }
}
