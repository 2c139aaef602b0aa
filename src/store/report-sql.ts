// Reports of suspected fakes in plain SQL, for SQLite and D1 alike: the public side adds one
// (SqlStore), legal lists, reads, links and closes them (SqlAdminStore).
import { base64url } from 'jose';
import {
  CachetError,
  concatBytes,
  type NewReport,
  type Report,
  type ReportOutcome,
  type ReportQuery,
} from '../core/index.js';
import { constraintOf, type SqlDb, type SqlStatement } from './sql-db.js';

/** Photo bytes per row: 512 KiB is 683 KiB of base64, far under D1's 2 MB a value. */
const PHOTO_PART = 512 * 1024;

const COLUMNS = `id, created_at, lang, code, verdict, serial, place, seen_where, seen_on, details,
  contact, photo_type, photo_bytes, card_serial, linked_by, status, outcome, outcome_note,
  closed_at, closed_by`;

interface ReportRow {
  id: string;
  created_at: string;
  lang: string;
  code: string | null;
  verdict: string | null;
  serial: string | null;
  place: Report['place'];
  seen_where: string;
  seen_on: string | null;
  details: string;
  contact: string | null;
  photo_type: string | null;
  photo_bytes: number | null;
  card_serial: string | null;
  linked_by: string | null;
  status: Report['status'];
  outcome: ReportOutcome | null;
  outcome_note: string | null;
  closed_at: string | null;
  closed_by: string | null;
}

const toReport = (r: ReportRow): Report => ({
  id: r.id,
  createdAt: r.created_at,
  lang: r.lang,
  code: r.code,
  verdict: r.verdict,
  serial: r.serial,
  place: r.place,
  where: r.seen_where,
  seenOn: r.seen_on,
  details: r.details,
  contact: r.contact,
  photo: r.photo_type ? { type: r.photo_type, bytes: r.photo_bytes ?? 0 } : null,
  cardSerial: r.card_serial,
  linkedBy: r.linked_by,
  status: r.status,
  outcome: r.outcome,
  outcomeNote: r.outcome_note,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
});

/** Keeps the report and its photo's parts in one transaction. */
export async function addReport(sql: SqlDb, report: NewReport): Promise<void> {
  const { photo } = report;
  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO reports (id, created_at, lang, code, verdict, serial, place, seen_where,
          seen_on, details, contact, photo_type, photo_bytes, card_serial, linked_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [
        report.id,
        report.createdAt,
        report.lang,
        report.code,
        report.verdict,
        report.serial,
        report.place,
        report.where,
        report.seenOn,
        report.details,
        report.contact,
        photo?.type ?? null,
        photo?.bytes.length ?? null,
        report.cardSerial,
        report.cardSerial ? 'code' : null,
      ],
    },
  ];
  for (let at = 0, part = 0; photo && at < photo.bytes.length; at += PHOTO_PART, part++) {
    statements.push({
      sql: 'INSERT INTO report_photos (report_id, part, data) VALUES (?, ?, ?)',
      params: [report.id, part, base64url.encode(photo.bytes.subarray(at, at + PHOTO_PART))],
    });
  }
  try {
    await sql.batch(statements);
  } catch (error) {
    if (constraintOf(error) === 'unique') {
      throw new CachetError('ERR_CONFLICT', `a report ${report.id} exists`);
    }
    throw error;
  }
}

/** How many reports linked to the card kept a photo since `since`: read on reports_by_card. */
export async function countCardReportPhotos(
  sql: SqlDb,
  serial: string,
  since: string,
): Promise<number> {
  const row = await sql.first<{ n: number }>(
    'SELECT count(*) AS n FROM reports WHERE card_serial = ? AND created_at >= ? AND photo_type IS NOT NULL',
    serial,
    since,
  );
  return Number(row?.n ?? 0);
}

export async function listReports(
  sql: SqlDb,
  query: ReportQuery,
): Promise<{ reports: Report[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status) {
    where.push('status = ?');
    params.push(query.status);
  }
  if (query.card) {
    where.push('card_serial = ?');
    params.push(query.card);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await sql.all<ReportRow>(
    `SELECT ${COLUMNS} FROM reports ${filter} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`,
    ...params,
    query.limit,
    query.offset,
  );
  const count = await sql.first<{ n: number }>(
    `SELECT count(*) AS n FROM reports ${filter}`,
    ...params,
  );
  return { reports: rows.map(toReport), total: count?.n ?? 0 };
}

export async function findReport(sql: SqlDb, id: string): Promise<Report | null> {
  const row = await sql.first<ReportRow>(`SELECT ${COLUMNS} FROM reports WHERE id = ?`, id);
  return row && toReport(row);
}

/** The kept bytes of a report's photo, its parts joined; null when it has none. */
export async function reportPhoto(sql: SqlDb, id: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const parts = await sql.all<{ data: string }>(
    'SELECT data FROM report_photos WHERE report_id = ? ORDER BY part',
    id,
  );
  return parts.length === 0 ? null : concatBytes(...parts.map((p) => base64url.decode(p.data)));
}

const missing = (id: string) => new CachetError('ERR_NOT_FOUND', `there is no report ${id}`);

export async function linkReport(sql: SqlDb, id: string, card: string, by: string) {
  if (!(await sql.first('SELECT 1 FROM cards WHERE serial = ?', card))) {
    throw new CachetError('ERR_NOT_FOUND', 'there is no card with this serial');
  }
  const changed = await sql.run(
    'UPDATE reports SET card_serial = ?, linked_by = ? WHERE id = ?',
    card,
    by,
    id,
  );
  if (changed === 0) throw missing(id);
}

export async function closeReport(
  sql: SqlDb,
  id: string,
  close: { outcome: ReportOutcome; note: string | null; by: string; at: string },
) {
  const changed = await sql.run(
    `UPDATE reports SET status = 'closed', outcome = ?, outcome_note = ?, closed_by = ?,
       closed_at = ? WHERE id = ? AND status = 'open'`,
    close.outcome,
    close.note,
    close.by,
    close.at,
    id,
  );
  if (changed > 0) return;
  if (await findReport(sql, id)) {
    throw new CachetError('ERR_CONFLICT', `report ${id} is closed already`);
  }
  throw missing(id);
}
