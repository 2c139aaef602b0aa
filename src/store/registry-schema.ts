// A registry's schema against what Cachet's migrations create: every table, index, trigger and
// view in sqlite_master must be one the applied migrations made, with the same definition. A
// trigger or a view slipped into a registry would rewrite what the server writes or what a check
// reads, so it is found first, from sqlite_master alone, before anything reads a table.
import BetterSqlite3 from 'better-sqlite3';
import { listMigrations } from './migrations.js';
import type { SqlDb } from './sql-db.js';

/** One row of sqlite_master. */
export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** One way the schema differs: the object (`trigger keep_alive`) and what is wrong with it. */
export interface SchemaFinding {
  subject: string;
  message: string;
}

/**
 * Objects that are not Cachet's and harmless: SQLite's statistics (ANALYZE), and the tables D1
 * keeps for itself, which an export of D1 may bring.
 */
const OTHERS_TABLES = new Set([
  'sqlite_stat1',
  'sqlite_stat2',
  'sqlite_stat3',
  'sqlite_stat4',
  '_cf_KV',
  '_cf_METADATA',
]);

/**
 * wrangler's d1_migrations and ours hold the same columns, written differently: either is
 * Cachet's (compared without case, spaces or quotes).
 */
const D1_MIGRATIONS_TABLES = [
  'CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)',
  'CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)',
];
const SQUEEZED_D1_MIGRATIONS = D1_MIGRATIONS_TABLES.map((sql) => squeeze(sql));

function squeeze(sql: string | null): string {
  return (sql ?? '').toLowerCase().replace(/[\s"`[\]]+/g, '');
}

const ignored = (o: SchemaObject) =>
  (o.type === 'table' && OTHERS_TABLES.has(o.name)) ||
  (o.type === 'index' && OTHERS_TABLES.has(o.tbl_name) && o.sql === null);

/** The ledger as migrations.ts makes it (compared apart, see D1_MIGRATIONS_TABLES). */
const CREATE_D1_MIGRATIONS = D1_MIGRATIONS_TABLES[0]!;

const migrated = new Map<string, Map<string, SchemaObject>>();

/**
 * What the migrations named (in their files' order) create, applied once to a database in memory
 * and remembered: `type name` → the object.
 */
export function migratedSchema(names: readonly string[]): Map<string, SchemaObject> {
  const key = names.join('\n');
  let objects = migrated.get(key);
  if (!objects) {
    const db = new BetterSqlite3(':memory:');
    try {
      db.exec(CREATE_D1_MIGRATIONS);
      for (const m of listMigrations()) if (names.includes(m.name)) db.exec(m.sql);
      objects = byKey(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all());
    } finally {
      db.close();
    }
    migrated.set(key, objects);
  }
  return objects;
}

function byKey(rows: unknown[]): Map<string, SchemaObject> {
  const objects = new Map<string, SchemaObject>();
  for (const o of rows as SchemaObject[]) {
    if (!ignored(o)) objects.set(`${o.type} ${o.name}`, o);
  }
  return objects;
}

/**
 * Compares the registry's sqlite_master with what its applied migrations create (those this
 * version knows; a migration it does not know is the migrations check's finding). Reads
 * sqlite_master and, when it is a table, d1_migrations: never a view or a table of Cachet's.
 * @returns every difference, each naming the object; empty when the schema is Cachet's.
 */
export async function compareSchema(sql: SqlDb): Promise<SchemaFinding[]> {
  const found = byKey(await sql.all('SELECT type, name, tbl_name, sql FROM sqlite_master'));
  const known = listMigrations().map((m) => m.name);
  let applied = known;
  const findings: SchemaFinding[] = [];
  const ledger = found.get('table d1_migrations');
  if (ledger && SQUEEZED_D1_MIGRATIONS.includes(squeeze(ledger.sql))) {
    const names = new Set(
      (await sql.all<{ name: string }>('SELECT name FROM d1_migrations')).map((r) => r.name),
    );
    applied = known.filter((name) => names.has(name));
  }
  const expected = migratedSchema(applied);
  for (const [key, object] of found) {
    const want = expected.get(key);
    if (!want) {
      findings.push({
        subject: key,
        message: `a ${object.type}${object.type === 'table' ? '' : ` on ${object.tbl_name}`} that Cachet's migrations do not create: the registry's schema is not Cachet's`,
      });
    } else if (key === 'table d1_migrations') {
      if (!SQUEEZED_D1_MIGRATIONS.includes(squeeze(object.sql))) {
        findings.push({ subject: key, message: changed('table') });
      }
    } else if (
      // The same text, as nearly always, needs no reading of it; one far longer than any of
      // Cachet's is not read either.
      (object.sql !== want.sql &&
        ((object.sql ?? '').length > MAX_DEFINITION ||
          definition(object.sql) !== definition(want.sql))) ||
      object.tbl_name !== want.tbl_name
    ) {
      findings.push({ subject: key, message: changed(object.type) });
    }
  }
  for (const [key, want] of expected) {
    if (!found.has(key)) {
      findings.push({
        subject: key,
        message: `the ${want.type} is missing: Cachet's migrations create it`,
      });
    }
  }
  return findings;
}

/** What SQLite's lexer takes for white space: ASCII only (U+00A0 is part of a name to it). */
const SQL_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);
/** Tokens no space is needed around. */
const TIGHT = new Set(['(', ')', ',']);

/**
 * A definition without its comments and with each run of spaces as one: a comment edited in a
 * migration file changes no registry. Strings and quoted names are kept as written.
 */
export function definition(sql: string | null): string {
  if (sql === null) return '';
  let out = '';
  let last = ''; // the last character put: read in constant time, whatever the definition's length
  let space = false; // a run of spaces or a comment before the next token
  const put = (text: string) => {
    const tight = TIGHT.has(last) || TIGHT.has(text[0]!);
    out += space && out !== '' && !tight ? ` ${text}` : text;
    last = text[text.length - 1]!;
    space = false;
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      // A quote is escaped by doubling it (SQLite's lexer): '' inside '...'.
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) {
        j += sql[j] === close ? 2 : 1;
      }
      put(sql.slice(i, j + 1));
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      space = true;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      space = true;
    } else if (SQL_SPACE.has(c)) {
      space = true;
      i++;
    } else {
      put(c);
      i++;
    }
  }
  return out;
}

/** Longer than any definition of Cachet's by far: compared as different without reading it. */
const MAX_DEFINITION = 65_536;

const changed = (type: string) =>
  `the ${type}'s definition is not the one Cachet's migrations create`;
