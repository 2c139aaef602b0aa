// The references of cards as issued (0011_card_references.sql), over the SqlDb port: the
// current one of a card, its bytes kept in base64url parts as report photos are.
import { base64url } from 'jose';
import { concatBytes, type CardReference } from '../core/index.js';
import type { SqlDb } from './sql-db.js';

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
