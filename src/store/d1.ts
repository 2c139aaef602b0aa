// The registry on Cloudflare D1: the shared SQL store over a D1 binding, with the card cache
// an isolate needs.
import {
  ExpiringMap,
  type CardRecord,
  type RevocationRequest,
  type Revocation,
} from '../core/index.js';
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

  constructor(db: D1Database, options: { cacheSeconds?: number } = {}) {
    super(d1Db(db));
    this.db = db;
    this.cacheMs = (options.cacheSeconds ?? 0) * 1000;
    this.#cards = new ExpiringMap(CARD_CACHE_SIZE, this.cacheMs);
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
