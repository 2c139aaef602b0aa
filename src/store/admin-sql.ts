// The staff side of the registry in plain SQL, written once for better-sqlite3 and D1 alike.
import {
  CachetError,
  fromHex,
  toHex,
  type AdminStore,
  type AuditEntry,
  type CardQuery,
  type DisabledIdentity,
  type FlagThresholds,
  type FlaggedCard,
  type IssuedCount,
  type NewReference,
  type NewStaffMember,
  type OidcIdentity,
  type Role,
  type ReportQuery,
  type ScanHistory,
  type StaffCard,
  type StaffMember,
} from '../core/index.js';
import { ScanSketch } from '../core/scan-sketch.js';
import { SCAN_DAY_ESTIMATE, sketchBytes, toCardRecord, type CardRow } from './card-row.js';
import * as references from './reference-sql.js';
import * as reports from './report-sql.js';
import { constraintOf, type SqlDb } from './sql-db.js';

const STAFF_COLUMNS =
  'id, name, role, boutique, created_at, disabled_at, key_hash IS NOT NULL AS has_key';

interface StaffRow {
  id: string;
  name: string;
  role: Role;
  boutique: number | null;
  created_at: string;
  disabled_at: string | null;
  has_key: number;
}

const toStaff = (row: StaffRow): StaffMember => ({
  id: row.id,
  name: row.name,
  role: row.role,
  boutique: row.boutique,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  hasKey: Boolean(row.has_key),
});

const DISABLED_IDENTITY_COLUMNS =
  'issuer, subject, disabled_at AS disabledAt, disabled_by AS disabledBy';

/** The public row plus what only staff read: the client reference, the token, the note. */
const STAFF_CARD = `SELECT c.serial, c.kid, c.issued, c.boutique, c.associate, c.occasion, c.addressee,
    c.minted_at, r.revoked_at, r.reason, r.note, r.revoked_by, c.client_ref, c.token,
    b.code AS b_code, b.name AS b_name, b.city AS b_city, b.country AS b_country,
    a.display_name AS a_name
  FROM cards c
  JOIN boutiques b ON b.number = c.boutique
  JOIN associates a ON a.number = c.associate
  LEFT JOIN revocations r ON r.serial = c.serial`;

interface StaffCardRow extends CardRow {
  note: string | null;
  revoked_by: string | null;
  client_ref: string | null;
  token: string | null;
}

const toStaffCard = (row: StaffCardRow): StaffCard => ({
  ...toCardRecord(row),
  clientRef: row.client_ref,
  token: row.token,
  revocationNote:
    row.revoked_at === null ? null : { note: row.note ?? '', by: row.revoked_by ?? '' },
});

/** The day a card is dated, as SQL computes it from `issued` (days since 2000-01-01). */
const ISSUE_DATE = `date('2000-01-01', '+' || c.issued || ' days')`;

export class SqlAdminStore implements AdminStore {
  readonly #db: SqlDb;

  constructor(db: SqlDb) {
    this.#db = db;
  }

  async addStaff(m: NewStaffMember, at: Date): Promise<void> {
    try {
      await this.#db.run(
        'INSERT INTO staff (id, name, role, boutique, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        m.id,
        m.name,
        m.role,
        m.boutique,
        m.keyHash,
        at.toISOString(),
      );
    } catch (error) {
      const kind = constraintOf(error);
      if (kind === 'unique') throw new CachetError('ERR_CONFLICT', `staff ${m.id} exists already`);
      if (kind === 'foreign')
        throw new CachetError('ERR_NOT_FOUND', `no boutique has the number ${m.boutique}`);
      throw error;
    }
  }

  async findStaffByKey(keyHash: string): Promise<StaffMember | null> {
    const row = await this.#db.first<StaffRow>(
      `SELECT ${STAFF_COLUMNS} FROM staff WHERE key_hash = ? AND disabled_at IS NULL`,
      keyHash,
    );
    return row && toStaff(row);
  }

  async listStaff(): Promise<StaffMember[]> {
    const rows = await this.#db.all<StaffRow>(
      `SELECT ${STAFF_COLUMNS} FROM staff ORDER BY created_at, id`,
    );
    return rows.map(toStaff);
  }

  async disableStaff(id: string, at: Date): Promise<void> {
    const changed = await this.#db.run(
      'UPDATE staff SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL',
      at.toISOString(),
      id,
    );
    if (changed === 0) throw new CachetError('ERR_NOT_FOUND', `no active staff member ${id}`);
  }

  async disableIdentity(identity: OidcIdentity, at: Date, by: string): Promise<DisabledIdentity> {
    const row = { ...identity, disabledAt: at.toISOString(), disabledBy: by };
    try {
      await this.#db.run(
        'INSERT INTO disabled_identities (issuer, subject, disabled_at, disabled_by) VALUES (?, ?, ?, ?)',
        row.issuer,
        row.subject,
        row.disabledAt,
        row.disabledBy,
      );
    } catch (error) {
      if (constraintOf(error) !== 'unique') throw error;
      throw new CachetError(
        'ERR_CONFLICT',
        `the identity "${identity.subject}" of ${identity.issuer} is disabled already`,
      );
    }
    return row;
  }

  async enableIdentity(identity: OidcIdentity): Promise<void> {
    const changed = await this.#db.run(
      'DELETE FROM disabled_identities WHERE issuer = ? AND subject = ?',
      identity.issuer,
      identity.subject,
    );
    if (changed === 0) {
      throw new CachetError(
        'ERR_NOT_FOUND',
        `the identity "${identity.subject}" of ${identity.issuer} is not disabled`,
      );
    }
  }

  async findDisabledIdentity(identity: OidcIdentity): Promise<DisabledIdentity | null> {
    return this.#db.first<DisabledIdentity>(
      `SELECT ${DISABLED_IDENTITY_COLUMNS} FROM disabled_identities WHERE issuer = ? AND subject = ?`,
      identity.issuer,
      identity.subject,
    );
  }

  async listDisabledIdentities(): Promise<DisabledIdentity[]> {
    return this.#db.all<DisabledIdentity>(
      `SELECT ${DISABLED_IDENTITY_COLUMNS} FROM disabled_identities ORDER BY disabled_at, issuer, subject`,
    );
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#db.run(
      'INSERT INTO audit_log (at, actor, role, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      e.at,
      e.actor,
      e.role,
      e.action,
      e.target,
      e.outcome,
      e.detail,
    );
  }

  async listAudit(query: { target?: string | undefined; limit: number }): Promise<AuditEntry[]> {
    const where = query.target === undefined ? '' : 'WHERE target = ?';
    const params = query.target === undefined ? [] : [query.target];
    return this.#db.all<AuditEntry>(
      `SELECT at, actor, role, action, target, outcome, detail FROM audit_log ${where} ORDER BY id DESC LIMIT ?`,
      ...params,
      query.limit,
    );
  }

  async searchCards(q: CardQuery): Promise<{ cards: StaffCard[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (q.boutique !== undefined) add('c.boutique = ?', q.boutique);
    if (q.fromDay !== undefined) add('c.issued >= ?', q.fromDay);
    if (q.toDay !== undefined) add('c.issued <= ?', q.toDay);
    if (q.status === 'revoked') add('r.serial IS NOT NULL');
    if (q.status === 'authentic') add('r.serial IS NULL');
    if (q.serialPrefix !== undefined) {
      // A range on the primary key rather than LIKE, which cannot use it.
      const last = `${q.serialPrefix}${'f'.repeat(16 - q.serialPrefix.length)}`;
      add('c.serial >= ? AND c.serial <= ?', q.serialPrefix, last);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.#db.all<StaffCardRow>(
      `${STAFF_CARD} ${clause} ORDER BY c.issued DESC, c.minted_at DESC, c.serial LIMIT ? OFFSET ?`,
      ...params,
      q.limit,
      q.offset,
    );
    const count = await this.#db.first<{ n: number }>(
      `SELECT count(*) AS n FROM cards c LEFT JOIN revocations r ON r.serial = c.serial ${clause}`,
      ...params,
    );
    return { cards: rows.map(toStaffCard), total: count?.n ?? 0 };
  }

  async findStaffCard(serial: string): Promise<StaffCard | null> {
    const row = await this.#db.first<StaffCardRow>(`${STAFF_CARD} WHERE c.serial = ?`, serial);
    return row && toStaffCard(row);
  }

  async scanHistory(serial: string): Promise<ScanHistory> {
    // Distinct scanners: those of an open day from its hashes, a folded day's from scan_days.
    const days = await this.#db.all<ScanHistory['days'][number]>(
      `WITH d AS (
         SELECT substr(minute, 1, 10) AS day, sum(count) AS scans,
                count(DISTINCT nullif(scanner, '')) AS scanners,
                count(DISTINCT nullif(country, '')) AS countries
           FROM scans WHERE serial = ? GROUP BY day
       )
       SELECT d.day, d.scans, d.scanners + coalesce(f.scanners, 0) AS scanners, d.countries
         FROM d LEFT JOIN scan_days f ON f.serial = ? AND f.day = d.day ORDER BY d.day`,
      serial,
      serial,
    );
    const countries = await this.#db.all<ScanHistory['countries'][number]>(
      `SELECT country, sum(count) AS scans FROM scans WHERE serial = ?
         GROUP BY country ORDER BY scans DESC, country`,
      serial,
    );
    const channels = await this.#db.all<ScanHistory['channels'][number]>(
      `SELECT channel, sum(count) AS scans FROM scans WHERE serial = ?
         GROUP BY channel ORDER BY scans DESC, channel`,
      serial,
    );
    const odd = await this.#db.first<{ before_issue: number; after_revocation: number }>(
      `SELECT coalesce(sum(CASE WHEN substr(s.minute, 1, 10) < ${ISSUE_DATE} THEN s.count END), 0) AS before_issue,
              coalesce(sum(CASE WHEN s.minute > substr(r.revoked_at, 1, 16) THEN s.count END), 0) AS after_revocation
         FROM scans s JOIN cards c ON c.serial = s.serial
         LEFT JOIN revocations r ON r.serial = s.serial
        WHERE s.serial = ?`,
      serial,
    );
    return {
      total: days.reduce((sum, d) => sum + d.scans, 0),
      days,
      countries,
      channels,
      beforeIssue: odd?.before_issue ?? 0,
      afterRevocation: odd?.after_revocation ?? 0,
    };
  }

  async flaggedCards(t: FlagThresholds, limit: number): Promise<FlaggedCard[]> {
    const rows = await this.#db.all<{
      serial: string;
      boutique: number | null;
      issued: number | null;
      revoked: number;
      total: number;
      last_scan: string;
      countries: number;
      before_issue: number;
      after_revocation: number;
      peak: number;
    }>(
      `WITH daily AS (
         SELECT serial, day, sum(n) AS n FROM (
           SELECT serial, substr(minute, 1, 10) AS day, count(DISTINCT nullif(scanner, '')) AS n
             FROM scans GROUP BY serial, day
           UNION ALL SELECT serial, day, scanners FROM scan_days
         ) GROUP BY serial, day
       ), per_card AS (
         SELECT s.serial, c.boutique, c.issued, r.serial IS NOT NULL AS revoked,
                sum(s.count) AS total, max(s.minute) AS last_scan,
                count(DISTINCT nullif(s.country, '')) AS countries,
                coalesce(sum(CASE WHEN substr(s.minute, 1, 10) < ${ISSUE_DATE} THEN s.count END), 0) AS before_issue,
                coalesce(sum(CASE WHEN s.minute > substr(r.revoked_at, 1, 16) THEN s.count END), 0) AS after_revocation
           FROM scans s LEFT JOIN cards c ON c.serial = s.serial
           LEFT JOIN revocations r ON r.serial = s.serial
          GROUP BY s.serial
       )
       SELECT * FROM (
         SELECT p.*, (SELECT max(n) FROM daily d WHERE d.serial = p.serial) AS peak FROM per_card p
       ) WHERE peak >= ? OR countries >= ? OR before_issue > 0 OR after_revocation > 0
       ORDER BY last_scan DESC LIMIT ?`,
      t.scannersPerDay,
      t.countries,
      limit,
    );
    return rows.map((row) => ({
      serial: row.serial,
      boutique: row.boutique,
      issued: row.issued,
      revoked: Boolean(row.revoked),
      peakScanners: row.peak,
      countries: row.countries,
      beforeIssue: row.before_issue,
      afterRevocation: row.after_revocation,
      total: row.total,
      lastScan: row.last_scan,
      reasons: [
        ...(row.peak >= t.scannersPerDay ? (['scanners-per-day'] as const) : []),
        ...(row.countries >= t.countries ? (['countries'] as const) : []),
        ...(row.before_issue > 0 ? (['before-issue'] as const) : []),
        ...(row.after_revocation > 0 ? (['after-revocation'] as const) : []),
      ],
    }));
  }

  async countCardsByKeyAndDay(): Promise<IssuedCount[]> {
    return this.#db.all<IssuedCount>(
      'SELECT kid, issued, COUNT(*) AS cards FROM cards GROUP BY kid, issued',
    );
  }

  /**
   * Ends every UTC day before `today` for the scan log: each day's distinct scanners are counted
   * into `scan_days`, its per-scanner rows merge into rows without a scanner, and its day key is
   * deleted, all in one transaction. Nothing that was a scanner's hash remains in the tables
   * (SQLite's secure_delete overwrites the freed space; the caller checkpoints the WAL).
   * The scan aggregators' sketches of each ended day are merged into its final estimate first,
   * then deleted with the key. Running it again, or for a day already ended, changes nothing.
   */
  async endScanDays(today: string): Promise<void> {
    const sketches = await this.#db.all<{ serial: string; day: string; registers: unknown }>(
      'SELECT serial, day, registers FROM scan_sketches WHERE day < ? ORDER BY serial, day',
      today,
    );
    const unions = new Map<string, { serial: string; day: string; sketch: ScanSketch }>();
    for (const row of sketches) {
      const key = `${row.serial}|${row.day}`;
      const union = unions.get(key) ?? {
        serial: row.serial,
        day: row.day,
        sketch: new ScanSketch(),
      };
      union.sketch.merge(sketchBytes(row.registers));
      unions.set(key, union);
    }
    await this.#db.batch([
      // The aggregators' final union of each day, before the direct hashes are added to it.
      ...[...unions.values()].map((u) => ({
        sql: SCAN_DAY_ESTIMATE,
        params: [u.serial, u.day, u.sketch.estimate()],
      })),
      { sql: 'DELETE FROM scan_sketches WHERE day < ?', params: [today] },
      {
        sql: `INSERT INTO scan_days (serial, day, scanners)
                SELECT serial, substr(minute, 1, 10), count(DISTINCT scanner) FROM scans
                 WHERE minute < ? AND scanner <> '' GROUP BY serial, substr(minute, 1, 10)
                ON CONFLICT (serial, day) DO UPDATE SET scanners = scanners + excluded.scanners`,
        params: [today],
      },
      {
        sql: `INSERT INTO scans (serial, minute, channel, country, scanner, count)
                SELECT serial, minute, channel, country, '', sum(count) FROM scans
                 WHERE minute < ? AND scanner <> '' GROUP BY serial, minute, channel, country
                ON CONFLICT (serial, minute, channel, country, scanner)
                DO UPDATE SET count = count + excluded.count`,
        params: [today],
      },
      { sql: `DELETE FROM scans WHERE minute < ? AND scanner <> ''`, params: [today] },
      { sql: 'DELETE FROM scanner_keys WHERE day < ?', params: [today] },
    ]);
  }

  async scannerKey(day: string): Promise<Uint8Array<ArrayBuffer>> {
    // Yesterday's key goes first: once its day is over nothing may recompute its hashes.
    await this.#db.run('DELETE FROM scanner_keys WHERE day <> ?', day);
    await this.#db.run(
      'INSERT OR IGNORE INTO scanner_keys (day, key) VALUES (?, ?)',
      day,
      toHex(crypto.getRandomValues(new Uint8Array(32))),
    );
    const row = await this.#db.first<{ key: string }>(
      'SELECT key FROM scanner_keys WHERE day = ?',
      day,
    );
    return fromHex(row!.key);
  }

  recordReference(reference: NewReference) {
    return references.recordReference(this.#db, reference);
  }

  referenceHistory(serial: string) {
    return references.referenceHistory(this.#db, serial);
  }

  referencePhoto(id: number) {
    return references.referenceBytes(this.#db, id, 'photo');
  }

  listReports(query: ReportQuery) {
    return reports.listReports(this.#db, query);
  }

  findReport(id: string) {
    return reports.findReport(this.#db, id);
  }

  reportPhoto(id: string) {
    return reports.reportPhoto(this.#db, id);
  }

  linkReport(id: string, cardSerial: string, by: string) {
    return reports.linkReport(this.#db, id, cardSerial, by);
  }

  closeReport(id: string, close: Parameters<AdminStore['closeReport']>[1]) {
    return reports.closeReport(this.#db, id, close);
  }
}
