// The recipients' claims (0012_claims.sql), over the SqlDb port: claim codes kept as salted
// hashes, claims with what their holders chose to show, and each change with its 0x03 log entry
// in the same transaction.
import {
  fromHex,
  toHex,
  type ClaimCodeRecord,
  type ClaimEnd,
  type ClaimRecord,
  type ClaimStore,
  type NewClaim,
} from '../core/index.js';
import type { SqlDb, SqlStatement } from './sql-db.js';

const SALT_SETTING = 'claim-code-salt';

interface ClaimRow {
  id: string;
  serial: string;
  number: number;
  claimed_at: number;
  via: 'slip' | 'transfer';
  handle: string | null;
  show_photo: number;
  photo_id: string | null;
  changed_at: number | null;
  ended_at: number | null;
  end_kind: ClaimEnd | null;
  void_reason: string | null;
  voided_by: string | null;
  holder_hash: string;
  log_index?: number | null;
}

const COLUMNS = `c.id, c.serial, c.number, c.claimed_at, k.via, c.handle, c.show_photo,
    c.photo_id, c.changed_at, c.ended_at, c.end_kind, c.void_reason, c.voided_by, c.holder_hash`;
const FROM = 'FROM claims c JOIN claim_codes k ON k.code_hash = c.code_hash';
const CLAIM = `SELECT ${COLUMNS} ${FROM}`;

// A claim's `claimed` entry: its event byte (hex from the 83rd character) and number follow the
// token hash, so the entry's text names the claim alone.
const CLAIMED_LOG_INDEX = `(SELECT l.log_index FROM log_entries l WHERE l.serial = c.serial
    AND l.kind = 3 AND substr(l.entry, 83, 6) = '01' || printf('%04x', c.number) LIMIT 1)`;

const toRecord = (row: ClaimRow): ClaimRecord => ({
  id: row.id,
  serial: row.serial,
  number: row.number,
  claimedAt: row.claimed_at,
  via: row.via,
  handle: row.handle,
  showPhoto: row.show_photo === 1,
  photoId: row.photo_id,
  changedAt: row.changed_at,
  endedAt: row.ended_at,
  end: row.end_kind,
  voidReason: row.void_reason,
  voidedBy: row.voided_by,
});

/** The claims of a registry over any engine that speaks the SqlDb port. */
export class SqlClaimStore implements ClaimStore {
  readonly sql: SqlDb;
  #salt: Uint8Array | undefined;

  constructor(sql: SqlDb) {
    this.sql = sql;
  }

  async claimSalt(): Promise<Uint8Array> {
    if (this.#salt) return this.#salt;
    // The first process to ask makes it; any other keeps the one that went in first.
    await this.sql.run(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      SALT_SETTING,
      toHex(crypto.getRandomValues(new Uint8Array(16))),
    );
    const row = await this.sql.first<{ value: string }>(
      'SELECT value FROM settings WHERE name = ?',
      SALT_SETTING,
    );
    return (this.#salt = fromHex(row!.value));
  }

  async findCode(codeHash: string): Promise<ClaimCodeRecord | null> {
    const row = await this.sql.first<{
      serial: string;
      via: 'slip' | 'transfer';
      created_at: number;
      spent_at: number | null;
    }>('SELECT serial, via, created_at, spent_at FROM claim_codes WHERE code_hash = ?', codeHash);
    return row
      ? { serial: row.serial, via: row.via, createdAt: row.created_at, spentAt: row.spent_at }
      : null;
  }

  async findClaim(id: string): Promise<(ClaimRecord & { holderHash: string }) | null> {
    const row = await this.sql.first<ClaimRow>(`${CLAIM} WHERE c.id = ?`, id);
    return row ? { ...toRecord(row), holderHash: row.holder_hash } : null;
  }

  async currentClaim(serial: string): Promise<ClaimRecord | null> {
    // One look-up on the index of standing claims (a verdict makes it for every registered card).
    const row = await this.sql.first<ClaimRow>(
      `${CLAIM} WHERE c.serial = ? AND c.ended_at IS NULL`,
      serial,
    );
    return row ? toRecord(row) : null;
  }

  async claimHistory(serial: string): Promise<ClaimRecord[]> {
    const rows = await this.sql.all<ClaimRow>(
      `SELECT ${COLUMNS}, ${CLAIMED_LOG_INDEX} AS log_index ${FROM}
        WHERE c.serial = ? ORDER BY c.number DESC`,
      serial,
    );
    return rows.map((row) => ({ ...toRecord(row), logIndex: row.log_index ?? null }));
  }

  findShownPhoto(photoId: string): Promise<{ serial: string } | null> {
    return this.sql.first<{ serial: string }>(
      'SELECT serial FROM claims WHERE photo_id = ? AND show_photo = 1 AND ended_at IS NULL',
      photoId,
    );
  }

  async addClaim(claim: NewClaim): Promise<boolean> {
    // Written only while the code waits, the card has no standing claim and this is its next
    // number; a claim whose id or photo name is taken is left out rather than failing the batch
    // (D1 aborts a whole batch on the first error). The log entry and the spending of the code
    // follow only that very claim.
    const [inserted] = await this.sql.batch([
      {
        sql: `INSERT INTO claims (id, serial, number, code_hash, holder_hash, claimed_at, handle,
            show_photo, photo_id)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
          WHERE EXISTS (SELECT 1 FROM claim_codes WHERE code_hash = ? AND serial = ? AND spent_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM claims WHERE serial = ? AND ended_at IS NULL)
            AND (SELECT count(*) FROM claims WHERE serial = ?) = ? - 1
          ON CONFLICT DO NOTHING`,
        params: [
          claim.id,
          claim.serial,
          claim.number,
          claim.codeHash,
          claim.holderHash,
          claim.claimedAt,
          claim.handle,
          claim.showPhoto ? 1 : 0,
          claim.photoId,
          claim.codeHash,
          claim.serial,
          claim.serial,
          claim.serial,
          claim.number,
        ],
      },
      {
        sql: 'INSERT INTO log_entries (serial, kind, entry, logged_at) SELECT ?, 3, ?, ? WHERE changes() > 0',
        params: [claim.serial, toHex(claim.logEntry), claim.claimedAt],
      },
      {
        sql: `UPDATE claim_codes SET spent_at = ? WHERE code_hash = ? AND spent_at IS NULL
          AND EXISTS (SELECT 1 FROM claims WHERE id = ? AND code_hash = ?)`,
        params: [claim.claimedAt, claim.codeHash, claim.id, claim.codeHash],
      },
    ]);
    return inserted! > 0;
  }

  async changeClaim(
    id: string,
    change: { handle: string | null; showPhoto: boolean; photoId: string | null; at: number },
    logEntry: Uint8Array,
  ): Promise<boolean> {
    const [changed] = await this.sql.batch([
      {
        sql: `UPDATE claims SET handle = ?, show_photo = ?, photo_id = ?, changed_at = ?
          WHERE id = ? AND ended_at IS NULL`,
        params: [change.handle, change.showPhoto ? 1 : 0, change.photoId, change.at, id],
      },
      {
        sql: `INSERT INTO log_entries (serial, kind, entry, logged_at)
          SELECT serial, 3, ?, ? FROM claims WHERE id = ? AND changes() > 0`,
        params: [toHex(logEntry), change.at, id],
      },
    ]);
    return changed! > 0;
  }

  async endClaim(
    id: string,
    end: { end: ClaimEnd; at: number; transferCodeHash?: string; reason?: string; by?: string },
    logEntry: Uint8Array,
  ): Promise<boolean> {
    // Each statement holds only while the claim stands; the claim itself is ended last.
    const standing = 'FROM claims WHERE id = ? AND ended_at IS NULL';
    const statements: SqlStatement[] = [
      {
        sql: `INSERT INTO log_entries (serial, kind, entry, logged_at) SELECT serial, 3, ?, ? ${standing}`,
        params: [toHex(logEntry), end.at, id],
      },
    ];
    if (end.transferCodeHash) {
      statements.push(
        {
          // A code waiting still (none should) is replaced: a card waits for one code at a time.
          sql: `UPDATE claim_codes SET spent_at = ? WHERE spent_at IS NULL
            AND serial = (SELECT serial ${standing})`,
          params: [end.at, id],
        },
        {
          sql: `INSERT INTO claim_codes (code_hash, serial, via, created_at)
            SELECT ?, serial, 'transfer', ? ${standing}`,
          params: [end.transferCodeHash, end.at, id],
        },
      );
    }
    statements.push({
      // The photo's name goes with the claim: a withdrawn URL never shows the photo again.
      sql: `UPDATE claims SET ended_at = ?, end_kind = ?, void_reason = ?, voided_by = ?,
          photo_id = NULL
        WHERE id = ? AND ended_at IS NULL`,
      params: [end.at, end.end, end.reason ?? null, end.by ?? null, id],
    });
    const changes = await this.sql.batch(statements);
    return changes.at(-1)! > 0;
  }

  async reissueCode(serial: string, codeHash: string, at: number): Promise<boolean> {
    const unclaimed = 'NOT EXISTS (SELECT 1 FROM claims WHERE serial = ? AND ended_at IS NULL)';
    const [, inserted] = await this.sql.batch([
      {
        sql: `UPDATE claim_codes SET spent_at = ? WHERE serial = ? AND spent_at IS NULL AND ${unclaimed}`,
        params: [at, serial, serial],
      },
      {
        sql: `INSERT INTO claim_codes (code_hash, serial, via, created_at)
          SELECT ?, ?, 'slip', ? WHERE ${unclaimed}`,
        params: [codeHash, serial, at, serial],
      },
    ]);
    return inserted! > 0;
  }

  async takeAttempt(serial: string, windowStart: number, limit: number): Promise<boolean> {
    if (limit <= 0) return false;
    const [, taken] = await this.sql.batch([
      { sql: 'DELETE FROM claim_attempts WHERE window_start < ?', params: [windowStart] },
      {
        // Counted only while under the limit: past it the update is skipped and nothing changes.
        sql: `INSERT INTO claim_attempts (serial, window_start, count) VALUES (?, ?, 1)
          ON CONFLICT (serial, window_start) DO UPDATE SET count = count + 1 WHERE count < ?`,
        params: [serial, windowStart, limit],
      },
    ]);
    return taken === 1;
  }
}
