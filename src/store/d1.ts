// The registry on Cloudflare D1: the shared SQL store over a D1 binding, with the card cache
// an isolate needs.
import {
  ExpiringMap,
  type CardRecord,
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
 * A Store over a D1 binding. D1 answers one query at a time per database, so a card scanned
 * thousands of times a minute would queue every verification behind the last: card rows are kept
 * in the isolate for `cacheSeconds` (0 keeps none). A revocation made elsewhere shows at the edge
 * within that time; one made through this store shows at once.
 */
export class D1Store extends SqlStore {
  readonly db: D1Database;
  readonly cacheMs: number;
  readonly #cards: ExpiringMap<string, CardRecord | null>;
  #claims: D1ClaimStore | undefined;

  constructor(db: D1Database, options: { cacheSeconds?: number } = {}) {
    super(d1Db(db));
    this.db = db;
    this.cacheMs = (options.cacheSeconds ?? 0) * 1000;
    this.#cards = new ExpiringMap(CARD_CACHE_SIZE, this.cacheMs);
  }

  /** The claims, with the same cache as the card rows: one store per isolate, so one cache. */
  override claims(): D1ClaimStore {
    return (this.#claims ??= new D1ClaimStore(this.sql, this.cacheMs));
  }

  override async findCard(serial: string): Promise<CardRecord | null> {
    const now = Date.now();
    const cached = this.#cards.get(serial, now);
    if (cached !== undefined) return cached;
    const record = await this.readCard(serial);
    if (this.cacheMs > 0) this.#cards.set(serial, record, now);
    return record;
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
      this.#cards.delete(serial);
    }
  }
}

/**
 * The claims over D1, with each card's standing claim kept in the isolate for `cacheMs`, as its
 * card row is: a viral card's verdicts would otherwise each ask D1 for its claim, and most cards
 * have none (that answer is kept too). A claim made, changed, released or voided through this
 * isolate shows here at once; one made through another isolate shows here within `cacheMs`
 * (CACHET_REGISTRY_CACHE_SECONDS, 15 s unless set), the same delay as a revocation. A withdrawn
 * photo may likewise still be served by another isolate for that long.
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
