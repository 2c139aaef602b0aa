// An isolate's counted scans sent to the cards' aggregators (the SCANS Durable Objects) instead
// of D1: one batch per card each flush, to this isolate's shard of it; a batch that fails is
// sent again with the same id, so that an aggregator that did count it counts it once.
import {
  aggregatorName,
  toHex,
  type AdminStore,
  type CardState,
  type ScanBatch,
  type ScanBatchAck,
  type ScanCount,
  type ScanEvent,
} from '../core/index.js';
import type { ScanSink } from '../services/scan-writer.js';
import type { DurableObjectNamespace } from './env.js';
import { AGGREGATOR_HEADER } from './scan-object.js';

/**
 * Aggregators one flush calls at most: half the 50 subrequests a Free-plan invocation may make
 * (https://developers.cloudflare.com/workers/platform/limits/#subrequests), the rest left for
 * the request's own work. Cards past it wait for the next flush.
 */
export const MAX_AGGREGATOR_CALLS = 25;
/** Rounds one scheduled flush makes while batches are left (failed, or past the cap). */
const FLUSH_ROUNDS = 5;

/** How a batch reaches an aggregator: the Durable Object's fetch, or a test's stand-in. */
export type SendBatch = (name: string, batch: ScanBatch) => Promise<ScanBatchAck>;

/** Sends a batch to the SCANS object named `name`; throws unless it answers 200. */
export function durableObjectSender(namespace: DurableObjectNamespace): SendBatch {
  return async (name, batch) => {
    const stub = namespace.get(namespace.idFromName(name));
    const response = await stub.fetch('https://scans.internal/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [AGGREGATOR_HEADER]: name },
      body: JSON.stringify(batch),
    });
    if (!response.ok) throw new Error(`scan aggregator ${name} answered ${response.status}`);
    return (await response.json()) as ScanBatchAck;
  };
}

export interface ScanForwarderOptions {
  send: SendBatch;
  /** CACHET_SCAN_SHARDS: this isolate picks one shard of each card, once, at random. */
  shards: number;
  /** CACHET_SCAN_FLUSH_MS. */
  flushMs: number;
  /** Ends the registry's scan days (the cron): the aggregators write their late scans after. */
  admin: Pick<AdminStore, 'endScanDays'>;
  /** Each answer's card state, for the isolate's card cache. */
  onCardState(state: CardState): void;
  /** A batch that could not be sent (it is kept and sent again). */
  onError?(error: unknown): void;
  /** At most this many aggregators per flush (default MAX_AGGREGATOR_CALLS). */
  maxCalls?: number;
}

/** The isolate's scans, per card, until sent to that card's aggregator shard. */
export class ScanForwarder implements ScanSink {
  readonly shard: number;
  readonly #o: ScanForwarderOptions;
  /** Scans not yet in a batch, per serial. */
  #pending = new Map<string, Map<string, ScanCount>>();
  /** Batches sent and not acknowledged: sent again as they are. */
  #unsent: ScanBatch[] = [];
  #scheduled: Promise<void> | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(options: ScanForwarderOptions) {
    this.#o = options;
    this.shard = Math.floor(Math.random() * options.shards);
  }

  add(event: ScanEvent): void {
    let scans = this.#pending.get(event.serial);
    if (!scans) this.#pending.set(event.serial, (scans = new Map()));
    const key = `${event.minute}|${event.channel}|${event.country}|${event.scanner}`;
    const entry = scans.get(key);
    if (entry) entry.count++;
    else scans.set(key, { ...event, count: 1 });
  }

  get pending(): number {
    let n = 0;
    for (const scans of this.#pending.values()) for (const s of scans.values()) n += s.count;
    for (const batch of this.#unsent) for (const s of batch.scans) n += s.count;
    return n;
  }

  /** Batches waiting to be sent again after a failure. */
  get unsent(): number {
    return this.#unsent.length;
  }

  writeSoon(): Promise<void> | undefined {
    if (this.#scheduled || this.pending === 0) return undefined;
    this.#scheduled = (async () => {
      for (let round = 0; round < FLUSH_ROUNDS && this.pending > 0; round++) {
        await new Promise((resolve) => setTimeout(resolve, this.#o.flushMs));
        await this.flush();
      }
    })().finally(() => {
      this.#scheduled = undefined;
    });
    return this.#scheduled;
  }

  /**
   * Sends batches to at most `maxCalls` aggregators: those that failed before first (same ids),
   * then one new batch per card. A batch that fails is kept for the next flush as it is.
   */
  flush(): Promise<void> {
    this.#inFlight = this.#inFlight.then(async () => {
      const max = this.#o.maxCalls ?? MAX_AGGREGATOR_CALLS;
      const batches = this.#unsent.splice(0, max);
      for (const [serial, scans] of this.#pending) {
        if (batches.length >= max) break;
        this.#pending.delete(serial);
        const id = toHex(crypto.getRandomValues(new Uint8Array(16)));
        batches.push({ batchId: id, scans: [...scans.values()] });
      }
      await Promise.all(
        batches.map(async (batch) => {
          const name = aggregatorName(batch.scans[0]!.serial, this.shard);
          try {
            const ack = await this.#o.send(name, batch);
            this.#o.onCardState(ack.card);
          } catch (error) {
            this.#unsent.push(batch);
            (this.#o.onError ?? reportError)(error);
          }
        }),
      );
    });
    return this.#inFlight;
  }

  async endScanDays(now: Date): Promise<void> {
    await this.flush();
    await this.#o.admin.endScanDays(now.toISOString().slice(0, 10));
  }
}

function reportError(error: unknown): void {
  console.error(`cachet: scans kept for the next send: ${(error as Error).message}`);
}
