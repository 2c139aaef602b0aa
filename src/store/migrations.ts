// Applies src/store/migrations/*.sql in order, recorded in wrangler's own d1_migrations table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { findProjectFile } from './project-files.js';

/** The folder of numbered SQL migrations, shared with D1. */
export function migrationsDir(): string {
  return findProjectFile('src/store/migrations', fileURLToPath(import.meta.url));
}

/** The migration files, `0001_name.sql` first. */
export function listMigrations(dir = migrationsDir()): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** Applies each migration not yet recorded, each in its own transaction. Returns their names. */
export function applyMigrations(db: Database, dir = migrationsDir()): string[] {
  // The same table and columns wrangler keeps on D1, so one database can move between the two.
  db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  const applied = new Set(db.prepare('SELECT name FROM d1_migrations').pluck().all() as string[]);
  const record = db.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  const done: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.name);
    })();
    done.push(migration.name);
  }
  return done;
}
