// The embedded registry: the Store port on better-sqlite3, in WAL mode with durable commits.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
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
import { SqlAdminStore } from './admin-sql.js';
import { applyMigrations } from './migrations.js';
import type { SqlDb } from './sql-db.js';
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

/** Card rows kept between commits: a viral card is looked up far more often than anything changes. */
const CARD_CACHE_SIZE = 10_000;

function isConstraint(error: unknown, kind: 'UNIQUE' | 'PRIMARYKEY' | 'FOREIGNKEY'): boolean {
  return (error as { code?: string })?.code === `SQLITE_CONSTRAINT_${kind}`;
}

/** A Store over one SQLite file. */
export class SqliteStore implements Store {
  readonly db: Database;
  readonly #statements = new Map<string, Statement>();
  readonly #findCard;
  /** This connection's own changes, and commits by any other connection (CLI, another server). */
  readonly #ownChanges: Statement<[], number>;
  readonly #otherCommits: Statement<[], number>;
  #own = -1;
  #other = -1;
  /** Card rows read since the last commit anywhere; cleared the moment anything commits. */
  readonly #cards = new Map<string, CardRecord | null>();

  constructor(db: Database) {
    this.db = db;
    this.#findCard = db.prepare<[string], CardRow>(FIND_CARD);
    // Two statements: the table-valued pragma_data_version costs twice as much as both together.
    this.#ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.#otherCommits = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** The prepared statement for `sql`, prepared once: preparing costs more than a look-up. */
  #sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The card row; the same object while nothing commits, so callers must not change it. */
  async findCard(serial: string): Promise<CardRecord | null> {
    const own = this.#ownChanges.get()!;
    const other = this.#otherCommits.get()!;
    if (own !== this.#own || other !== this.#other) {
      this.#cards.clear();
      this.#own = own;
      this.#other = other;
    }
    let record = this.#cards.get(serial);
    if (record === undefined) {
      const row = this.#findCard.get(serial);
      record = row ? toCardRecord(row) : null;
      if (this.#cards.size >= CARD_CACHE_SIZE) this.#cards.delete(this.#cards.keys().next().value!);
      this.#cards.set(serial, record);
    }
    return record;
  }

  async insertCard(card: NewCard): Promise<boolean> {
    return this.#insertRow(card);
  }

  #insertRow(card: NewCard): boolean {
    try {
      this.#sql(
        `INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, addressee, client_ref, minted_at, token, mint_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
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
      );
      return true;
    } catch (error) {
      if (isConstraint(error, 'PRIMARYKEY') || isConstraint(error, 'UNIQUE')) return false;
      if (isConstraint(error, 'FOREIGNKEY')) {
        throw new CachetError(
          'ERR_NOT_FOUND',
          'the card names a boutique or associate the registry does not have',
        );
      }
      throw error;
    }
  }

  /**
   * Inserts rows in one transaction: one commit (one sync to disk) for many cards. Each answer
   * says whether that row went in; false when its serial or mint key was taken.
   */
  insertCards(cards: NewCard[]): Promise<boolean[]> {
    return Promise.resolve(
      this.db.transaction(() => {
        return cards.map((card) => this.#insertRow(card));
      })(),
    );
  }

  findMinted(keys: string[]): Promise<Map<string, MintedByKey>> {
    return findMintedIn(sqliteDb(this.db), keys);
  }

  async revokeCard(serial: string, request: RevocationRequest, at: Date): Promise<Revocation> {
    const revocation: Revocation = { revokedAt: at.toISOString(), reason: request.reason };
    return this.db.transaction(() => {
      const card = this.#findCard.get(serial);
      if (!card) throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`);
      if (card.revoked_at !== null) {
        throw new CachetError(
          'ERR_ALREADY_REVOKED',
          `the card was already revoked at ${card.revoked_at}`,
        );
      }
      this.#sql(
        'INSERT INTO revocations (serial, revoked_at, reason, note, revoked_by) VALUES (?, ?, ?, ?, ?)',
      ).run(serial, revocation.revokedAt, request.reason, request.note ?? '', request.by ?? '');
      return revocation;
    })();
  }

  async findBoutique(number: number): Promise<Boutique | null> {
    return (
      (this.#sql('SELECT number, code, name, city, country FROM boutiques WHERE number = ?').get(
        number,
      ) as Boutique | undefined) ?? null
    );
  }

  async findBoutiqueByCode(code: string): Promise<Boutique | null> {
    return (
      (this.#sql(
        'SELECT number, code, name, city, country FROM boutiques WHERE code = ? COLLATE NOCASE',
      ).get(code) as Boutique | undefined) ?? null
    );
  }

  async listBoutiques(): Promise<Boutique[]> {
    return this.#sql(
      'SELECT number, code, name, city, country FROM boutiques ORDER BY number',
    ).all() as Boutique[];
  }

  async addBoutique(b: Boutique): Promise<void> {
    try {
      this.#sql(
        'INSERT INTO boutiques (number, code, name, city, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(b.number, b.code, b.name, b.city, b.country, new Date().toISOString());
    } catch (error) {
      if (isConstraint(error, 'PRIMARYKEY') || isConstraint(error, 'UNIQUE')) {
        throw new CachetError(
          'ERR_CONFLICT',
          `a boutique already has the number ${b.number} or the code ${b.code}`,
        );
      }
      throw error;
    }
  }

  async findAssociate(number: number): Promise<Associate | null> {
    const row = this.#sql(
      'SELECT number, boutique, display_name FROM associates WHERE number = ?',
    ).get(number);
    return row ? toAssociate(row as AssociateRow) : null;
  }

  async listAssociates(): Promise<Associate[]> {
    const rows = this.#sql(
      'SELECT number, boutique, display_name FROM associates ORDER BY number',
    ).all();
    return (rows as AssociateRow[]).map(toAssociate);
  }

  async addAssociate(a: Associate): Promise<void> {
    try {
      this.#sql(
        'INSERT INTO associates (number, boutique, display_name, created_at) VALUES (?, ?, ?, ?)',
      ).run(a.number, a.boutique, a.displayName, new Date().toISOString());
    } catch (error) {
      if (isConstraint(error, 'PRIMARYKEY')) {
        throw new CachetError('ERR_CONFLICT', `an associate already has the number ${a.number}`);
      }
      if (isConstraint(error, 'FOREIGNKEY')) {
        throw new CachetError('ERR_NOT_FOUND', `no boutique has the number ${a.boutique}`);
      }
      throw error;
    }
  }

  async recordScans(batch: ScanCount[]): Promise<void> {
    const upsert = this.#sql(SCAN_UPSERT);
    this.db.transaction(() => {
      for (const s of batch)
        upsert.run(s.serial, s.minute, s.channel, s.country, s.scanner, s.count);
    })();
  }

  async summariseScans(serial: string): Promise<ScanSummary> {
    return this.#sql(SCAN_SUMMARY).get(serial, serial) as ScanSummary;
  }

  async getSetting(name: string): Promise<string | null> {
    return (
      (this.#sql('SELECT value FROM settings WHERE name = ?').pluck().get(name) as
        string | undefined) ?? null
    );
  }

  async setSetting(name: string, value: string): Promise<void> {
    this.#sql(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ).run(name, value);
  }

  /** The staff side of this registry, over the same connection. */
  admin(): SqlAdminStore {
    return new SqlAdminStore(sqliteDb(this.db));
  }

  close(): void {
    this.db.close();
  }
}

/** better-sqlite3 behind the SqlDb interface the shared staff SQL is written against. */
export function sqliteDb(db: Database): SqlDb {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return {
    all: async <T>(sql: string, ...params: unknown[]) => prepared(sql).all(...params) as T[],
    first: async <T>(sql: string, ...params: unknown[]) =>
      (prepared(sql).get(...params) as T | undefined) ?? null,
    run: async (sql, ...params) => prepared(sql).run(...params).changes,
    batch: async (list) => {
      db.transaction(() => {
        for (const { sql, params } of list) prepared(sql).run(...params);
      })();
    },
  };
}

/**
 * Opens (creating if needed) the registry file, sets WAL with `synchronous=FULL` so a committed
 * card or revocation survives a power cut, and applies pending migrations.
 */
export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (cause) {
    // A folder, a file without permission: said in one line, naming the setting.
    throw new CachetError(
      'ERR_NOT_FOUND',
      `cannot open the registry ${path} (CACHET_DB): ${(cause as Error).message}`,
      { cause },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten, not left in free pages: a day's scanner key must be gone.
  db.pragma('secure_delete = ON');
  applyMigrations(db);
  return new SqliteStore(db);
}
