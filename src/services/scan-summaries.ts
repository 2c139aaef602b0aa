// Scan summaries, remembered for a few seconds per serial. A viral card is checked thousands of
// times a minute and its scan rows grow all day; the counts move only when a batch is written
// (once a second), so re-reading them on every check would cost the registry for nothing.
import { ExpiringMap, type ScanSummary, type Store } from '../core/index.js';

export class ScanSummaries {
  readonly #store: Store;
  readonly #entries: ExpiringMap<string, Promise<ScanSummary>>;

  constructor(store: Store, ttlMs = 5_000, max = 10_000) {
    this.#store = store;
    this.#entries = new ExpiringMap(max, ttlMs);
  }

  /** The summary of `serial`, at most `ttlMs` old. */
  get(serial: string, now: number): Promise<ScanSummary> {
    const hit = this.#entries.get(serial, now);
    if (hit) return hit;
    const summary = this.#store.summariseScans(serial);
    // A failed read is not remembered: the next check asks again.
    summary.catch(() => this.#entries.delete(serial));
    this.#entries.set(serial, summary, now);
    return summary;
  }
}
