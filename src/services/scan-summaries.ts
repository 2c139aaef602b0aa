// Scan summaries, remembered for a few seconds per serial. A viral card is checked thousands of
// times a minute and its scan rows grow all day; the counts move only when a batch is written
// (once a second), so re-reading them on every check would cost the registry for nothing.
import type { ScanSummary, Store } from '../core/index.js';

export class ScanSummaries {
  readonly #store: Store;
  readonly #ttlMs: number;
  readonly #max: number;
  #entries = new Map<string, { at: number; summary: Promise<ScanSummary> }>();

  constructor(store: Store, ttlMs = 5_000, max = 10_000) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** The summary of `serial`, at most `ttlMs` old. */
  get(serial: string, now: number): Promise<ScanSummary> {
    const hit = this.#entries.get(serial);
    if (hit && now - hit.at < this.#ttlMs) return hit.summary;
    this.#entries.delete(serial);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    const summary = this.#store.summariseScans(serial);
    // A failed read is not remembered: the next check asks again.
    summary.catch(() => this.#entries.delete(serial));
    this.#entries.set(serial, { at: now, summary });
    return summary;
  }
}
