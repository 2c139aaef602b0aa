// What an isolate hands a card's scan aggregator and what it answers: the protocol between the
// Workers' isolates and the per-card Durable Objects that merge their scans and write D1 rarely.
import type { ScanCount } from './scans.js';

/** One isolate's scans of one card since its last batch, sent to one shard of the card's aggregator. */
export interface ScanBatch {
  /**
   * 32 hex digits, random per batch and kept when the batch is sent again: an aggregator that has
   * counted a batch counts it once, however often a lost answer makes the isolate resend it.
   */
  batchId: string;
  /** All of one serial. */
  scans: ScanCount[];
}

/** What a card's registry row says about its revocation, and when the registry was read. */
export interface CardState {
  serial: string;
  /** When the card was revoked (ISO 8601), or null while it stands. */
  revokedAt: string | null;
  /** When this state was read from the registry (ms since the epoch). */
  knownAt: number;
}

/** An aggregator's answer to a batch. */
export interface ScanBatchAck {
  /** True when this batch id was counted before: nothing was added this time. */
  duplicate: boolean;
  /** The card's revocation as the aggregator last read it (at most a second old when sent). */
  card: CardState;
}

/** The name of the aggregator object for one shard of one card. */
export function aggregatorName(serial: string, shard: number): string {
  return `${serial}:${shard}`;
}
