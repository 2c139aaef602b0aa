// The registry's consistency check (`cachet registry check`, and its quick form at every start):
// that the registry, the issuance log and the revocation list tell one story. Each problem names
// the check it failed and the card or log entry it concerns, so that an operator knows what to
// restore or re-run, and a monitor can alert on it (--json).
import {
  CachetError,
  fromBase64,
  parseCheckpoint,
  parseNote,
  toBase64,
  type Checkpoint,
} from '../core/index.js';
import { checkLogEntries, checkLogRoot } from './registry-check-log.js';
import { checkKeys, checkRevocationList, checkScans } from './registry-check-rows.js';
import { listMigrations } from './migrations.js';
import type { SqlDb } from './sql-db.js';

/** The checks, in the order they run and are reported. */
export const CHECKS = [
  /** SQLite's own integrity check (quick_check in the quick form). */
  'integrity',
  /** Every migration this version knows is applied, and none it does not know. */
  'migrations',
  /** Every log entry has its card, every card registered since the log began has its entry. */
  'log-entries',
  /** The tiles rebuild the root of the latest signed checkpoint, and its signature holds. */
  'log-root',
  /** The revocation list (rid per revocation) matches the revocations. */
  'revocation-list',
  /** Scans fold as designed: per-day counts agree, no scanner hash outlives its day's key. */
  'scans',
  /** Every key in the JWK Set has its private half where the registry expects one. */
  'keys',
] as const;

export type CheckName = (typeof CHECKS)[number];

/** The checks the quick form (at every start) runs: each reads a few rows or an index. */
export const QUICK_CHECKS: readonly CheckName[] = [
  'integrity',
  'migrations',
  'log-entries',
  'log-root',
  'keys',
];

/** The checks whose failure stops a start: the file or the log is not what was written. */
export const FATAL_CHECKS: readonly CheckName[] = ['integrity', 'log-root'];

/** One thing found wrong. */
export interface RegistryProblem {
  check: CheckName;
  /** What it concerns: a card's serial, `log entry 41`, a key id, a table. */
  subject?: string;
  /** One sentence an operator can act on. */
  message: string;
}

/** What a registry holds, as a backup's manifest records it and restore compares it. */
export interface RegistryCounts {
  cards: number;
  revocations: number;
  boutiques: number;
  associates: number;
  logEntries: number;
  reports: number;
  claims: number;
  staff: number;
}

/** The outcome of a check: clean when `problems` is empty. */
export interface RegistryReport {
  /** The quick form (at start): SQLite's quick_check and the cheap cross-checks only. */
  quick: boolean;
  counts: RegistryCounts;
  /** The log as the registry holds it: size and root (base64) of the latest checkpoint. */
  log: { size: number; root: string | null };
  /** Each check that ran, in CHECKS order. */
  checked: CheckName[];
  problems: RegistryProblem[];
  /**
   * What is as designed but asks for an operator's step: cards registered before the log began
   * (`cachet log backfill` gives them their entries). Never makes the registry unclean.
   */
  notes: RegistryProblem[];
}

/** What the check reads: the registry's SQL, and what only the host can say. */
export interface RegistryCheckPorts {
  sql: SqlDb;
  /** SQLite's integrity_check (or quick_check) lines; ['ok'] when clean. */
  integrity(quick: boolean): Promise<string[]>;
  /**
   * The keys as this machine holds them: the public JWK Set, which private halves are present
   * (by kid; `log` for the log key), and the log's verifier key. Absent on a bare registry file.
   */
  keys?: {
    jwks: { keys: { kid: string; [name: string]: unknown }[] };
    privateKids: ReadonlySet<string>;
    logVkey: string | null;
    /** The log key's raw public key, when its file is here: checkpoints must be signed by it. */
    logPublicKey?: Uint8Array | null;
    /** Keys whose private half comes from elsewhere (CACHET_SIGNING_KEY, CACHET_RECEIPT_KEY). */
    suppliedKids?: ReadonlySet<string>;
  };
  /** The migrations this version knows, by file name (default: src/store/migrations). */
  migrations?: readonly string[];
  /** Called now and then on a long check: what it is at, and how far (0 to 1). */
  onProgress?(check: CheckName, done: number, total: number): void;
}

/** The latest signed checkpoint as kept, parsed; null before the first (or when unreadable). */
export interface KeptCheckpoint {
  size: number;
  note: string;
  checkpoint: Checkpoint;
}

/** What each check gets: the ports, the form, and where it adds what it finds. */
export interface CheckContext {
  ports: RegistryCheckPorts;
  quick: boolean;
  /** The newest signed checkpoint, read once for every check. */
  latest: KeptCheckpoint | null;
  /** What one check finds for another: the log-root check sees which key signed. */
  shared: { logKeyMismatch: string[] };
  problem(subject: string | undefined, message: string): void;
  note(subject: string | undefined, message: string): void;
}

/** Problems of one kind listed one by one up to this many; the rest are counted in one line. */
export const LISTED_PER_KIND = 50;

/** Runs every check (or the quick form) and lists every problem found, never stopping at one. */
export async function checkRegistry(
  ports: RegistryCheckPorts,
  options: { quick?: boolean } = {},
): Promise<RegistryReport> {
  const quick = options.quick ?? false;
  const problems: RegistryProblem[] = [];
  const notes: RegistryProblem[] = [];
  const checked: CheckName[] = [];
  const latest = await readLatestCheckpoint(ports.sql);
  const steps: Record<CheckName, (context: CheckContext) => Promise<void>> = {
    integrity: checkIntegrity,
    migrations: checkMigrations,
    'log-entries': checkLogEntries,
    'log-root': checkLogRoot,
    'revocation-list': checkRevocationList,
    scans: checkScans,
    keys: checkKeys,
  };
  const shared = { logKeyMismatch: [] as string[] };
  for (const check of CHECKS) {
    if (quick && !QUICK_CHECKS.includes(check)) continue;
    checked.push(check);
    const context: CheckContext = {
      ports,
      quick,
      latest: latest.kept,
      shared,
      problem: (subject, message) => problems.push(entry(check, subject, message)),
      note: (subject, message) => notes.push(entry(check, subject, message)),
    };
    if (check === 'log-root' && latest.error) context.problem('log_checkpoints', latest.error);
    try {
      await steps[check](context);
    } catch (error) {
      // A table gone or a page unreadable: that check's finding, and the others still run.
      context.problem(undefined, `the check could not finish: ${(error as Error).message}`);
    }
  }
  return {
    quick,
    counts: await countRegistry(ports.sql),
    log: latest.kept
      ? { size: latest.kept.size, root: toBase64(latest.kept.checkpoint.root) }
      : { size: 0, root: null },
    checked,
    problems,
    notes,
  };
}

const entry = (check: CheckName, subject: string | undefined, message: string): RegistryProblem =>
  subject === undefined ? { check, message } : { check, subject, message };

/** The newest checkpoint the log signed, parsed; an unreadable one is said, not thrown. */
async function readLatestCheckpoint(
  sql: SqlDb,
): Promise<{ kept: KeptCheckpoint | null; error?: string }> {
  let row: { size: number; note: string } | null;
  try {
    row = await sql.first<{ size: number; note: string }>(
      'SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1',
    );
  } catch {
    return { kept: null }; // no log tables: the migrations check says so
  }
  if (!row) return { kept: null };
  try {
    const checkpoint = parseCheckpoint(parseNote(row.note).text);
    if (checkpoint.size !== row.size) {
      return {
        kept: null,
        error: `the checkpoint kept as size ${row.size} says size ${checkpoint.size}`,
      };
    }
    return { kept: { size: row.size, note: row.note, checkpoint } };
  } catch (error) {
    return {
      kept: null,
      error: `the checkpoint of size ${row.size} does not parse: ${(error as Error).message}`,
    };
  }
}

/** SQLite's integrity (or quick) check, and, in full, every foreign key's row. */
async function checkIntegrity(context: CheckContext): Promise<void> {
  const { ports, quick } = context;
  let lines: string[];
  try {
    lines = await ports.integrity(quick);
  } catch (error) {
    context.problem('file', `SQLite cannot read the file: ${(error as Error).message}`);
    return;
  }
  const found = lines.filter((line) => line !== 'ok');
  for (const line of found.slice(0, LISTED_PER_KIND)) context.problem('file', line);
  if (found.length > LISTED_PER_KIND) {
    context.problem('file', `and ${found.length - LISTED_PER_KIND} more lines of damage`);
  }
  if (quick) return;
  const broken = await ports.sql.all<{ table: string; rowid: number | null; parent: string }>(
    'PRAGMA foreign_key_check',
  );
  for (const row of broken.slice(0, LISTED_PER_KIND)) {
    context.problem(
      await rowSubject(ports.sql, row.table, row.rowid),
      `a ${row.table} row refers to a ${row.parent} row that is not there`,
    );
  }
  if (broken.length > LISTED_PER_KIND) {
    context.problem(
      'foreign keys',
      `and ${broken.length - LISTED_PER_KIND} more rows refer to rows not there`,
    );
  }
}

/** A row named by what an operator knows it by: its card's serial when it has one. */
async function rowSubject(sql: SqlDb, table: string, rowid: number | null): Promise<string> {
  if (rowid === null) return table;
  if (!/^\w+$/.test(table)) return `${table} row ${rowid}`;
  try {
    const row = await sql.first<{ serial: string }>(
      `SELECT serial FROM "${table}" WHERE rowid = ?`,
      rowid,
    );
    if (row?.serial) return row.serial;
  } catch {
    // no serial column: named by its row
  }
  return `${table} row ${rowid}`;
}

/** Every migration this version has is applied; one it does not know means a newer Cachet. */
async function checkMigrations(context: CheckContext): Promise<void> {
  const known = context.ports.migrations ?? listMigrations().map((m) => m.name);
  let applied: string[];
  try {
    applied = (
      await context.ports.sql.all<{ name: string }>('SELECT name FROM d1_migrations ORDER BY id')
    ).map((r) => r.name);
  } catch {
    context.problem(
      'd1_migrations',
      'the file has no migrations table: it is not a Cachet registry',
    );
    return;
  }
  for (const name of known) {
    if (!applied.includes(name)) {
      context.problem(
        name,
        `the migration ${name} is not applied (the server applies it at start)`,
      );
    }
  }
  for (const name of applied) {
    if (!known.includes(name)) {
      context.problem(
        name,
        `the migration ${name} is not one this version knows: the registry was written by a newer Cachet`,
      );
    }
  }
}

/** How many rows each part of the registry holds; 0 for a table that cannot be read. */
export async function countRegistry(sql: SqlDb): Promise<RegistryCounts> {
  const count = async (table: string) => {
    try {
      return (await sql.first<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
    } catch {
      return 0;
    }
  };
  return {
    cards: await count('cards'),
    revocations: await count('revocations'),
    boutiques: await count('boutiques'),
    associates: await count('associates'),
    logEntries: await count('log_entries'),
    reports: await count('reports'),
    claims: await count('claims'),
    staff: await count('staff'),
  };
}

/** The root a report names, as bytes (a manifest compares it). */
export const reportRoot = (report: RegistryReport): Uint8Array | null =>
  report.log.root === null ? null : fromBase64(report.log.root, 'the log root');

/**
 * The refusal of a damaged registry: which check failed, the file, and the way out. One line, as
 * `npm start` and every command print it.
 */
export function registryDamaged(
  path: string,
  check: CheckName,
  detail: string,
  options: { cause?: unknown } = {},
): CachetError {
  return new CachetError(
    'ERR_REGISTRY_DAMAGED',
    `the registry ${path} failed its ${check} check (${detail.replace(/\s+/g, ' ').trim()}): \`cachet registry check\` lists every problem; restore the latest backup into an empty CACHET_DB with \`cachet restore <backup>\``,
    options,
  );
}
