// The references of cards as issued (0011_card_references.sql), over the SqlDb port: the
// current one of a card, every one it had, and a new one recorded with its log entry; the bytes
// kept in base64url parts as report photos are.
import { base64url } from 'jose';
import {
  concatBytes,
  toHex,
  type CardReference,
  type NewReference,
  type ReferenceRecord,
} from '../core/index.js';
import type { SqlDb, SqlStatement } from './sql-db.js';

/** Bytes per row: 512 KiB is 683 KiB of base64, far under D1's 2 MB a value. */
const PART = 512 * 1024;

interface ReferenceRow {
  id: number;
  serial: string;
  type: ReferenceRecord['type'];
  photo_bytes: number;
  photo_sha256: string;
  fingerprint_sha256: string;
  recorded_at: number;
  recorded_by: string;
  replaced_at: number | null;
  log_index: number | null;
}

// A reference's log entry holds its hashes and time, so its text names it alone.
const HISTORY = `SELECT r.id, r.serial, r.type, r.photo_bytes, r.photo_sha256, r.fingerprint_sha256,
    r.recorded_at, r.recorded_by, r.replaced_at,
    (SELECT l.log_index FROM log_entries l WHERE l.serial = r.serial AND l.kind = 2
      AND l.logged_at = r.recorded_at AND substr(l.entry, 83, 128) = r.photo_sha256 || r.fingerprint_sha256
      LIMIT 1) AS log_index
  FROM card_references r`;

const toRecord = (row: ReferenceRow): ReferenceRecord => ({
  id: row.id,
  serial: row.serial,
  type: row.type,
  photoBytes: row.photo_bytes,
  photoSha256: row.photo_sha256,
  fingerprintSha256: row.fingerprint_sha256,
  recordedAt: row.recorded_at,
  recordedBy: row.recorded_by,
  replacedAt: row.replaced_at,
  logIndex: row.log_index,
});

/** The statements that keep `bytes` as the parts of the card's current reference. */
function partStatements(serial: string, what: 'photo' | 'fingerprint', bytes: Uint8Array) {
  const statements: SqlStatement[] = [];
  for (let at = 0, part = 0; at < bytes.length; at += PART, part++) {
    statements.push({
      sql: `INSERT INTO card_reference_parts (reference_id, what, part, data)
        VALUES ((SELECT id FROM card_references WHERE serial = ? AND replaced_at IS NULL), ?, ?, ?)`,
      params: [serial, what, part, base64url.encode(bytes.subarray(at, at + PART))],
    });
  }
  return statements;
}

/**
 * Keeps the reference, its parts and its 0x02 log entry in one transaction, the card's current
 * reference (if any) marked replaced first: a reference is never kept without its commitment.
 */
export async function recordReference(sql: SqlDb, r: NewReference): Promise<ReferenceRecord> {
  await sql.batch([
    {
      sql: 'UPDATE card_references SET replaced_at = ? WHERE serial = ? AND replaced_at IS NULL',
      params: [r.recordedAt, r.serial],
    },
    {
      sql: `INSERT INTO card_references (serial, type, photo_bytes, photo_sha256, fingerprint_sha256,
          recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      params: [
        r.serial,
        r.type,
        r.photo.length,
        r.photoSha256,
        r.fingerprintSha256,
        r.recordedAt,
        r.recordedBy,
      ],
    },
    ...partStatements(r.serial, 'photo', r.photo),
    ...partStatements(r.serial, 'fingerprint', r.fingerprint),
    {
      sql: 'INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)',
      params: [r.serial, toHex(r.logEntry), r.recordedAt],
    },
  ]);
  const [current] = await referenceHistory(sql, r.serial);
  return current!;
}

/** Every reference of the card: the current one first, then the replaced ones, newest first. */
export async function referenceHistory(sql: SqlDb, serial: string): Promise<ReferenceRecord[]> {
  const rows = await sql.all<ReferenceRow>(
    `${HISTORY} WHERE r.serial = ? ORDER BY r.replaced_at IS NOT NULL, r.id DESC`,
    serial,
  );
  return rows.map(toRecord);
}

/** The bytes of one reference (`photo` or `fingerprint`), its parts joined; null if none. */
export async function referenceBytes(
  sql: SqlDb,
  id: number,
  what: 'photo' | 'fingerprint',
): Promise<Uint8Array<ArrayBuffer> | null> {
  const parts = await sql.all<{ data: string }>(
    'SELECT data FROM card_reference_parts WHERE reference_id = ? AND what = ? ORDER BY part',
    id,
    what,
  );
  return parts.length === 0 ? null : concatBytes(...parts.map((p) => base64url.decode(p.data)));
}

/** The card's current reference with its fingerprint, or null. */
export async function findReference(sql: SqlDb, serial: string): Promise<CardReference | null> {
  const row = await sql.first<{
    id: number;
    recorded_at: number;
    photo_sha256: string;
    fingerprint_sha256: string;
  }>(
    `SELECT id, recorded_at, photo_sha256, fingerprint_sha256 FROM card_references
      WHERE serial = ? AND replaced_at IS NULL`,
    serial,
  );
  if (!row) return null;
  const fingerprint = await referenceBytes(sql, row.id, 'fingerprint');
  if (!fingerprint) return null;
  return {
    serial,
    fingerprint,
    recordedAt: row.recorded_at,
    photoSha256: row.photo_sha256,
    fingerprintSha256: row.fingerprint_sha256,
  };
}
