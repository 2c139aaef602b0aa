// What the Workers runtime hands Cachet: the bindings of wrangler.toml (with the vars and secrets
// beside them, which src/config.ts reads), the context of a request and a Durable Object's state.
import type { D1Database } from '../store/d1.js';
import type { R2Bucket } from '../store/log-r2.js';

export interface Env {
  /** The registry. */
  DB: D1Database;
  /** The static files of public/. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  /** The issuance log's sequencer (one Durable Object) and its tiles and checkpoints (R2). */
  LOG?: DurableObjectNamespace;
  LOG_BUCKET?: R2Bucket;
  /** The scan aggregators: Durable Objects named aggregatorName(serial, shard). */
  SCANS?: DurableObjectNamespace;
  /** The vars and secrets (CACHET_*): read by readWorkerConfig only (docs/settings.md). */
  [setting: string]: unknown;
}

/** The Durable Object namespace binding, as far as the Worker uses it. */
export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** What the Workers runtime hands each request besides env. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** A Durable Object's state, as far as the log's sequencer and the scan aggregators use it. */
export interface DurableObjectState {
  /** The object's id; `name` is there in runtimes that keep the name it was made from. */
  id: { toString(): string; name?: string };
  storage: {
    setAlarm(at: number): Promise<void>;
    getAlarm(): Promise<number | null>;
    /** A SQLite-backed object's own database (new_sqlite_classes in wrangler.toml). */
    sql: DurableObjectSql;
  };
}

/** A SQLite-backed Durable Object's database: synchronous, each call written before any answer. */
export interface DurableObjectSql {
  exec<T = Record<string, unknown>>(
    query: string,
    ...bindings: unknown[]
  ): { toArray(): T[]; one(): T };
}
