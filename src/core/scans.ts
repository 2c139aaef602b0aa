// Scans are counted off the request path: a verification adds to a batch in memory, and the
// runtime writes batches later (a timer on Node, waitUntil on Workers).

/** Where a check came from: the verdict page, the JSON API, an image, or a typed serial. */
export type ScanChannel = 'page' | 'api' | 'image' | 'serial';

/** One public check of a card whose signature held. Nothing in it identifies who scanned. */
export interface ScanEvent {
  /** 16 hex digits. */
  serial: string;
  /** The minute of the check, YYYY-MM-DDTHH:MM in UTC. */
  minute: string;
  channel: ScanChannel;
  /** ISO 3166-1 alpha-2 when the edge says, '' otherwise. */
  country: string;
  /**
   * The distinct-scanner hash, HMAC-SHA256(day key, ip ‖ user agent ‖ serial) cut to 16 bytes
   * (hex): the same person checking the same card on one day gives the same value, and nothing
   * links it to them once the day key is destroyed. '' when there is no client (the CLI).
   */
  scanner: string;
}

export interface ScanCount extends ScanEvent {
  count: number;
}

/** What the registry knows of a serial's checks. */
export interface ScanSummary {
  count: number;
  /** The minute of the first recorded check, or null when none is recorded yet. */
  since: string | null;
  /** Distinct countries the edge reported. */
  countries: number;
  /** The most distinct scanners on any one UTC day. */
  peakScanners: number;
}

/** The minute of an instant, as scans are counted. */
export function scanMinute(at: Date): string {
  return at.toISOString().slice(0, 16);
}

/** Collects scans, merged per serial, minute, channel, country and scanner, until flushed. */
export class ScanBatcher {
  readonly #write: (batch: ScanCount[]) => Promise<void>;
  readonly #onError: (error: unknown) => void;
  #pending = new Map<string, ScanCount>();
  #inFlight: Promise<void> = Promise.resolve();
  #scheduled: Promise<void> | undefined;

  constructor(write: (batch: ScanCount[]) => Promise<void>, onError: (error: unknown) => void) {
    this.#write = write;
    this.#onError = onError;
  }

  add(event: ScanEvent): void {
    const key = `${event.serial}|${event.minute}|${event.channel}|${event.country}|${event.scanner}`;
    const entry = this.#pending.get(key);
    if (entry) entry.count++;
    else this.#pending.set(key, { ...event, count: 1 });
  }

  /** Scans added and not yet written. */
  get pending(): number {
    let n = 0;
    for (const entry of this.#pending.values()) n += entry.count;
    return n;
  }

  /**
   * Flushes `ms` from now, so that the scans of many requests share one write. Returns the
   * promise of a newly scheduled flush (for Workers' waitUntil), or undefined when one is
   * already scheduled or nothing is pending.
   */
  flushSoon(ms: number): Promise<void> | undefined {
    if (this.#scheduled || this.#pending.size === 0) return undefined;
    this.#scheduled = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => {
      this.#scheduled = undefined; // scans added during the write schedule the next one
      return this.flush();
    });
    return this.#scheduled;
  }

  /**
   * Writes everything pending as one batch, after any write already under way. A batch that
   * fails goes back into the pending scans, so nothing is lost; the error goes to `onError`.
   */
  flush(): Promise<void> {
    this.#inFlight = this.#inFlight.then(async () => {
      if (this.#pending.size === 0) return;
      const batch = [...this.#pending.values()];
      this.#pending = new Map();
      try {
        await this.#write(batch);
      } catch (error) {
        for (const entry of batch) {
          for (let i = 0; i < entry.count; i++) this.add(entry);
        }
        this.#onError(error);
      }
    });
    return this.#inFlight;
  }
}
