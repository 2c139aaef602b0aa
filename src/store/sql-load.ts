// A new registry file from SQL text (a `wrangler d1 export`): built under a temporary name beside
// its place and put there only when complete, and never over a file that is there.
import { closeSync, existsSync, linkSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { CachetError } from '../core/index.js';

/** A registry file being built: `keep` puts it at its path, `discard` removes it. */
export interface NewRegistryFile {
  db: Database;
  /** Closes it and gives it its name. @throws CachetError `ERR_CONFLICT` if the name was taken meanwhile. */
  keep(): void;
  discard(): void;
}

/** @throws CachetError `ERR_CONFLICT` when `path` exists: a registry file is never overwritten. */
export function refuseExisting(path: string): void {
  if (existsSync(path)) {
    throw new CachetError('ERR_CONFLICT', `${path} already exists; it is never overwritten`);
  }
}

/** Opens a new, empty registry file under a temporary name beside `path` (mode 0600). */
export function createRegistryFile(path: string): NewRegistryFile {
  refuseExisting(path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  closeSync(openSync(partial, 'wx', 0o600)); // the registry holds client references
  const db = new BetterSqlite3(partial);
  db.pragma('foreign_keys = ON');
  const close = () => db.open && db.close();
  return {
    db,
    keep() {
      close();
      try {
        // A link, not a rename: it fails where a file appeared at `path` meanwhile.
        linkSync(partial, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        throw new CachetError('ERR_CONFLICT', `${path} already exists; it is never overwritten`);
      } finally {
        rmSync(partial, { force: true });
      }
    },
    discard() {
      close();
      rmSync(partial, { force: true });
    },
  };
}

/**
 * Runs a SQL dump (schema and rows) in one transaction: all of it or nothing. Foreign keys are
 * checked at the commit, so rows may come in any order.
 */
export function loadSqlDump(db: Database, sql: string): void {
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    db.exec(sql);
  })();
}
