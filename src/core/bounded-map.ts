// Maps that stay within a size (and, for ExpiringMap, an age): the caches and per-client counters
// that a stream of distinct keys (serials, tokens, client networks) must not grow without end.

/** Which entry makes room when a full map takes a new key. */
export type Eviction =
  /** The entry written longest ago: reading does not keep an entry. */
  | 'oldest-written'
  /** The entry read or written longest ago (least recently used). */
  | 'least-recently-used';

/**
 * A Map holding at most `maxSize` entries (none when `maxSize` is 0 or less). Writing a key makes
 * it the newest; when a new key arrives in a full map, the oldest entry (by `eviction`) goes.
 */
export class BoundedMap<K, V> {
  readonly maxSize: number;
  readonly eviction: Eviction;
  readonly #entries = new Map<K, V>();

  constructor(maxSize: number, eviction: Eviction = 'oldest-written') {
    this.maxSize = maxSize;
    this.eviction = eviction;
  }

  /** The value of `key`, or undefined; under 'least-recently-used' it becomes the newest. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined && this.eviction === 'least-recently-used') {
      this.#entries.delete(key); // move to the newest end
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Writes `key` as the newest entry, evicting the oldest first when the map is full. */
  set(key: K, value: V): void {
    if (this.maxSize <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxSize)
      this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * A BoundedMap whose entries last `ttlMs` from when they are written: read at `now` (in ms)
 * at or past that, an entry is absent. An expired entry keeps its place until it is written
 * again or evicted. The caller passes the time, so the map reads no clock.
 */
export class ExpiringMap<K, V> {
  readonly ttlMs: number;
  readonly #entries: BoundedMap<K, { value: V; until: number }>;

  constructor(maxSize: number, ttlMs: number) {
    this.ttlMs = ttlMs;
    this.#entries = new BoundedMap(maxSize);
  }

  /** The value of `key` if it was written less than `ttlMs` before `now`. */
  get(key: K, now: number): V | undefined {
    const entry = this.#entries.get(key);
    return entry && now < entry.until ? entry.value : undefined;
  }

  /** Writes `key` at `now` as the newest entry, evicting the oldest first when the map is full. */
  set(key: K, value: V, now: number): void {
    this.#entries.set(key, { value, until: now + this.ttlMs });
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
