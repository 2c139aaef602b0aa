// The registry in plain SQL, written once over the SqlDb port: better-sqlite3 and D1 each add
// only what is theirs (a card cache that fits the engine, and how a transaction is run).
import {
  CachetError,
  encodeLogEntry,
  parseTokenText,
  toHex,
  tokenLogHash,
  type Associate,
  type Boutique,
  type CardRecord,
  type CardReference,
  type Citation,
  type NewCitation,
  type MintedByKey,
  type NewCard,
  type NewReport,
  revocationId,
  REVOCATION_CODES,
  concatBytes,
  fromHex,
  type Revocation,
  type RevocationListing,
  type RevocationRequest,
  type ScanCount,
  type ScanSummary,
  type Sha256,
  type Store,
} from '../core/index.js';
import type { ScanFlush, ScanFlushResult } from '../core/scan-flush.js';
import { ScanSketch } from '../core/scan-sketch.js';
import { SqlAdminStore } from './admin-sql.js';
import { SqlClaimStore } from './claim-sql.js';
import {
  FIND_CARD,
  findMintedIn,
  SCAN_DAY_ESTIMATE,
  SCAN_SUMMARY,
  SCAN_UPSERT,
  sketchBytes,
  toAssociate,
  toCardRecord,
  type AssociateRow,
  type CardRow,
} from './card-row.js';
import { addReport, countCardReportPhotos } from './report-sql.js';
import { findReference } from './reference-sql.js';
import { constraintOf, type SqlDb, type SqlStatement } from './sql-db.js';

// A taken serial or mint key leaves the row out (0 rows changed) instead of failing the
// transaction: D1 aborts a whole batch on the first error.
const INSERT_CARD = `INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, addressee, client_ref, minted_at, token, mint_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const INSERT_REVOCATION =
  'INSERT INTO revocations (serial, revoked_at, reason, note, revoked_by, rid) VALUES (?, ?, ?, ?, ?, ?)';
// A card's log entry goes in with the card, and only if this very card went in: changes() is
// the row count of the statement just before it, the card's own insert (0 when its serial or
// mint key was taken).
const INSERT_LOG_ENTRY = `INSERT INTO log_entries (serial, entry, logged_at)
  SELECT ?, ?, ? WHERE changes() = 1`;
// For cards already registered (backfill): only one that has no entry yet.
const APPEND_LOG_ENTRY = `INSERT INTO log_entries (serial, entry, logged_at)
  SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM cards WHERE serial = ? AND token = ?)
  ON CONFLICT DO NOTHING`;
const SET_RID = 'UPDATE revocations SET rid = ? WHERE serial = ? AND rid IS NULL';
/** Revocation records after a rid, as the list writes them: hex of rid ‖ reason code, in order. */
const REVOCATION_PAGE = `SELECT count(*) AS n, group_concat(record, '') AS hex, max(rid) AS last FROM (
    SELECT rid, rid || CASE reason ${Object.entries(REVOCATION_CODES)
      .map(([reason, code]) => `WHEN '${reason}' THEN '${code.toString(16).padStart(2, '0')}'`)
      .join(' ')} END AS record
      FROM revocations WHERE rid IS NOT NULL AND rid > ? ORDER BY rid LIMIT ?)`;
const REVOCATION_PAGE_SIZE = 50_000;
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

/**
 * The issuance log entry of a card about to be registered (c2sp.org/tlog-tiles entry, 47 bytes),
 * or null for a row without a CT1 token (rows from before tokens were kept).
 */
export async function logEntryFor(
  card: Pick<NewCard, 'token' | 'mintedAt' | 'issued'>,
  hash?: Sha256,
): Promise<{ entry: Uint8Array; loggedAt: number } | null> {
  if (!card.token) return null;
  let bytes: Uint8Array;
  try {
    bytes = parseTokenText(card.token).bytes;
  } catch {
    return null; // not CT1 text (a row imported or made by hand): nothing to log
  }
  const loggedAt = Math.floor(Date.parse(card.mintedAt) / 1000);
  const entry = encodeLogEntry({
    loggedAt,
    day: card.issued,
    keyId: bytes.subarray(1, 5),
    tokenHash: await tokenLogHash(bytes, hash),
  });
  return { entry, loggedAt };
}

/** A Store over any engine that speaks the SqlDb port. Reads no cache of its own. */
export class SqlStore implements Store {
  readonly sql: SqlDb;

  /** SHA-256 for log entries: WebCrypto, or the engine's faster one (node:crypto on Node). */
  readonly #hash: Sha256 | undefined;

  constructor(sql: SqlDb, options: { sha256?: Sha256 } = {}) {
    this.sql = sql;
    this.#hash = options.sha256;
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
    const entries = await Promise.all(cards.map((card) => logEntryFor(card, this.#hash)));
    const statements: SqlStatement[] = [];
    const at: number[] = []; // where each card's own statement is in the batch
    cards.forEach((card, i) => {
      at.push(statements.length);
      statements.push(insertCard(card));
      if (card.claimCodeHash) {
        // Only if the card itself went in (a card whose serial or mint key is taken keeps its own);
        // it changes a row exactly when the card did, so the log entry's changes() still holds.
        statements.push({
          sql: `INSERT INTO claim_codes (code_hash, serial, via, created_at)
            SELECT ?, ?, 'slip', ? WHERE changes() > 0`,
          params: [card.claimCodeHash, card.serial, Math.floor(Date.parse(card.mintedAt) / 1000)],
        });
      }
      const log = entries[i];
      if (log) {
        statements.push({
          sql: INSERT_LOG_ENTRY,
          params: [card.serial, toHex(log.entry), log.loggedAt],
        });
      }
    });
    try {
      const changes = await this.sql.batch(statements);
      return at.map((i) => changes[i]! > 0);
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

  /** Registered cards with a token and no log entry (from before the log), oldest first. */
  async unloggedCards(limit: number): Promise<{ serial: string; token: string; issued: number }[]> {
    return this.sql.all(
      `SELECT c.serial, c.token, c.issued FROM cards c
        WHERE c.token IS NOT NULL AND NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.serial = c.serial AND l.kind = 1)
        ORDER BY c.minted_at, c.serial LIMIT ?`,
      limit,
    );
  }

  /** How many registered cards have no log entry: those with no token cannot have one. */
  async countUnlogged(): Promise<{ withToken: number; withoutToken: number }> {
    const row = await this.sql.first<{ with_token: number; without_token: number }>(
      `SELECT sum(c.token IS NOT NULL) AS with_token, sum(c.token IS NULL) AS without_token FROM cards c
        WHERE NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.serial = c.serial AND l.kind = 1)`,
    );
    return { withToken: row?.with_token ?? 0, withoutToken: row?.without_token ?? 0 };
  }

  /**
   * Gives cards registered before the log their entries, logged at `at` (the time the log took
   * them, not their minting): the sequencer places them next. Returns how many went in.
   */
  async appendToLog(
    cards: { serial: string; token: string; issued: number }[],
    at: Date,
  ): Promise<number> {
    const statements: SqlStatement[] = [];
    for (const card of cards) {
      const log = await logEntryFor({ ...card, mintedAt: at.toISOString() }, this.#hash);
      if (!log) continue;
      statements.push({
        sql: APPEND_LOG_ENTRY,
        params: [card.serial, toHex(log.entry), log.loggedAt, card.serial, card.token],
      });
    }
    if (statements.length === 0) return 0;
    return (await this.sql.batch(statements)).reduce((n, c) => n + c, 0);
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
    const kept = await this.sql.first<{ token: string | null }>(
      'SELECT token FROM cards WHERE serial = ?',
      serial,
    );
    try {
      await this.sql.run(
        INSERT_REVOCATION,
        serial,
        revocation.revokedAt,
        request.reason,
        request.note ?? '',
        request.by ?? '',
        await ridOf(kept?.token ?? null),
      );
    } catch (error) {
      // Another connection revoked it between the look-up and the insert.
      if (constraintOf(error) === 'unique')
        throw new CachetError('ERR_ALREADY_REVOKED', 'the card was already revoked');
      throw error;
    }
    return revocation;
  }

  async revocationStamp(): Promise<string> {
    const row = await this.sql.first<{ n: number; last: string | null }>(
      'SELECT count(*) AS n, max(revoked_at) AS last FROM revocations',
    );
    return `${row?.n ?? 0}/${row?.last ?? ''}`;
  }

  async listRevocations(): Promise<RevocationListing> {
    // Revocations made before rids were kept get theirs now, once.
    const countMissing = async () =>
      (
        await this.sql.first<{ n: number }>(
          'SELECT count(*) AS n FROM revocations WHERE rid IS NULL',
        )
      )?.n ?? 0;
    let withoutToken = await countMissing();
    const missing =
      withoutToken === 0
        ? []
        : await this.sql.all<{ serial: string; token: string }>(
            `SELECT r.serial, c.token FROM revocations r JOIN cards c ON c.serial = r.serial
              WHERE r.rid IS NULL AND c.token IS NOT NULL`,
          );
    if (missing.length > 0) {
      const updates: SqlStatement[] = [];
      for (const row of missing) {
        const rid = await ridOf(row.token);
        if (rid) updates.push({ sql: SET_RID, params: [rid, row.serial] });
      }
      await this.sql.batch(updates);
      withoutToken = await countMissing();
    }
    // Read in pages of hex, concatenated by the engine: a million rows cost no million objects,
    // a page stays under D1's 2 MB value limit, and Node's event loop breathes between pages.
    const pages: Uint8Array[] = [];
    let count = 0;
    let after = '';
    for (;;) {
      const page = await this.sql.first<{ n: number; hex: string | null; last: string | null }>(
        REVOCATION_PAGE,
        after,
        REVOCATION_PAGE_SIZE,
      );
      if (!page?.n) break;
      pages.push(fromHex(page.hex!));
      count += page.n;
      after = page.last!;
      if (page.n < REVOCATION_PAGE_SIZE) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const records = concatBytes(...pages);
    return { records, count, withoutToken };
  }

  async addCitation(citation: NewCitation): Promise<Citation> {
    try {
      await this.sql.run(
        `INSERT INTO citations (id, token, receipt, created_at, fingerprint) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (fingerprint) DO NOTHING`,
        citation.id,
        citation.token,
        citation.receipt,
        citation.createdAt,
        citation.fingerprint,
      );
    } catch (error) {
      if (constraintOf(error) === 'unique') {
        throw new CachetError('ERR_CONFLICT', `a citation ${citation.id} exists`);
      }
      throw error;
    }
    // The one kept: this one, or the one a request before it kept under the same fingerprint.
    return (await this.findCitationByFingerprint(citation.fingerprint))!;
  }

  findCitationByFingerprint(fingerprint: string): Promise<Citation | null> {
    return this.sql.first<Citation>(
      'SELECT id, token, receipt, created_at AS createdAt FROM citations WHERE fingerprint = ?',
      fingerprint,
    );
  }

  async takeCitationQuota(day: string, network: string, limit: number): Promise<boolean> {
    if (limit <= 0) return false;
    const [, taken] = await this.sql.batch([
      { sql: 'DELETE FROM citation_quota WHERE day < ?', params: [day] },
      {
        // Counted only while under the limit: past it the update is skipped and nothing changes.
        sql: `INSERT INTO citation_quota (day, network, count) VALUES (?, ?, 1)
              ON CONFLICT (day, network) DO UPDATE SET count = count + 1 WHERE count < ?`,
        params: [day, network, limit],
      },
    ]);
    return taken === 1;
  }

  findReference(serial: string): Promise<CardReference | null> {
    return findReference(this.sql, serial);
  }

  addReport(report: NewReport): Promise<void> {
    return addReport(this.sql, report);
  }

  countCardReportPhotos(serial: string, since: string): Promise<number> {
    return countCardReportPhotos(this.sql, serial, since);
  }

  findCitation(id: string): Promise<Citation | null> {
    return this.sql.first<Citation>(
      'SELECT id, token, receipt, created_at AS createdAt FROM citations WHERE id = ?',
      id,
    );
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

  /**
   * Writes one flush of a card's scan aggregator in one transaction: its counts added (unless
   * this flush was written before: a retry after a lost answer adds nothing), its sketch of each
   * day replaced (only while the day's key stands: a sketch never outlives its day), and each
   * day's distinct scanners estimated from every shard's sketch into `scan_days`, never lowered,
   * where the summary, the history and the flagged list read them.
   */
  async recordScanFlush(flush: ScanFlush): Promise<ScanFlushResult> {
    const estimates: ScanFlushResult['estimates'] = [];
    const statements: SqlStatement[] = [];
    // Not yet written: no marker of this aggregator at this seq or later.
    const fresh = 'NOT EXISTS (SELECT 1 FROM scan_flushes WHERE aggregator = ? AND seq >= ?)';
    if (flush.counts.length > 0) {
      // One statement for every count: a D1 batch is charged per statement.
      statements.push({
        sql: `INSERT INTO scans (serial, minute, channel, country, scanner, count)
                SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                       json_extract(value, '$[2]'), '', json_extract(value, '$[3]')
                  FROM json_each(?) WHERE ${fresh}
                ON CONFLICT (serial, minute, channel, country, scanner)
                DO UPDATE SET count = count + excluded.count`,
        params: [
          flush.serial,
          JSON.stringify(flush.counts.map((c) => [c.minute, c.channel, c.country, c.count])),
          flush.aggregator,
          flush.seq,
        ],
      });
    }
    for (const { day, registers } of flush.sketches) {
      // The other shards' sketches as committed now: the union this flush sees (and all a late
      // flush for an ended day, whose sketch is not kept, can add). The estimate only rises.
      const others = await this.sql.all<{ registers: unknown }>(
        'SELECT registers FROM scan_sketches WHERE serial = ? AND day = ? AND shard <> ?',
        flush.serial,
        day,
        flush.shard,
      );
      const union = new ScanSketch(registers);
      for (const row of others) union.merge(sketchBytes(row.registers));
      const scanners = union.estimate();
      estimates.push({ day, scanners });
      statements.push(
        {
          sql: `INSERT INTO scan_sketches (serial, day, shard, registers)
                  SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM scanner_keys WHERE day = ?)
                  ON CONFLICT (serial, day, shard) DO UPDATE SET registers = excluded.registers`,
          params: [flush.serial, day, flush.shard, registers, day],
        },
        { sql: SCAN_DAY_ESTIMATE, params: [flush.serial, day, scanners] },
      );
    }
    statements.push({
      sql: `INSERT INTO scan_flushes (aggregator, seq) VALUES (?, ?)
              ON CONFLICT (aggregator) DO UPDATE SET seq = excluded.seq
              WHERE excluded.seq > scan_flushes.seq`,
      params: [flush.aggregator, flush.seq],
    });
    const changed = await this.sql.batch(statements);
    let written = statements.length;
    // Shards flush concurrently: each read the others' sketches before its own commit, so two
    // flushes at once may each miss the other's latest. Read the union again once this one is
    // committed: whichever shard commits last then sees every shard's sketch, and the day's
    // figure is the whole union without waiting for the day's end.
    for (const estimate of estimates) {
      const rows = await this.sql.all<{ registers: unknown }>(
        'SELECT registers FROM scan_sketches WHERE serial = ? AND day = ?',
        flush.serial,
        estimate.day,
      );
      if (rows.length < 2) continue; // nothing another shard could have added
      const union = new ScanSketch(sketchBytes(rows[0]!.registers));
      for (const row of rows.slice(1)) union.merge(sketchBytes(row.registers));
      const scanners = union.estimate();
      if (scanners <= estimate.scanners) continue;
      estimate.scanners = scanners;
      await this.sql.run(SCAN_DAY_ESTIMATE, flush.serial, estimate.day, scanners);
      written += 1;
    }
    return { counted: changed.at(-1) === 1, statements: written, estimates };
  }

  /** When the card was revoked (ISO 8601) as committed now, or null: one primary-key read. */
  async readRevokedAt(serial: string): Promise<string | null> {
    const row = await this.sql.first<{ revoked_at: string }>(
      'SELECT revoked_at FROM revocations WHERE serial = ?',
      serial,
    );
    return row?.revoked_at ?? null;
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

  /** The recipients' claims, over the same connection. */
  claims(): SqlClaimStore {
    return new SqlClaimStore(this.sql);
  }
}

/** The hex rid of a card's token text; null without a token, or for one that does not parse. */
async function ridOf(token: string | null): Promise<string | null> {
  if (!token) return null;
  try {
    return toHex(await revocationId(parseTokenText(token)));
  } catch {
    return null;
  }
}
