// Counted scans, written to the registry off the request path, wired once for Node and Workers:
// the scans of many requests share one write, a write that fails keeps them for the next, and a
// UTC day that has ended leaves the scan log only once its scans are written.
import {
  ScanBatcher,
  type AdminStore,
  type ScanCount,
  type ScanEvent,
  type Store,
} from '../core/index.js';

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

/**
 * Scans kept in memory at most while the registry refuses writes (a full disk): beyond, a scan
 * is counted as dropped rather than kept. About 100 bytes each: 10 MB at most.
 */
export const SCANS_KEPT_AT_MOST = 100_000;

/** The registry's side of the scan log, as far as writing it goes. */
export interface ScanWriterDeps {
  store: Pick<Store, 'recordScans'>;
  admin: Pick<AdminStore, 'endScanDays'>;
}

/** The scan batcher over the registry, writing at most once every `flushMs` (CACHET_SCAN_FLUSH_MS). */
export class ScanWriter extends ScanBatcher implements ScanSink {
  readonly #admin: ScanWriterDeps['admin'];
  readonly flushMs: number;

  /** True from a failed write to the next one that succeeds: the failure is said once. */
  #failing = false;
  /** Scans kept and not yet handed to a write (what `pending` counts, without walking them). */
  #kept = 0;
  /** Scans not kept since the writes began failing, because `keptAtMost` were pending. */
  #dropped = 0;

  /** Scans kept at most while writes fail (SCANS_KEPT_AT_MOST unless told). */
  readonly keptAtMost: number;

  constructor(deps: ScanWriterDeps, flushMs: number, options: { keptAtMost?: number } = {}) {
    // The batcher calls back only after this constructor has returned.
    let self!: ScanWriter;
    super(
      (batch) => self.#write(deps.store, batch),
      (error) => self.#failed(error),
    );
    self = this;
    this.keptAtMost = options.keptAtMost ?? SCANS_KEPT_AT_MOST;
    this.#admin = deps.admin;
    this.flushMs = flushMs;
  }

  async #write(store: ScanWriterDeps['store'], batch: ScanCount[]): Promise<void> {
    for (const entry of batch) this.#kept -= entry.count; // a batch that fails is added back
    await store.recordScans(batch);
    if (this.#failing) {
      const dropped = this.#dropped ? `; ${this.#dropped} scans were not kept meanwhile` : '';
      console.error(`cachet: scans are written again${dropped}`);
    }
    this.#failing = false;
    this.#dropped = 0;
  }

  #failed(error: unknown): void {
    if (!this.#failing) {
      console.error(
        `cachet: scans kept for the next write (at most ${this.keptAtMost}; said again once written): ${(error as Error).message}`,
      );
    }
    this.#failing = true;
  }

  /**
   * Counts a scan, unless writes are failing and `keptAtMost` are already kept: then it is
   * counted as dropped (and said when writes resume), so a long outage cannot fill the memory.
   */
  override add(event: ScanEvent): void {
    if (this.#failing && this.#kept >= this.keptAtMost) {
      this.#dropped++;
      return;
    }
    this.#kept++;
    super.add(event);
  }

  /** Scans not kept since the writes began failing (0 while they succeed). */
  get dropped(): number {
    return this.#dropped;
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
