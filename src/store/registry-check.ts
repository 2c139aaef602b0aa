// The registry's consistency check (`cachet registry check`, and its quick form at every start):
// that the registry, the issuance log and the revocation list tell one story. Each problem names
// the check it failed and the card or log entry it concerns, so that an operator knows what to
// restore or re-run, and a monitor can alert on it (--json).
import { CachetError, fromBase64, parseCheckpoint, parseNote, toBase64 } from '../core/index.js';
import { checkLogEntries, checkLogRoot } from './registry-check-log.js';
import { checkKeys, checkRevocationList, checkScans } from './registry-check-rows.js';
import { listMigrations } from './migrations.js';
import { compareSchema } from './registry-schema.js';
import type { SqlDb } from './sql-db.js';

import {
  CHECKS,
  LISTED_PER_KIND,
  QUICK_CHECKS,
  type CheckContext,
  type CheckName,
  type KeptCheckpoint,
  type RegistryCheckPorts,
  type RegistryCounts,
  type RegistryProblem,
  type RegistryReport,
} from './registry-check-types.js';

export * from './registry-check-types.js';

/** Runs every check (or the quick form) and lists every problem found, never stopping at one. */
export async function checkRegistry(
  ports: RegistryCheckPorts,
  options: { quick?: boolean } = {},
): Promise<RegistryReport> {
  const quick = options.quick ?? false;
  const problems: RegistryProblem[] = [];
  const notes: RegistryProblem[] = [];
  const checked: CheckName[] = [];
  // The schema first, from sqlite_master alone: a trigger or a view that is not Cachet's would
  // run inside every later read (a view can recurse for ever), so then nothing else reads rows.
  const schema = await compareSchema(ports.sql).then(
    (findings) => ({ findings, error: undefined }),
    (error: unknown) => ({ findings: [], error }),
  );
  const trusted = schema.findings.length === 0 && schema.error === undefined;
  const latest = trusted ? await readLatestCheckpoint(ports.sql) : { kept: null };
  const steps: Record<CheckName, (context: CheckContext) => Promise<void>> = {
    integrity: checkIntegrity,
    schema: async (context) => {
      if (schema.error !== undefined) {
        const unreadable = isReadError(schema.error);
        context.problem('sqlite_master', unreadableWords(schema.error, 'the schema'), {
          unreadable,
        });
      }
      for (const f of schema.findings) context.problem(f.subject, f.message);
    },
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
    if (!trusted && check !== 'integrity' && check !== 'schema') continue;
    checked.push(check);
    const context: CheckContext = {
      ports,
      quick,
      trusted,
      latest: latest.kept,
      shared,
      problem: (subject, message, o) => problems.push(entry(check, subject, message, o)),
      note: (subject, message) => notes.push(entry(check, subject, message)),
    };
    if (check === 'log-root' && latest.error) context.problem('log_checkpoints', latest.error);
    try {
      await steps[check](context);
    } catch (error) {
      // A table gone or a page unreadable: that check's finding, and the others still run.
      if (isReadError(error)) {
        context.problem(undefined, unreadableWords(error, 'the registry'), { unreadable: true });
      } else {
        context.problem(undefined, `the check could not finish: ${(error as Error).message}`);
      }
    }
  }
  if (!trusted && schema.findings.length > 0) {
    notes.push(
      entry(
        'schema',
        undefined,
        "the other checks did not run: they would read the registry's rows through objects that are not Cachet's",
      ),
    );
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

const entry = (
  check: CheckName,
  subject: string | undefined,
  message: string,
  options: { unreadable?: boolean } = {},
): RegistryProblem => ({
  check,
  ...(subject === undefined ? {} : { subject }),
  message,
  ...(options.unreadable ? { unreadable: true as const } : {}),
});

/**
 * SQLite's and the system's words for a file that could not be read, as distinct from one that
 * is damaged: an I/O error, no room (even reading a WAL registry needs its shared memory), a lock.
 */
export function isReadError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    /^SQLITE_(IOERR|FULL|CANTOPEN|BUSY|LOCKED|NOMEM)/.test(code) ||
    /^E(NOSPC|IO|ACCES|PERM)$/.test(code)
  );
}

/** "… could not be read (disk I/O error, SQLITE_IOERR_SHMSIZE)": not damage, said as such. */
export function unreadableWords(error: unknown, what: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = `${(error as Error).message}${typeof code === 'string' ? `, ${code}` : ''}`;
  return `${what} could not be read (${detail}): that is not damage to the file; free space or fix the disk, then check again`;
}

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
    if (isReadError(error)) {
      context.problem('file', unreadableWords(error, 'the file'), { unreadable: true });
    } else context.problem('file', `SQLite cannot read the file: ${(error as Error).message}`);
    return;
  }
  const found = lines.filter((line) => line !== 'ok');
  for (const line of found.slice(0, LISTED_PER_KIND)) context.problem('file', line);
  if (found.length > LISTED_PER_KIND) {
    context.problem('file', `and ${found.length - LISTED_PER_KIND} more lines of damage`);
  }
  // Foreign keys are followed through the tables: only once the schema is Cachet's.
  if (quick || !context.trusted) return;
  const broken = await ports.sql.all<{
    table: string;
    rowid: number | null;
    parent: string;
    fkid: number;
  }>('PRAGMA foreign_key_check');
  const subjects: { subject: string; table: string; parent: string }[] = [];
  const withoutRowid = new Map<string, { table: string; parent: string; fkid: number }>();
  for (const row of broken) {
    if (row.rowid === null) withoutRowid.set(`${row.table}/${row.fkid}`, row);
    else subjects.push({ ...row, subject: await rowSubject(ports.sql, row.table, row.rowid) });
  }
  // A table without rowids (cards, revocations) is reported without its row: found by its key.
  for (const row of withoutRowid.values()) {
    for (const subject of await orphanedKeys(ports.sql, row)) subjects.push({ ...row, subject });
  }
  for (const row of subjects.slice(0, LISTED_PER_KIND)) {
    context.problem(
      row.subject,
      `a ${row.table} row refers to a ${row.parent} row that is not there`,
    );
  }
  if (subjects.length > LISTED_PER_KIND) {
    context.problem(
      'foreign keys',
      `and ${subjects.length - LISTED_PER_KIND} more rows refer to rows not there`,
    );
  }
}

/** The serials (or the table, when it has none) of a table's rows whose foreign key `fkid` dangles. */
async function orphanedKeys(
  sql: SqlDb,
  row: { table: string; parent: string; fkid: number },
): Promise<string[]> {
  const names = /^\w+$/;
  try {
    const columns = (
      await sql.all<{ id: number; from: string; to: string | null }>(
        `PRAGMA foreign_key_list("${row.table}")`,
      )
    ).filter((c) => c.id === row.fkid);
    const [column] = columns;
    if (columns.length !== 1 || !column?.to) return [row.table];
    const parts = [row.table, row.parent, column.from, column.to];
    if (!parts.every((p) => names.test(p))) return [row.table];
    const rows = await sql.all<{ serial: string }>(
      `SELECT serial FROM "${row.table}" WHERE "${column.from}" IS NOT NULL
         AND "${column.from}" NOT IN (SELECT "${column.to}" FROM "${row.parent}") LIMIT ?`,
      LISTED_PER_KIND,
    );
    return rows.length > 0 ? rows.map((r) => r.serial) : [row.table];
  } catch {
    return [row.table]; // no serial column
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

/**
 * How many rows each part of the registry holds; 0 for a table that cannot be read, or that is
 * not a table (a view is never read: it could run for ever).
 */
export async function countRegistry(sql: SqlDb): Promise<RegistryCounts> {
  const tables = new Set(
    (
      await sql
        .all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .catch(() => [])
    ).map((r) => r.name),
  );
  const count = async (table: string) => {
    if (!tables.has(table)) return 0;
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
