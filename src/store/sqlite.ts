// The embedded registry: the shared SQL store on better-sqlite3, in WAL mode with durable
// commits. What is SQLite's own: prepared statements kept, what a verdict reads (the card row, its
// standing claim, that it has no reference photo) kept until any commit anywhere, and
// transactions run synchronously.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import {
  BoundedMap,
  CachetError,
  type CardRecord,
  type CardReference,
  type ClaimRecord,
} from '../core/index.js';
import { FIND_CARD, toCardRecord, type CardRow } from './card-row.js';
import { SqlClaimStore } from './claim-sql.js';
import { applyMigrations } from './migrations.js';
import { registryDamaged } from './registry-check.js';
import { sqliteHeaderProblem } from './sqlite-header.js';
import type { SqlDb } from './sql-db.js';
import { SqlStore } from './registry-sql.js';

/** Card rows kept between commits: a viral card is looked up far more often than anything changes. */
const CARD_CACHE_SIZE = 10_000;

/** A Store over one SQLite file. */
export class SqliteStore extends SqlStore {
  readonly db: Database;
  readonly rowsRenewedOnCommit = true;
  readonly #findCard;
  /** This connection's own changes, and commits by any other connection (CLI, another server). */
  readonly #ownChanges: Statement<[], number>;
  readonly #otherCommits: Statement<[], number>;
  #own = -1;
  #other = -1;
  /**
   * What verdicts read, kept since the last commit anywhere and cleared the moment anything
   * commits: card rows, standing claims, and the cards known to have no reference photo. A read
   * outside a transaction takes a shared lock on the WAL index (two fcntl calls), more than
   * the query: a viral card's verdicts read none of them again until something changes.
   */
  readonly #cards = new BoundedMap<string, CardRecord | null>(CARD_CACHE_SIZE);
  readonly #standing = new BoundedMap<string, ClaimRecord | null>(CARD_CACHE_SIZE);
  readonly #withoutReference = new BoundedMap<string, true>(CARD_CACHE_SIZE);
  #claims: SqliteClaimStore | undefined;

  constructor(db: Database) {
    // A log entry's hash on the batch path: node:crypto's synchronous SHA-256, no thread-pool trip.
    super(sqliteDb(db), { sha256: (bytes) => createHash('sha256').update(bytes).digest() });
    this.db = db;
    // The hot path reads its own statement synchronously: no promise per look-up.
    this.#findCard = db.prepare<[string], CardRow>(FIND_CARD);
    // Two statements: the table-valued pragma_data_version costs twice as much as both together.
    this.#ownChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.#otherCommits = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * Forgets what was read before the last commit, by this connection or any other. Called before
   * each read it guards, so what is kept is never older than the last check.
   */
  #sinceLastCommit(): void {
    const own = this.#ownChanges.get()!;
    const other = this.#otherCommits.get()!;
    if (own !== this.#own || other !== this.#other) {
      this.#cards.clear();
      this.#standing.clear();
      this.#withoutReference.clear();
      this.#own = own;
      this.#other = other;
    }
  }

  /** The card row; the same object while nothing commits, so callers must not change it. */
  override async findCard(serial: string): Promise<CardRecord | null> {
    this.#sinceLastCommit();
    let record = this.#cards.get(serial);
    if (record === undefined) {
      const row = this.#findCard.get(serial);
      record = row ? toCardRecord(row) : null;
      this.#cards.set(serial, record);
    }
    return record;
  }

  /** Most cards have no reference photo: that answer is kept until something commits. */
  override async findReference(serial: string): Promise<CardReference | null> {
    this.#sinceLastCommit();
    if (this.#withoutReference.has(serial)) return null;
    const reference = await super.findReference(serial);
    if (!reference) this.#withoutReference.set(serial, true);
    return reference;
  }

  /** The claims over this connection, each card's standing claim kept as its card row is. */
  override claims(): SqliteClaimStore {
    return (this.#claims ??= new SqliteClaimStore(this.sql, (serial, read) => {
      this.#sinceLastCommit();
      const kept = this.#standing.get(serial);
      if (kept !== undefined) return Promise.resolve(kept);
      return read().then((claim) => {
        this.#standing.set(serial, claim);
        return claim;
      });
    }));
  }

  /**
   * Writes the WAL back into the registry file and empties it: pages of deleted rows (a day's
   * scanner key, its hashes) leave the WAL file too, not just the database.
   */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The claims of a SQLite registry: a card's standing claim is read through its store's cache, which
 * any commit clears (a claim made, changed or ended here, or by the CLI, shows on the next verdict).
 */
export class SqliteClaimStore extends SqlClaimStore {
  readonly #kept: (
    serial: string,
    read: () => Promise<ClaimRecord | null>,
  ) => Promise<ClaimRecord | null>;

  constructor(
    sql: SqlDb,
    kept: (serial: string, read: () => Promise<ClaimRecord | null>) => Promise<ClaimRecord | null>,
  ) {
    super(sql);
    this.#kept = kept;
  }

  /** The standing claim; the same object while nothing commits, so callers must not change it. */
  override currentClaim(serial: string): Promise<ClaimRecord | null> {
    return this.#kept(serial, () => super.currentClaim(serial));
  }
}

/**
 * SQLite's answers when a write finds no room: SQLITE_FULL when the file system is full,
 * SQLITE_IOERR_WRITE when a write is cut short (a size limit such as RLIMIT_FSIZE or a quota), and
 * SQLITE_IOERR_SHMSIZE when the WAL's shared-memory file cannot grow (even to read, at open).
 */
const NO_ROOM = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE']);

/**
 * The error to throw for `error` raised by a statement: a write that found no room becomes
 * `ERR_DISK_FULL` (its message names no path: an API client may read it); anything else is
 * thrown as it was.
 */
export function translateSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !NO_ROOM.has(code)) return error;
  return new CachetError(
    'ERR_DISK_FULL',
    `the registry's disk is full: nothing was written (${code}); free space on its file system`,
    { cause: error },
  );
}

/**
 * better-sqlite3 behind the SqlDb port: each statement prepared once, batches in one transaction,
 * and a write that finds the disk full refused as `ERR_DISK_FULL` (the transaction rolled back).
 */
export function sqliteDb(db: Database): SqlDb {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const translated = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  };
  return {
    all: <T>(sql: string, ...params: unknown[]) =>
      translated(() => prepared(sql).all(...params) as T[]),
    first: <T>(sql: string, ...params: unknown[]) =>
      translated(() => (prepared(sql).get(...params) as T | undefined) ?? null),
    run: (sql, ...params) => translated(() => prepared(sql).run(...params).changes),
    batch: (list) =>
      translated(() =>
        db.transaction(() => list.map(({ sql, params }) => prepared(sql).run(...params).changes))(),
      ),
  };
}

/**
 * Makes the registry's folder (0700 when new) and the registry file, its WAL and shared memory
 * readable by this account only: the registry holds client references and the day's scanner key.
 * SQLite gives the WAL and -shm files the mode of the database file.
 */
function keepPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const found = statSync(path, { throwIfNoEntry: false });
  if (found && !found.isFile()) return; // a folder: SQLite says so, with the setting's name
  if (!found) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      // Gone meanwhile, or another account's file: SQLite opens it or says why.
      if (!['ENOENT', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

/**
 * Opens (creating if needed) the registry file, sets WAL with `synchronous=FULL` so a committed
 * card or revocation survives a power cut, and applies pending migrations.
 */
export function openSqliteStore(path: string, options: { setting?: string } = {}): SqliteStore {
  if (path !== ':memory:') keepPrivate(path);
  // A file that is not a whole database is refused before SQLite reads it, in one line.
  const cut = path === ':memory:' ? null : sqliteHeaderProblem(path);
  if (cut) throw registryDamaged(path, 'integrity', cut);
  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (cause) {
    // A folder, a file without permission: said in one line, naming the setting it came from.
    throw new CachetError(
      'ERR_NOT_FOUND',
      `cannot open the registry ${path}${options.setting ? ` (${options.setting})` : ''}: ${(cause as Error).message}`,
      { cause },
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten, not left in free pages: a day's scanner key must be gone.
    db.pragma('secure_delete = ON');
    applyMigrations(db);
  } catch (cause) {
    db.close();
    // SQLite's own word for a damaged file (its header, a page it reached): the same refusal.
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
      throw registryDamaged(path, 'integrity', (cause as Error).message, { cause });
    }
    // A disk with no room left for the WAL's shared memory: said as a full disk, not a stack.
    throw translateSqliteError(cause);
  }
  return new SqliteStore(db);
}
