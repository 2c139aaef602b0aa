// The issuance log in the registry's tables (0006_log.sql), over the SqlDb port: on Node it is
// the log itself; on Workers D1 holds the entries and their places.
import { fromHex, toHex, type LogStep, type LogStore } from '../core/index.js';
import type { SqlDb } from './sql-db.js';

const placement = (p: { seq: number; index: number }) => ({
  sql: 'UPDATE log_entries SET log_index = ? WHERE seq = ? AND log_index IS NULL',
  params: [p.index, p.seq],
});

export class SqlLogStore implements LogStore {
  readonly #sql: SqlDb;

  constructor(sql: SqlDb) {
    this.#sql = sql;
  }

  async placedSize() {
    const row = await this.#sql.first<{ n: number | null }>(
      'SELECT max(log_index) + 1 AS n FROM log_entries',
    );
    return row?.n ?? 0;
  }

  async pendingEntries(limit: number) {
    const rows = await this.#sql.all<{ seq: number; entry: string }>(
      'SELECT seq, entry FROM log_entries WHERE log_index IS NULL ORDER BY seq LIMIT ?',
      limit,
    );
    return rows.map((r) => ({ seq: r.seq, entry: fromHex(r.entry) }));
  }

  latestCheckpoint() {
    return this.#sql.first<{ size: number; note: string }>(
      'SELECT size, note || cosignatures AS note FROM log_checkpoints ORDER BY size DESC LIMIT 1',
    );
  }

  async checkpointAt(size: number) {
    const row = await this.#sql.first<{ note: string }>(
      'SELECT note || cosignatures AS note FROM log_checkpoints WHERE size = ?',
      size,
    );
    return row?.note ?? null;
  }

  async addCosignatures(size: number, lines: string[]) {
    const row = await this.#sql.first<{ cosignatures: string }>(
      'SELECT cosignatures FROM log_checkpoints WHERE size = ?',
      size,
    );
    if (!row) return;
    const kept = row.cosignatures.split('\n').filter(Boolean);
    const added = lines.map((l) => l.trimEnd()).filter((l) => !kept.includes(l));
    if (added.length === 0) return;
    await this.#sql.run(
      'UPDATE log_checkpoints SET cosignatures = ? WHERE size = ?',
      [...kept, ...added].map((l) => `${l}\n`).join(''),
      size,
    );
  }

  async tile(level: number, index: number) {
    const row = await this.#sql.first<{ hashes: string }>(
      'SELECT hashes FROM log_tiles WHERE level = ? AND idx = ?',
      level,
      index,
    );
    return row ? fromHex(row.hashes) : null;
  }

  async entries(start: number, end: number) {
    const rows = await this.#sql.all<{ entry: string }>(
      'SELECT entry FROM log_entries WHERE log_index >= ? AND log_index < ? ORDER BY log_index',
      start,
      end,
    );
    return rows.map((r) => fromHex(r.entry));
  }

  async positionOf(serial: string) {
    const row = await this.#sql.first<{ log_index: number; logged_at: number; entry: string }>(
      'SELECT log_index, logged_at, entry FROM log_entries WHERE serial = ? AND kind = 1 AND log_index IS NOT NULL',
      serial,
    );
    return row
      ? { index: row.log_index, loggedAt: row.logged_at, entry: fromHex(row.entry) }
      : null;
  }

  async entryOf(serial: string) {
    const row = await this.#sql.first<{ entry: string }>(
      'SELECT entry FROM log_entries WHERE serial = ? AND kind = 1',
      serial,
    );
    return row ? fromHex(row.entry) : null;
  }

  async latestReferenceOf(serial: string) {
    const row = await this.#sql.first<{
      log_index: number | null;
      logged_at: number;
      entry: string;
    }>(
      'SELECT log_index, logged_at, entry FROM log_entries WHERE serial = ? AND kind = 2 ORDER BY seq DESC LIMIT 1',
      serial,
    );
    return row
      ? { index: row.log_index, loggedAt: row.logged_at, entry: fromHex(row.entry) }
      : null;
  }

  /** Gives entries their places (one transaction). */
  async place(placed: LogStep['placed']): Promise<void> {
    if (placed.length > 0) await this.#sql.batch(placed.map(placement));
  }

  async commit(step: LogStep): Promise<void> {
    await this.#sql.batch([
      ...step.placed.map(placement),
      ...step.tiles.map((t) => ({
        sql: `INSERT INTO log_tiles (level, idx, hashes) VALUES (?, ?, ?)
          ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes`,
        params: [t.level, t.index, toHex(t.hashes)],
      })),
      {
        sql: 'INSERT INTO log_checkpoints (size, note, signed_at) VALUES (?, ?, ?) ON CONFLICT (size) DO NOTHING',
        params: [step.checkpoint.size, step.checkpoint.note, step.checkpoint.signedAt],
      },
    ]);
  }
}
