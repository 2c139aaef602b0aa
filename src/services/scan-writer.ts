// Counted scans, written to the registry off the request path, wired once for Node and Workers:
// the scans of many requests share one write, a write that fails keeps them for the next, and a
// UTC day that has ended leaves the scan log only once its scans are written.
import { ScanBatcher, type AdminStore, type ScanEvent, type Store } from '../core/index.js';

/** Where a runtime's counted scans go: straight to the registry, or to the cards' aggregators. */
export interface ScanSink {
  add(event: ScanEvent): void;
  /** Scans added and not yet handed on. */
  readonly pending: number;
  /** Hands on what is pending soon; the promise for a Worker's waitUntil, if newly scheduled. */
  writeSoon(): Promise<void> | undefined;
  /** Hands on what is pending, then ends every UTC day before `now`'s. */
  endScanDays(now: Date): Promise<void>;
}

/** The registry's side of the scan log, as far as writing it goes. */
export interface ScanWriterDeps {
  store: Pick<Store, 'recordScans'>;
  admin: Pick<AdminStore, 'endScanDays'>;
}

/** The scan batcher over the registry, writing at most once every `flushMs` (CACHET_SCAN_FLUSH_MS). */
export class ScanWriter extends ScanBatcher implements ScanSink {
  readonly #admin: ScanWriterDeps['admin'];
  readonly flushMs: number;

  constructor(deps: ScanWriterDeps, flushMs: number) {
    super(
      (batch) => deps.store.recordScans(batch),
      (error) =>
        console.error(`cachet: scans kept for the next write: ${(error as Error).message}`),
    );
    this.#admin = deps.admin;
    this.flushMs = flushMs;
  }

  /**
   * Writes `flushMs` from now, so that the scans of many requests share one write. The promise
   * of a newly scheduled write (for a Worker's waitUntil), or undefined when one is already
   * scheduled or nothing is pending.
   */
  writeSoon(): Promise<void> | undefined {
    return this.flushSoon(this.flushMs);
  }

  /**
   * Writes what is pending, then ends every UTC day before `now`'s: each day's scanner hashes
   * fold into per-day counts and its key is deleted.
   */
  async endScanDays(now: Date): Promise<void> {
    await this.flush();
    await this.#admin.endScanDays(now.toISOString().slice(0, 10));
  }
}
