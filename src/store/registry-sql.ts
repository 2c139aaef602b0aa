// The registry in plain SQL, written once over the SqlDb port: better-sqlite3 and D1 each add
// only what is theirs (a card cache that fits the engine, and how a transaction is run).
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
import { constraintOf, type SqlDb, type SqlStatement } from './sql-db.js';

// A taken serial or mint key leaves the row out (0 rows changed) instead of failing the
// transaction: D1 aborts a whole batch on the first error.
const INSERT_CARD = `INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, addressee, client_ref, minted_at, token, mint_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const INSERT_REVOCATION =
  'INSERT INTO revocations (serial, revoked_at, reason, note, revoked_by) VALUES (?, ?, ?, ?, ?)';
const BOUTIQUE = 'SELECT number, code, name, city, country FROM boutiques';
const ASSOCIATE = 'SELECT number, boutique, display_name FROM associates';

const insertCard = (card: NewCard): SqlStatement => ({
  sql: INSERT_CARD,
  params: [
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
  ],
});

/** A Store over any engine that speaks the SqlDb port. Reads no cache of its own. */
export class SqlStore implements Store {
  readonly sql: SqlDb;

  constructor(sql: SqlDb) {
    this.sql = sql;
  }

  /** The card row as committed now, bypassing any cache a subclass keeps. */
  protected async readCard(serial: string): Promise<CardRecord | null> {
    const row = await this.sql.first<CardRow>(FIND_CARD, serial);
    return row ? toCardRecord(row) : null;
  }

  findCard(serial: string): Promise<CardRecord | null> {
    return this.readCard(serial);
  }

  async insertCard(card: NewCard): Promise<boolean> {
    const [inserted] = await this.insertCards([card]);
    return inserted!;
  }

  /**
   * Inserts the rows in one transaction (one commit, one sync to disk). Each answer says whether
   * that row went in: false when its serial or mint key was taken.
   * @throws CachetError `ERR_NOT_FOUND` when a row names a boutique or associate the registry
   *   does not have; then no row is written.
   */
  async insertCards(cards: NewCard[]): Promise<boolean[]> {
    if (cards.length === 0) return [];
    try {
      const changes = await this.sql.batch(cards.map(insertCard));
      return changes.map((n) => n > 0);
    } catch (error) {
      if (constraintOf(error) === 'foreign') {
        throw new CachetError(
          'ERR_NOT_FOUND',
          'the card names a boutique or associate the registry does not have',
        );
      }
      throw error;
    }
  }

  findMinted(keys: string[]): Promise<Map<string, MintedByKey>> {
    return findMintedIn(this.sql, keys);
  }

  async revokeCard(serial: string, request: RevocationRequest, at: Date): Promise<Revocation> {
    const card = await this.readCard(serial);
    if (!card) throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`);
    if (card.revocation) {
      throw new CachetError(
        'ERR_ALREADY_REVOKED',
        `the card was already revoked at ${card.revocation.revokedAt}`,
      );
    }
    const revocation: Revocation = { revokedAt: at.toISOString(), reason: request.reason };
    try {
      await this.sql.run(
        INSERT_REVOCATION,
        serial,
        revocation.revokedAt,
        request.reason,
        request.note ?? '',
        request.by ?? '',
      );
    } catch (error) {
      // Another connection revoked it between the look-up and the insert.
      if (constraintOf(error) === 'unique')
        throw new CachetError('ERR_ALREADY_REVOKED', 'the card was already revoked');
      throw error;
    }
    return revocation;
  }

  findBoutique(number: number): Promise<Boutique | null> {
    return this.sql.first<Boutique>(`${BOUTIQUE} WHERE number = ?`, number);
  }

  findBoutiqueByCode(code: string): Promise<Boutique | null> {
    return this.sql.first<Boutique>(`${BOUTIQUE} WHERE code = ? COLLATE NOCASE`, code);
  }

  listBoutiques(): Promise<Boutique[]> {
    return this.sql.all<Boutique>(`${BOUTIQUE} ORDER BY number`);
  }

  async addBoutique(b: Boutique): Promise<void> {
    try {
      await this.sql.run(
        'INSERT INTO boutiques (number, code, name, city, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        b.number,
        b.code,
        b.name,
        b.city,
        b.country,
        new Date().toISOString(),
      );
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
    const row = await this.sql.first<AssociateRow>(`${ASSOCIATE} WHERE number = ?`, number);
    return row ? toAssociate(row) : null;
  }

  async listAssociates(): Promise<Associate[]> {
    return (await this.sql.all<AssociateRow>(`${ASSOCIATE} ORDER BY number`)).map(toAssociate);
  }

  async addAssociate(a: Associate): Promise<void> {
    try {
      await this.sql.run(
        'INSERT INTO associates (number, boutique, display_name, created_at) VALUES (?, ?, ?, ?)',
        a.number,
        a.boutique,
        a.displayName,
        new Date().toISOString(),
      );
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
    await this.sql.batch(
      batch.map((s) => ({
        sql: SCAN_UPSERT,
        params: [s.serial, s.minute, s.channel, s.country, s.scanner, s.count],
      })),
    );
  }

  async summariseScans(serial: string): Promise<ScanSummary> {
    const row = await this.sql.first<ScanSummary>(SCAN_SUMMARY, serial, serial, serial);
    return row ?? { count: 0, since: null, countries: 0, peakScanners: 0 };
  }

  async getSetting(name: string): Promise<string | null> {
    const row = await this.sql.first<{ value: string }>(
      'SELECT value FROM settings WHERE name = ?',
      name,
    );
    return row?.value ?? null;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      name,
      value,
    );
  }

  /** The staff side of this registry, over the same connection. */
  admin(): SqlAdminStore {
    return new SqlAdminStore(this.sql);
  }
}
