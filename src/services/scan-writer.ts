// Counted scans, written to the registry off the request path, wired once for Node and Workers:
// the scans of many requests share one write, a write that fails keeps them for the next, and a
// UTC day that has ended leaves the scan log only once its scans are written.
import { ScanBatcher, type AdminStore, type ScanEvent, type Store } from '../core/index.js';

/** The registry's side of the scan log, as far as writing it goes. */
export interface ScanWriterDeps {
  store: Pick<Store, 'recordScans'>;
  admin: Pick<AdminStore, 'endScanDays'>;
}

export interface ScanWriter {
  /** Counts one scan (the app's `recordScan`): nothing is written on the request. */
  record(event: ScanEvent): void;
  /**
   * Writes `flushMs` from now, so that the scans of many requests share one write. The promise
   * of a newly scheduled write (for a Worker's waitUntil), or undefined when one is already
   * scheduled or nothing is pending.
   */
  writeSoon(): Promise<void> | undefined;
  /** Writes every scan pending now, after any write already under way. */
  flush(): Promise<void>;
  /**
   * Writes what is pending, then ends every UTC day before `now`'s: each day's scanner hashes
   * fold into per-day counts and its key is deleted.
   */
  endScanDays(now: Date): Promise<void>;
  /** Scans counted and not yet written. */
  readonly pending: number;
  /** How long scans gather before one write (CACHET_SCAN_FLUSH_MS). */
  readonly flushMs: number;
}

/** The scan writer over `deps`, writing at most once every `flushMs`. */
export function createScanWriter(deps: ScanWriterDeps, flushMs: number): ScanWriter {
  const batcher = new ScanBatcher(
    (batch) => deps.store.recordScans(batch),
    (error) => console.error(`cachet: scans kept for the next write: ${(error as Error).message}`),
  );
  return {
    record: (event) => batcher.add(event),
    writeSoon: () => batcher.flushSoon(flushMs),
    flush: () => batcher.flush(),
    endScanDays: async (now) => {
      await batcher.flush();
      await deps.admin.endScanDays(now.toISOString().slice(0, 10));
    },
    get pending() {
      return batcher.pending;
    },
    flushMs,
  };
}
