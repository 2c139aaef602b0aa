// The registry on Cloudflare D1: the shared SQL store over a D1 binding, with the card cache
// an isolate needs, kept no staler than revocations may be.
import {
  BoundedMap,
  ExpiringMap,
  type CardRecord,
  type CardState,
  type ClaimEnd,
  type ClaimRecord,
  type NewClaim,
  type RevocationRequest,
  type Revocation,
} from '../core/index.js';
import { SqlClaimStore } from './claim-sql.js';
import { SqlStore } from './registry-sql.js';
import type { SqlDb } from './sql-db.js';

/** The part of D1's API this adapter uses (the full types come with @cloudflare/workers-types). */
export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<{ meta?: { changes?: number } }>;
}
export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  /** Runs the statements in one transaction and one round trip. */
  batch(statements: D1PreparedStatement[]): Promise<{ meta?: { changes?: number } }[]>;
}

/** Card rows an isolate keeps at most. */
const CARD_CACHE_SIZE = 10_000;

/**
 * While one scan reads a card's row again, the other scans of that card answer from the row kept
 * for at most this long past `freshMs`: the time of the D1 read itself. With `freshMs` at its
 * 4000 ms most, no answer rests on a revocation state older than 5 s.
 */
export const READ_MARGIN_MS = 1000;

/** A card row as an isolate keeps it: null for no such card. */
interface KeptCard {
  record: CardRecord | null;
  /** When its revocation state was known to be the registry's (ms since the epoch). */
  knownAt: number;
}

/**
 * A Store over a D1 binding. D1 answers one query at a time per database, so a card scanned
 * thousands of times a minute would queue every verification behind the last: card rows are kept
 * in the isolate, but answered from only while what they say of the card's revocation was read
 * from D1 (or confirmed by the card's scan aggregator, see confirmCard) less than `freshMs` ago,
 * or less than READ_MARGIN_MS more while one scan reads the row again. A hot card is thus read
 * from D1 once per `freshMs` per isolate, and a revocation made elsewhere shows here within
 * `freshMs` plus the margin; one made through this store shows at once. `freshMs` 0 reads D1 on
 * every call. (The scans waiting on a read do not share its promise: workerd cancels a request
 * that awaits I/O begun by another.)
 */
export class D1Store extends SqlStore {
  readonly db: D1Database;
  /** How old the revocation state an answer rests on may be (ms): F. */
  readonly freshMs: number;
  /** Card rows read from D1 by findCard since this store was made (for tests and benches). */
  cardReads = 0;
  readonly #cards = new BoundedMap<string, KeptCard>(CARD_CACHE_SIZE);
  /** The cards whose rows a scan is reading again now. */
  readonly #reading = new Set<string>();
  /** Counts this store's own revocations: a read begun before one must not keep its row. */
  #revocations = 0;
  #claims: D1ClaimStore | undefined;

  /** Whether a sequencer places this registry's cards in a log: then a place may still come. */
  readonly keepsLog: boolean;

  constructor(db: D1Database, options: { freshMs?: number; keepsLog?: boolean } = {}) {
    super(d1Db(db));
    this.db = db;
    this.freshMs = options.freshMs ?? 0;
    this.keepsLog = options.keepsLog ?? false;
  }

  /** The claims, kept as long as card rows are: one store per isolate, so one cache. */
  override claims(): D1ClaimStore {
    return (this.#claims ??= new D1ClaimStore(this.sql, this.freshMs));
  }

  override async findCard(serial: string): Promise<CardRecord | null> {
    const kept = this.#cards.get(serial);
    const age = kept ? Date.now() - kept.knownAt : Infinity;
    if (age < this.freshMs) return kept!.record;
    if (this.#reading.has(serial) && age < this.freshMs + READ_MARGIN_MS) return kept!.record;
    return this.#read(serial);
  }

  /** Reads the row, stamped with when the read began (what it says was true at least then). */
  async #read(serial: string): Promise<CardRecord | null> {
    const knownAt = Date.now();
    const revocations = this.#revocations;
    const first = this.freshMs > 0 && !this.#reading.has(serial);
    if (first) this.#reading.add(serial);
    this.cardReads++;
    let record: CardRecord | null;
    try {
      record = await this.readCard(serial);
    } finally {
      if (first) this.#reading.delete(serial);
    }
    const kept = this.#cards.get(serial);
    if (this.freshMs > 0 && revocations === this.#revocations && !(kept && kept.knownAt > knownAt))
      this.#cards.set(serial, { record, knownAt });
    return record;
  }

  /**
   * Takes a card's revocation state as its scan aggregator read it from D1: a kept row that agrees
   * and has its place in the log (when one is kept) is fresh until `state.knownAt` + `freshMs`
   * (so a hot card needs no D1 reads of this isolate's own); one that does not agree (the card was
   * revoked since) is dropped, and the next scan reads D1.
   * A `knownAt` ahead of this isolate's clock counts as now.
   */
  confirmCard(state: CardState): void {
    const kept = this.#cards.get(state.serial);
    if (!kept) return;
    const revoked = state.revokedAt !== null;
    if (!kept.record || (kept.record.revocation !== null) !== revoked) {
      this.#cards.delete(state.serial);
      this.#claims?.forgetCard(state.serial);
      return;
    }
    // The aggregator reads revocations only. A row without its place in the log is not made
    // fresher by it: read again once `freshMs` old, it shows the place the sequencer gave the card
    // meanwhile (else a hot card scanned before it was placed would never show it).
    if (this.keepsLog && !kept.record.log) return;
    const knownAt = Math.min(state.knownAt, Date.now());
    if (knownAt > kept.knownAt) this.#cards.set(state.serial, { ...kept, knownAt });
  }

  /** A revocation made through this isolate shows here at once. */
  override async revokeCard(
    serial: string,
    request: RevocationRequest,
    at: Date,
  ): Promise<Revocation> {
    try {
      return await super.revokeCard(serial, request, at);
    } finally {
      this.#revocations++;
      this.#cards.delete(serial);
      this.#reading.delete(serial);
    }
  }
}

/**
 * The claims over D1, with each card's standing claim kept in the isolate for `cacheMs`, as long
 * as its card row may be: a viral card's verdicts would otherwise each ask D1 for its claim, and
 * most cards have none (that answer is kept too). A claim made, changed, released or voided
 * through this isolate shows here at once; one made through another isolate shows here within
 * `cacheMs` (CACHET_REGISTRY_FRESH_MS). A withdrawn photo may likewise still be served by another
 * isolate for that long. Whether a claim has ended with its card's revocation is read from the
 * card row, so it shows as soon as the revocation does.
 */
export class D1ClaimStore extends SqlClaimStore {
  readonly #standing: ExpiringMap<string, ClaimRecord | null>;
  readonly #photos: ExpiringMap<string, { serial: string } | null>;

  constructor(sql: SqlDb, cacheMs: number) {
    super(sql);
    this.#standing = new ExpiringMap(CARD_CACHE_SIZE, cacheMs);
    this.#photos = new ExpiringMap(CARD_CACHE_SIZE, cacheMs);
  }

  override async currentClaim(serial: string): Promise<ClaimRecord | null> {
    return cached(this.#standing, serial, () => super.currentClaim(serial));
  }

  override async findShownPhoto(photoId: string): Promise<{ serial: string } | null> {
    return cached(this.#photos, photoId, () => super.findShownPhoto(photoId));
  }

  override async addClaim(claim: NewClaim): Promise<boolean> {
    try {
      return await super.addClaim(claim);
    } finally {
      this.#standing.delete(claim.serial);
      if (claim.photoId) this.#photos.delete(claim.photoId);
    }
  }

  override async changeClaim(
    id: string,
    change: { handle: string | null; showPhoto: boolean; photoId: string | null; at: number },
    logEntry: Uint8Array,
  ): Promise<boolean> {
    const before = await this.findClaim(id);
    try {
      return await super.changeClaim(id, change, logEntry);
    } finally {
      this.#forget(before, change.photoId);
    }
  }

  override async endClaim(
    id: string,
    end: { end: ClaimEnd; at: number; transferCodeHash?: string; reason?: string; by?: string },
    logEntry: Uint8Array,
  ): Promise<boolean> {
    const before = await this.findClaim(id);
    try {
      return await super.endClaim(id, end, logEntry);
    } finally {
      this.#forget(before, null);
    }
  }

  /** Drops the standing claim kept for a card (its revocation was seen). */
  forgetCard(serial: string): void {
    this.#standing.delete(serial);
  }

  /** Drops what this isolate kept of a claim that changed here. */
  #forget(claim: ClaimRecord | null, newPhotoId: string | null): void {
    if (claim) this.#standing.delete(claim.serial);
    if (claim?.photoId) this.#photos.delete(claim.photoId);
    if (newPhotoId) this.#photos.delete(newPhotoId);
  }
}

/** The value kept under `key`, or read and kept (nothing is kept when the map keeps for 0 ms). */
async function cached<V>(
  map: ExpiringMap<string, V>,
  key: string,
  read: () => Promise<V>,
): Promise<V> {
  const now = Date.now();
  const kept = map.get(key, now);
  if (kept !== undefined) return kept;
  const value = await read();
  if (map.ttlMs > 0) map.set(key, value, now);
  return value;
}

/** A D1 binding behind the SqlDb port. */
export function d1Db(db: D1Database): SqlDb {
  const bound = (sql: string, params: unknown[]) => db.prepare(sql).bind(...params);
  return {
    all: async <T>(sql: string, ...params: unknown[]) =>
      (await bound(sql, params).all<T>()).results,
    first: <T>(sql: string, ...params: unknown[]) => bound(sql, params).first<T>(),
    run: async (sql, ...params) => (await bound(sql, params).run()).meta?.changes ?? 0,
    batch: async (list) => {
      if (list.length === 0) return [];
      const results = await db.batch(list.map(({ sql, params }) => bound(sql, params)));
      return results.map((r) => r.meta?.changes ?? 0);
    },
  };
}
