// What one flush of a card's scan aggregator writes to the registry, in one transaction.
import type { ScanCount } from './scans.js';

/** One shard's whole sketch of one day's scanner hashes (src/core/scan-sketch.ts). */
export interface DaySketch {
  /** YYYY-MM-DD, UTC. */
  day: string;
  registers: Uint8Array;
}

/** What one aggregator writes at once: exact counts, and the sketches behind its estimates. */
export interface ScanFlush {
  /** aggregatorName(serial, shard): whose flushes `seq` numbers. */
  aggregator: string;
  serial: string;
  shard: number;
  /**
   * Increases by one with each flush of this aggregator and is kept when a flush is tried again:
   * the registry adds the counts of a flush it has already written no second time.
   */
  seq: number;
  /** Counts to add, per minute, channel and country; the scanner is always ''. */
  counts: ScanCount[];
  /** The shard's sketch of each day whose scanners changed since its last flush. */
  sketches: DaySketch[];
}

/** What a flush did to the registry. */
export interface ScanFlushResult {
  /** False when the registry had written this flush before (a retry): its counts were skipped. */
  counted: boolean;
  /** Statements in the one transaction. */
  statements: number;
  /** The merged estimate of distinct scanners of each day the flush carried a sketch of. */
  estimates: { day: string; scanners: number }[];
}
