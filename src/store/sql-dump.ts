// The registry as SQL statements, to seed or move a D1 database from an SQLite file.
import type { Database } from 'better-sqlite3';

/** Parents before children, so foreign keys hold at every statement. */
const TABLES = [
  'boutiques',
  'associates',
  'staff',
  'disabled_identities',
  'cards',
  'claim_codes',
  'claims',
  'revocations',
  'settings',
  'log_entries',
  'card_references',
  'card_reference_parts',
  'citations',
  'reports',
  'report_photos',
] as const;

/**
 * Columns written as NULL: a log entry's place belongs to the log it was placed in (its tiles
 * and checkpoints stay behind), so the database it moves to places it again in its own.
 */
const RESET: Record<string, string[]> = { log_entries: ['log_index'] };

/**
 * INSERT OR IGNORE statements for every row of the registry tables: running the dump twice, or
 * after more rows were added, adds only what is missing.
 */
export function dumpRegistrySql(db: Database): string {
  const lines: string[] = [];
  for (const table of TABLES) {
    const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    const values = columns
      .map((c) => (RESET[table]?.includes(c) ? `'NULL'` : `quote(${c})`))
      .join(` || ',' || `);
    const rows = db.prepare(`SELECT ${values} FROM ${table}`).pluck().all() as string[];
    for (const row of rows)
      lines.push(`INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${row});`);
  }
  return lines.join('\n') + '\n';
}
