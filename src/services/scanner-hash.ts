// The distinct-scanner hash: HMAC-SHA256(day key, network ‖ serial), cut to 16 bytes, where the
// network is the client's IPv4 address or IPv6 /64. It tells one network's repeat checks of one
// card on one day apart from many networks', and nothing more: the serial is in the input (no
// linking across cards) and the day key is destroyed once its day is over (no linking across
// days, no reversing by trying addresses). Nothing the client chooses (a user agent, a header)
// goes in: one client cannot pass for many scanners.
import { CachetError, networkOf, toHex } from '../core/index.js';
import type { Mac } from './mac.js';

/** Where the key of a day comes from: the registry's scanner_keys, or memory in tests. */
export type DayKeySource = (day: string) => Promise<Uint8Array<ArrayBuffer>>;

/** Keys made in memory, one per day: for a single process with no registry to share them. */
export function memoryDayKeys(): DayKeySource {
  let current: { day: string; key: Uint8Array<ArrayBuffer> } | undefined;
  return async (day) => {
    if (current?.day !== day) current = { day, key: crypto.getRandomValues(new Uint8Array(32)) };
    return current.key;
  };
}

const encoder = new TextEncoder();

/** How long a day key that could not be kept (a full disk) is not asked for again. */
const NO_ROOM_PAUSE_MS = 1000;

const noRoom = (error: unknown) => error instanceof CachetError && error.code === 'ERR_DISK_FULL';

export class ScannerHasher {
  readonly #keyOf: DayKeySource;
  readonly #mac: Mac;
  #day = '';
  #key: Promise<Uint8Array> | undefined;
  /** The day's key once read: with a synchronous HMAC (Node) the hash needs no promise. */
  #ready: Uint8Array | undefined;
  /** Until when no key is asked for: the registry had no room to keep the day's key. */
  #pausedUntil = 0;

  constructor(keyOf: DayKeySource, mac: Mac) {
    this.#keyOf = keyOf;
    this.#mac = mac;
  }

  /** The hash of one check, or '' when the request had no address (the CLI). */
  hash(at: Date, client: string, serial: string): string | Promise<string> {
    const network = networkOf(client);
    if (network === '') return '';
    const day = at.toISOString().slice(0, 10);
    // With no room to keep the day's key, a check is answered and counted, without its scanner:
    // a full disk never stops a verification.
    if (this.#pausedUntil > Date.now()) return '';
    if (day !== this.#day || !this.#key) {
      this.#day = day;
      this.#ready = undefined;
      const key = (this.#key = this.#keyOf(day));
      key.then(
        (read) => {
          if (this.#key === key) this.#ready = read;
        },
        // A failed read is not kept: the next check asks again (after a pause, if no room).
        (error: unknown) => {
          if (this.#key === key) this.#key = undefined;
          if (noRoom(error)) this.#pausedUntil = Date.now() + NO_ROOM_PAUSE_MS;
        },
      );
    }
    const input = encoder.encode(`${network}\u0000${serial}`);
    if (this.#ready) {
      const mac = this.#mac(this.#ready, input);
      return mac instanceof Uint8Array ? cut(mac) : mac.then(cut);
    }
    return this.#key.then(
      async (key) => cut(await this.#mac(key, input)),
      (error: unknown) => {
        if (noRoom(error)) return '';
        throw error;
      },
    );
  }
}

const cut = (mac: Uint8Array) => toHex(mac.subarray(0, 16));
