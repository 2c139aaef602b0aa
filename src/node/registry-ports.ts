// The registry check on this machine: a registry file opened read-only (so the check runs beside
// a live server and applies no migration), and the keys of CACHET_KEYS_DIR as the check reads them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { base64url } from 'jose';
import { CachetError } from '../core/index.js';
import { readJwks } from '../store/key-files.js';
import { logKeyPath } from '../store/log-key.js';
import {
  checkRegistry,
  isReadError,
  registryDamaged,
  unreadableWords,
  type CheckName,
  type RegistryCheckPorts,
  type RegistryCounts,
  type RegistryReport,
} from '../store/registry-check.js';
import { sqliteDb } from '../store/sqlite.js';
import { sqliteHeaderProblem } from '../store/sqlite-header.js';

/** Where the keys come from: the folder, and the private JWKs the environment may hand over. */
export interface CheckKeySources {
  keysDir: string;
  signingKey?: string | undefined;
  receiptKey?: string | undefined;
}

/**
 * Opens a registry file read-only: nothing is created, migrated or changed.
 * @throws CachetError `ERR_NOT_FOUND` when there is no file; `ERR_REGISTRY_DAMAGED` when it is
 *   not a database.
 */
export function openRegistryReadOnly(path: string): Database {
  const opened = tryReadOnly(path);
  if (!(opened instanceof BetterSqlite3)) {
    if (opened.unreadable) {
      throw new CachetError('ERR_NOT_AVAILABLE', `the registry ${path}: ${opened.message}`);
    }
    throw registryDamaged(path, 'integrity', opened.message);
  }
  return opened;
}

/**
 * The open registry, or what SQLite says of a file that is not a whole database (or that could
 * not be read at all: `unreadable`, not damage).
 */
function tryReadOnly(path: string): Database | { message: string; unreadable: boolean } {
  if (!existsSync(path)) throw new CachetError('ERR_NOT_FOUND', `no registry at ${path}`);
  const cut = sqliteHeaderProblem(path);
  if (cut) return { message: cut, unreadable: false };
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // reads the schema: garbage fails here
    return db;
  } catch (error) {
    db?.close();
    return isReadError(error)
      ? { message: unreadableWords(error, 'the file'), unreadable: true }
      : { message: (error as Error).message, unreadable: false };
  }
}

/**
 * Runs `read` in one read transaction: every statement sees the registry as of its first read,
 * so a log step the server commits meanwhile cannot make the tiles and the entries disagree.
 */
export async function inSnapshot<T>(db: Database, read: () => Promise<T>): Promise<T> {
  db.exec('BEGIN');
  try {
    return await read();
  } finally {
    db.exec('ROLLBACK');
  }
}

/** The ports of the check over an open better-sqlite3 registry and (when given) this machine's keys. */
export async function sqliteCheckPorts(
  db: Database,
  keys?: CheckKeySources,
): Promise<RegistryCheckPorts> {
  return {
    sql: sqliteDb(db),
    sha256: (bytes) => createHash('sha256').update(bytes).digest(),
    integrity: async (quick) =>
      (db.pragma(quick ? 'quick_check' : 'integrity_check') as Record<string, unknown>[]).map(
        (row) => String(Object.values(row)[0]),
      ),
    ...(keys ? { keys: await readCheckKeys(keys) } : {}),
  };
}

/** jwks.json, the kids of keys/private/*.jwk (`log` for the log key), and the log's public key. */
export async function readCheckKeys(
  sources: CheckKeySources,
): Promise<NonNullable<RegistryCheckPorts['keys']>> {
  const jwks = await readJwks(sources.keysDir);
  const folder = join(sources.keysDir, 'private');
  const privateKids = new Set(
    existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith('.jwk'))
          .map((name) => name.slice(0, -'.jwk'.length))
      : [],
  );
  let logPublicKey: Uint8Array | null = null;
  if (privateKids.has('log')) {
    try {
      const jwk = JSON.parse(readFileSync(logKeyPath(sources.keysDir), 'utf8')) as { x?: string };
      if (typeof jwk.x === 'string') logPublicKey = base64url.decode(jwk.x);
    } catch {
      privateKids.delete('log'); // unreadable: as good as missing, and the check says so
    }
  }
  const suppliedKids = new Set<string>();
  for (const secret of [sources.signingKey, sources.receiptKey]) {
    try {
      const kid = secret ? (JSON.parse(secret) as { kid?: unknown }).kid : undefined;
      if (typeof kid === 'string') suppliedKids.add(kid);
    } catch {
      // not JSON: the server's start says so, with the variable's name
    }
  }
  return {
    jwks: jwks as unknown as NonNullable<RegistryCheckPorts['keys']>['jwks'],
    privateKids,
    logVkey: null,
    logPublicKey,
    suppliedKids,
  };
}

/**
 * Checks the registry file at `dbPath` (read-only) with the keys of `keys.keysDir`: what
 * `cachet registry check`, a backup and a restore run.
 */
export async function checkRegistryFile(options: {
  dbPath: string;
  keys?: CheckKeySources;
  quick?: boolean;
  onProgress?: (check: CheckName, done: number, total: number) => void;
}): Promise<RegistryReport> {
  const db = tryReadOnly(options.dbPath);
  if (!(db instanceof BetterSqlite3)) {
    // Not a database at all: the integrity check's one finding, as a report like any other.
    return {
      quick: options.quick ?? false,
      counts: emptyCounts(),
      log: { size: 0, root: null },
      checked: ['integrity'],
      problems: [
        {
          check: 'integrity',
          subject: 'file',
          message: db.message,
          ...(db.unreadable ? { unreadable: true as const } : {}),
        },
      ],
      notes: [],
    };
  }
  try {
    const ports = await sqliteCheckPorts(db, options.keys);
    if (options.onProgress) ports.onProgress = options.onProgress;
    return await inSnapshot(db, () => checkRegistry(ports, { quick: options.quick ?? false }));
  } finally {
    db.close();
  }
}

const emptyCounts = (): RegistryCounts => ({
  cards: 0,
  revocations: 0,
  boutiques: 0,
  associates: 0,
  logEntries: 0,
  reports: 0,
  claims: 0,
  staff: 0,
});
