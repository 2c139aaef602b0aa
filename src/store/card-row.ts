// The SQL and row mappings both registries share: the card look-up on the hot path (one joined
// row, read column by column so that client_ref is never read), the scan upsert, associates.
// The public reason of a revocation is read here; its staff note never is.
import type { Associate, CardRecord, MintedByKey, RevocationReason } from '../core/index.js';
import type { SqlDb } from './sql-db.js';

export interface CardRow {
  serial: string;
  kid: string;
  issued: number;
  boutique: number;
  associate: number;
  occasion: number;
  addressee: string | null;
  minted_at: string;
  revoked_at: string | null;
  reason: string | null;
  b_code: string;
  b_name: string;
  b_city: string;
  b_country: string;
  a_name: string;
  log_index: number | null;
  logged_at: number | null;
  token: string | null;
}

// One look-up gives verification all it shows. Selected column by column: client_ref is never
// read on this path.
export const FIND_CARD = `SELECT c.serial, c.kid, c.issued, c.boutique, c.associate, c.occasion, c.addressee,
    c.minted_at, r.revoked_at, r.reason,
    b.code AS b_code, b.name AS b_name, b.city AS b_city, b.country AS b_country,
    a.display_name AS a_name, l.log_index, l.logged_at, c.token
  FROM cards c
  JOIN boutiques b ON b.number = c.boutique
  JOIN associates a ON a.number = c.associate
  LEFT JOIN revocations r ON r.serial = c.serial
  LEFT JOIN log_entries l ON l.serial = c.serial AND l.kind = 1
  WHERE c.serial = ?`;

export function toCardRecord(row: CardRow): CardRecord {
  return {
    serial: row.serial,
    kid: row.kid,
    issued: row.issued,
    boutique: row.boutique,
    associate: row.associate,
    occasion: row.occasion,
    addressee: row.addressee,
    mintedAt: row.minted_at,
    token: row.token ?? null,
    revocation:
      row.revoked_at === null
        ? null
        : { revokedAt: row.revoked_at, reason: row.reason as RevocationReason },
    log:
      row.log_index === null || row.log_index === undefined
        ? null
        : { index: row.log_index, loggedAt: new Date(row.logged_at! * 1000).toISOString() },
    names: {
      boutique: {
        number: row.boutique,
        code: row.b_code,
        name: row.b_name,
        city: row.b_city,
        country: row.b_country,
      },
      associate: { number: row.associate, boutique: row.boutique, displayName: row.a_name },
    },
  };
}

/** Adds a batch's counts to the scans table (one statement per merged count). */
export const SCAN_UPSERT = `INSERT INTO scans (serial, minute, channel, country, scanner, count) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (serial, minute, channel, country, scanner) DO UPDATE SET count = count + excluded.count`;

/** An associates row, as both registries read it. */
export interface AssociateRow {
  number: number;
  boutique: number;
  display_name: string;
}

export const toAssociate = (row: AssociateRow): Associate => ({
  number: row.number,
  boutique: row.boutique,
  displayName: row.display_name,
});

/**
 * One serial's scan summary; the primary key (serial, ...) makes every part a range read. A
 * day's distinct scanners are those whose hashes are still in `scans` (an open day written
 * directly) plus the day's figure in `scan_days` (a folded day, or the aggregators' estimate of
 * an open one), as the history and the flagged list add them; the peak is the most of any day.
 * Bind the serial three times.
 */
export const SCAN_SUMMARY = `SELECT coalesce(sum(count), 0) AS count, min(minute) AS since,
       count(DISTINCT nullif(country, '')) AS countries,
       coalesce((SELECT max(n) FROM (SELECT sum(n) AS n FROM (
           SELECT substr(minute, 1, 10) AS day, count(DISTINCT scanner) AS n FROM scans
            WHERE serial = ? AND scanner <> '' GROUP BY day
           UNION ALL SELECT day, scanners FROM scan_days WHERE serial = ?) GROUP BY day)), 0)
         AS peakScanners
  FROM scans WHERE serial = ?`;

/**
 * Raises an open day's distinct scanners to an aggregator's estimate, never lowering them: the
 * shards' flushes each write the union they see, and the largest is the most complete.
 */
export const SCAN_DAY_ESTIMATE = `INSERT INTO scan_days (serial, day, scanners) VALUES (?, ?, ?)
  ON CONFLICT (serial, day) DO UPDATE SET scanners = max(scanners, excluded.scanners)`;

/** A sketch's BLOB as an engine returns it: a Buffer (better-sqlite3) or an array of bytes (D1). */
export function sketchBytes(blob: unknown): Uint8Array {
  if (blob instanceof Uint8Array) return blob;
  if (blob instanceof ArrayBuffer) return new Uint8Array(blob);
  return Uint8Array.from(blob as number[]);
}

/** D1 binds at most 100 parameters a statement. */
const KEYS_PER_QUERY = 100;

/** The cards minted under these idempotency keys, for both engines. */
export async function findMintedIn(db: SqlDb, keys: string[]): Promise<Map<string, MintedByKey>> {
  const found = new Map<string, MintedByKey>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const part = keys.slice(i, i + KEYS_PER_QUERY);
    const rows = await db.all<{ mint_key: string; serial: string; token: string | null }>(
      `SELECT mint_key, serial, token FROM cards WHERE mint_key IN (${part.map(() => '?').join(', ')})`,
      ...part,
    );
    for (const row of rows) found.set(row.mint_key, { serial: row.serial, token: row.token });
  }
  return found;
}
