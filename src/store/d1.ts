// The registry on Cloudflare D1: the Store port over the same SQL migrations as SQLite.
import {
  CachetError,
  type Associate,
  type Boutique,
  type CardRecord,
  type MintedByKey,
  type NewCard,
  type Revocation,
  type RevocationRequest,
  type ScanCount,
  type ScanSummary,
  type Store,
} from '../core/index.js';
import {
  FIND_CARD,
  findMintedIn,
  SCAN_SUMMARY,
  SCAN_UPSERT,
  toAssociate,
  toCardRecord,
  type AssociateRow,
  type CardRow,
} from './card-row.js';
import { SqlAdminStore } from './admin-sql.js';
import { constraintOf, type SqlDb } from './sql-db.js';

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
  batch(statements: D1PreparedStatement[]): Promise<unknown[]>;
}

/** Card rows an isolate keeps at most. */
const CARD_CACHE_SIZE = 10_000;

/**
 * A Store over a D1 binding. D1 answers one query at a time per database, so a card scanned
 * thousands of times a minute would queue every verification behind the last: card rows are kept
 * in the isolate for `cacheSeconds` (0 keeps none). A revocation made elsewhere shows at the edge
 * within that time; one made through this store shows at once.
 */
export class D1Store implements Store {
  readonly db: D1Database;
  readonly cacheMs: number;
  readonly #cards = new Map<string, { record: CardRecord | null; until: number }>();

  constructor(db: D1Database, options: { cacheSeconds?: number } = {}) {
    this.db = db;
    this.cacheMs = (options.cacheSeconds ?? 0) * 1000;
  }

  async findCard(serial: string): Promise<CardRecord | null> {
    const now = Date.now();
    const cached = this.#cards.get(serial);
    if (cached && cached.until > now) return cached.record;
    const row = await this.db.prepare(FIND_CARD).bind(serial).first<CardRow>();
    const record = row ? toCardRecord(row) : null;
    if (this.cacheMs > 0) {
      this.#cards.delete(serial);
      if (this.#cards.size >= CARD_CACHE_SIZE) this.#cards.delete(this.#cards.keys().next().value!);
      this.#cards.set(serial, { record, until: now + this.cacheMs });
    }
    return record;
  }

  async insertCard(card: NewCard): Promise<boolean> {
    try {
      await this.db
        .prepare(
          `INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, addressee, client_ref, minted_at, token, mint_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          card.serial,
          card.kid,
          card.issued,
          card.boutique,
          card.associate,
          card.occasion,
          card.addressee,
          card.clientRef,
          card.mintedAt,
          card.token ?? null,
          card.mintKey ?? null,
        )
        .run();
      return true;
    } catch (error) {
      const kind = constraintOf(error);
      if (kind === 'unique') return false;
      if (kind === 'foreign') {
        throw new CachetError(
          'ERR_NOT_FOUND',
          'the card names a boutique or associate the registry does not have',
        );
      }
      throw error;
    }
  }

  findMinted(keys: string[]): Promise<Map<string, MintedByKey>> {
    return findMintedIn(d1Db(this.db), keys);
  }

  async revokeCard(serial: string, request: RevocationRequest, at: Date): Promise<Revocation> {
    const card = await this.findCard(serial);
    if (!card) throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`);
    if (card.revocation) {
      throw new CachetError(
        'ERR_ALREADY_REVOKED',
        `the card was already revoked at ${card.revocation.revokedAt}`,
      );
    }
    const revocation: Revocation = { revokedAt: at.toISOString(), reason: request.reason };
    try {
      await this.db
        .prepare(
          'INSERT INTO revocations (serial, revoked_at, reason, note, revoked_by) VALUES (?, ?, ?, ?, ?)',
        )
        .bind(serial, revocation.revokedAt, request.reason, request.note ?? '', request.by ?? '')
        .run();
      this.#cards.delete(serial);
    } catch (error) {
      // Another request revoked it between the look-up and the insert.
      if (constraintOf(error) === 'unique')
        throw new CachetError('ERR_ALREADY_REVOKED', 'the card was already revoked');
      throw error;
    }
    return revocation;
  }

  async findBoutique(number: number): Promise<Boutique | null> {
    return this.db
      .prepare('SELECT number, code, name, city, country FROM boutiques WHERE number = ?')
      .bind(number)
      .first<Boutique>();
  }

  async findBoutiqueByCode(code: string): Promise<Boutique | null> {
    return this.db
      .prepare(
        'SELECT number, code, name, city, country FROM boutiques WHERE code = ? COLLATE NOCASE',
      )
      .bind(code)
      .first<Boutique>();
  }

  async listBoutiques(): Promise<Boutique[]> {
    const { results } = await this.db
      .prepare('SELECT number, code, name, city, country FROM boutiques ORDER BY number')
      .all<Boutique>();
    return results;
  }

  async addBoutique(b: Boutique): Promise<void> {
    try {
      await this.db
        .prepare(
          'INSERT INTO boutiques (number, code, name, city, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .bind(b.number, b.code, b.name, b.city, b.country, new Date().toISOString())
        .run();
    } catch (error) {
      if (constraintOf(error) === 'unique') {
        throw new CachetError(
          'ERR_CONFLICT',
          `a boutique already has the number ${b.number} or the code ${b.code}`,
        );
      }
      throw error;
    }
  }

  async findAssociate(number: number): Promise<Associate | null> {
    const row = await this.db
      .prepare('SELECT number, boutique, display_name FROM associates WHERE number = ?')
      .bind(number)
      .first<AssociateRow>();
    return row ? toAssociate(row) : null;
  }

  async listAssociates(): Promise<Associate[]> {
    const { results } = await this.db
      .prepare('SELECT number, boutique, display_name FROM associates ORDER BY number')
      .all<AssociateRow>();
    return results.map(toAssociate);
  }

  async addAssociate(a: Associate): Promise<void> {
    try {
      await this.db
        .prepare(
          'INSERT INTO associates (number, boutique, display_name, created_at) VALUES (?, ?, ?, ?)',
        )
        .bind(a.number, a.boutique, a.displayName, new Date().toISOString())
        .run();
    } catch (error) {
      const kind = constraintOf(error);
      if (kind === 'unique')
        throw new CachetError('ERR_CONFLICT', `an associate already has the number ${a.number}`);
      if (kind === 'foreign')
        throw new CachetError('ERR_NOT_FOUND', `no boutique has the number ${a.boutique}`);
      throw error;
    }
  }

  async recordScans(batch: ScanCount[]): Promise<void> {
    if (batch.length === 0) return;
    const upsert = this.db.prepare(SCAN_UPSERT);
    await this.db.batch(
      batch.map((s) => upsert.bind(s.serial, s.minute, s.channel, s.country, s.scanner, s.count)),
    );
  }

  async summariseScans(serial: string): Promise<ScanSummary> {
    const row = await this.db.prepare(SCAN_SUMMARY).bind(serial, serial).first<ScanSummary>();
    return row ?? { count: 0, since: null, countries: 0, peakScanners: 0 };
  }

  async getSetting(name: string): Promise<string | null> {
    const row = await this.db
      .prepare('SELECT value FROM settings WHERE name = ?')
      .bind(name)
      .first<{ value: string }>();
    return row?.value ?? null;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.db
      .prepare(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      )
      .bind(name, value)
      .run();
  }

  /** The staff side of this registry, over the same binding. */
  admin(): SqlAdminStore {
    return new SqlAdminStore(d1Db(this.db));
  }
}

/** A D1 binding behind the SqlDb interface the shared staff SQL is written against. */
export function d1Db(db: D1Database): SqlDb {
  const bound = (sql: string, params: unknown[]) => db.prepare(sql).bind(...params);
  return {
    all: async <T>(sql: string, ...params: unknown[]) =>
      (await bound(sql, params).all<T>()).results,
    first: <T>(sql: string, ...params: unknown[]) => bound(sql, params).first<T>(),
    run: async (sql, ...params) => (await bound(sql, params).run()).meta?.changes ?? 0,
    batch: async (list) => {
      if (list.length > 0) await db.batch(list.map(({ sql, params }) => bound(sql, params)));
    },
  };
}
