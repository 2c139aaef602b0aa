// One shard of a card's scan aggregator on Workers (wrangler.toml's SCANS binding): isolates'
// batches merged and kept in the object's own SQLite before each answer, written to D1 in one
// transaction at most every CACHET_SCAN_AGGREGATE_MS, with the card's revocation in each answer.
import {
  CachetError,
  type CardState,
  type ScanBatch,
  type ScanBatchAck,
  type ScanCount,
} from '../core/index.js';
import { readSettings } from '../config.js';
import {
  checkScanBatch,
  ScanAggregator,
  type AggregatorState,
  type BatchChanges,
  type RaisedRegister,
} from '../services/scan-aggregator.js';
import { D1Store } from '../store/d1.js';
import type { DurableObjectSql, DurableObjectState, Env } from './env.js';

/** How long a batch id is remembered: an isolate resends a failed batch within seconds. */
const BATCH_ID_MS = 60 * 60 * 1000;
/** How old the card's revocation state may be in an answer. */
const CARD_STATE_MS = 1000;
/** The header an isolate names the object with (its idFromName), for runtimes that do not say. */
export const AGGREGATOR_HEADER = 'cachet-aggregator';

/** The object's tables: what it holds until D1 has it, and the batch ids it has counted. */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS counts (seq INTEGER NOT NULL, minute TEXT NOT NULL,
     channel TEXT NOT NULL, country TEXT NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (seq, minute, channel, country))`,
  `CREATE TABLE IF NOT EXISTS registers (day TEXT NOT NULL, idx INTEGER NOT NULL,
     rank INTEGER NOT NULL, PRIMARY KEY (day, idx))`,
  'CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS batches_at ON batches (at)',
  'CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
];

/** The totals /stats answers, since the object started. */
interface Totals {
  batches: number;
  duplicates: number;
  scans: number;
  flushes: number;
  statements: number;
}

export class ScanAggregatorObject {
  readonly #state: DurableObjectState;
  readonly #sql: DurableObjectSql;
  readonly #store: D1Store;
  readonly #aggregateMs: number;
  #aggregator: ScanAggregator | undefined;
  #card: CardState | undefined;
  #cardRead: Promise<CardState> | undefined;
  #flushing: Promise<{ scans: number; statements: number }> | undefined;
  #lastFlushAt = 0;
  readonly #totals: Totals = { batches: 0, duplicates: 0, scans: 0, flushes: 0, statements: 0 };

  constructor(state: DurableObjectState, env: Env) {
    this.#state = state;
    this.#sql = state.storage.sql;
    for (const statement of SCHEMA) this.#sql.exec(statement);
    this.#store = new D1Store(env.DB);
    this.#aggregateMs = readSettings(env).scanAggregateMs;
    this.#aggregator = this.#restore();
  }

  async fetch(request: Request): Promise<Response> {
    try {
      const path = new URL(request.url).pathname;
      if (request.method === 'POST' && path === '/batch') {
        return Response.json(await this.#batch(request));
      }
      if (request.method === 'POST' && path === '/flush')
        return Response.json(await this.#flushAll());
      if (request.method === 'GET' && path === '/stats') {
        return Response.json({ ...this.#totals, pending: this.#aggregator?.pending ?? 0 });
      }
      return Response.json({ error: { code: 'ERR_NOT_FOUND' } }, { status: 404 });
    } catch (error) {
      const known = error instanceof CachetError && error.code === 'ERR_INVALID_ARGUMENT';
      if (!known) console.error(`cachet: scan aggregator: ${(error as Error).message}`);
      return Response.json(
        { error: { code: known ? error.code : 'ERR_NOT_AVAILABLE', message: String(error) } },
        { status: known ? 400 : 503 },
      );
    }
  }

  async alarm(): Promise<void> {
    try {
      await this.#flush();
    } catch (error) {
      console.error(`cachet: scans kept for the aggregator's next write: ${String(error)}`);
    }
    if ((this.#aggregator?.pending ?? 0) > 0) await this.#schedule();
    // A quiet card's sketch must not outlive its day here either: wake just after midnight.
    else if ((this.#aggregator?.days.length ?? 0) > 0) {
      await this.#alarmBy(new Date().setUTCHours(24, 0, 1, 0));
    }
  }

  /** Counts a batch once, keeps it in the object's storage, and answers with the card's state. */
  async #batch(request: Request): Promise<ScanBatchAck> {
    const body = (await request.json()) as Partial<ScanBatch>;
    const serial = body?.scans?.[0]?.serial ?? this.#aggregator?.serial;
    if (typeof serial !== 'string')
      throw new CachetError('ERR_INVALID_ARGUMENT', 'a scan batch needs scans');
    const batch = checkScanBatch(body, serial);
    const aggregator = (this.#aggregator ??= this.#create(serial, request));
    if (aggregator.serial !== serial) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `this aggregator counts ${aggregator.serial}`);
    }
    const seen = this.#sql.exec('SELECT 1 FROM batches WHERE id = ?', batch.batchId).toArray();
    const duplicate = seen.length > 0;
    this.#totals.batches++;
    if (duplicate) this.#totals.duplicates++;
    else {
      // Written in this event, before any await: the answer leaves only once it is durable.
      this.#keep(aggregator.add(batch.scans));
      this.#sql.exec('INSERT INTO batches (id, at) VALUES (?, ?)', batch.batchId, Date.now());
      this.#totals.scans += batch.scans.reduce((n, s) => n + s.count, 0);
      await this.#schedule();
    }
    return { duplicate, card: await this.#cardState(serial) };
  }

  /** Writes everything held now: a write under way first, then what came in meanwhile. */
  async #flushAll(): Promise<{ scans: number; statements: number }> {
    const total = { scans: 0, statements: 0 };
    for (let round = 0; round < 3; round++) {
      const done = await this.#flush();
      total.scans += done.scans;
      total.statements += done.statements;
      if ((this.#aggregator?.pending ?? 0) === 0 && !this.#flushing) break;
    }
    return total;
  }

  /** Writes what is held to D1 in one transaction; one write at a time. */
  #flush(): Promise<{ scans: number; statements: number }> {
    return (this.#flushing ??= this.#write().finally(() => {
      this.#flushing = undefined;
    }));
  }

  async #write(): Promise<{ scans: number; statements: number }> {
    const aggregator = this.#aggregator;
    const flush = aggregator?.takeFlush();
    let done = { scans: 0, statements: 0 };
    if (aggregator && flush) {
      if (flush.newSeq) {
        this.#sql.exec('UPDATE counts SET seq = ? WHERE seq = 0', flush.seq);
        this.#setMeta('seq', flush.seq);
        this.#setMeta('outgoing', flush.seq);
      }
      this.#lastFlushAt = Date.now();
      const result = await this.#store.recordScanFlush(flush);
      aggregator.flushed(flush.seq);
      this.#sql.exec('DELETE FROM counts WHERE seq = ?', flush.seq);
      this.#sql.exec("DELETE FROM meta WHERE name = 'outgoing'");
      done = {
        scans: result.counted ? flush.counts.reduce((n, c) => n + c.count, 0) : 0,
        statements: result.statements,
      };
      this.#totals.flushes++;
      this.#totals.statements += result.statements;
    }
    for (const day of aggregator?.forgetEndedDays(new Date().toISOString().slice(0, 10)) ?? []) {
      this.#sql.exec('DELETE FROM registers WHERE day = ?', day);
    }
    this.#sql.exec('DELETE FROM batches WHERE at < ?', Date.now() - BATCH_ID_MS);
    return done;
  }

  /** An alarm at the next write: at once when the last was long enough ago. */
  #schedule(): Promise<void> {
    return this.#alarmBy(Math.max(Date.now(), this.#lastFlushAt + this.#aggregateMs));
  }

  /** The object's one alarm, moved earlier to `at` if it is set later or not at all. */
  async #alarmBy(at: number): Promise<void> {
    const current = await this.#state.storage.getAlarm();
    if (current === null || current > at) await this.#state.storage.setAlarm(at);
  }

  /** The card's revocation, read from D1 at most once a second (one read at a time). */
  async #cardState(serial: string): Promise<CardState> {
    const card = this.#card;
    if (card && Date.now() - card.knownAt < CARD_STATE_MS) return card;
    this.#cardRead ??= (async () => {
      const knownAt = Date.now();
      const revokedAt = await this.#store.readRevokedAt(serial);
      return (this.#card = { serial, revokedAt, knownAt });
    })().finally(() => {
      this.#cardRead = undefined;
    });
    try {
      return await this.#cardRead;
    } catch (error) {
      if (card) return card; // D1 unreachable: the last state read, with the time it was read
      throw error;
    }
  }

  /** Writes what a batch changed into the object's storage. */
  #keep(changes: BatchChanges): void {
    for (const c of changes.counts) {
      this.#sql.exec(
        `INSERT INTO counts (seq, minute, channel, country, count) VALUES (0, ?, ?, ?, ?)
           ON CONFLICT (seq, minute, channel, country) DO UPDATE SET count = count + excluded.count`,
        c.minute,
        c.channel,
        c.country,
        c.count,
      );
    }
    for (const r of changes.registers) {
      this.#sql.exec(
        `INSERT INTO registers (day, idx, rank) VALUES (?, ?, ?)
           ON CONFLICT (day, idx) DO UPDATE SET rank = max(rank, excluded.rank)`,
        r.day,
        r.index,
        r.rank,
      );
    }
  }

  /** The aggregator of a first batch: its name from the isolate, or from the object's id. */
  #create(serial: string, request: Request): ScanAggregator {
    const name = request.headers.get(AGGREGATOR_HEADER) ?? this.#state.id.name ?? '';
    const named = /^([0-9a-f]{16}):(\d{1,4})$/.exec(name);
    // Without a name, a shard number of this object's own (any number unique per card will do).
    const shard =
      named?.[1] === serial
        ? Number(named[2])
        : parseInt(this.#state.id.toString().slice(0, 7), 16);
    this.#setMeta('serial', serial);
    this.#setMeta('shard', shard);
    return new ScanAggregator(serial, shard);
  }

  /** The aggregator as the object's storage left it, if it ever had one. */
  #restore(): ScanAggregator | undefined {
    const meta = new Map(
      this.#sql
        .exec<{ name: string; value: string }>('SELECT name, value FROM meta')
        .toArray()
        .map((row) => [row.name, row.value]),
    );
    const serial = meta.get('serial');
    if (serial === undefined) return undefined;
    const aggregator = new ScanAggregator(serial, Number(meta.get('shard')));
    const state: AggregatorState = {
      seq: Number(meta.get('seq') ?? 0),
      outgoing: meta.has('outgoing') ? Number(meta.get('outgoing')) : null,
      counts: this.#sql
        .exec<Omit<ScanCount, 'serial' | 'scanner'> & { seq: number }>(
          'SELECT seq, minute, channel, country, count FROM counts',
        )
        .toArray()
        .map((row) => ({ ...row, serial, scanner: '' })),
      registers: this.#sql
        .exec<{ day: string; idx: number; rank: number }>('SELECT day, idx, rank FROM registers')
        .toArray()
        .map((row): RaisedRegister => ({ day: row.day, index: row.idx, rank: row.rank })),
    };
    aggregator.restore(state);
    return aggregator;
  }

  #setMeta(name: string, value: string | number): void {
    this.#sql.exec(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      name,
      String(value),
    );
  }
}
