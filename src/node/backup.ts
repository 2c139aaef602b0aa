// Backups of a Node deployment: a consistent copy of the registry taken online with SQLite's
// backup API (never a file copy, which could catch a half-written page), the public keys, and,
// only when asked, the private keys encrypted under a passphrase (key-vault.ts); a manifest
// records what the copy holds and each file's SHA-256. A backup is written under a temporary
// name and renamed once complete, so a crash never leaves something that looks like a backup.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import {
  CachetError,
  formatVkey,
  noteKey,
  parseCheckpoint,
  parseNote,
  parseVkey,
  SIG_ED25519,
  toBase64,
} from '../core/index.js';
import {
  checkRegistry,
  countRegistry,
  type RegistryCheckPorts,
  type RegistryCounts,
} from '../store/registry-check.js';
import { jwksPath } from '../store/key-files.js';
import { logKeyPath } from '../store/log-key.js';
import { findProjectFile } from '../store/project-files.js';
import { sqliteDb, translateSqliteError } from '../store/sqlite.js';
import { copyRegularFile, digestRegularFile, readRegularFile } from './backup-files.js';
import { publicKeyOfLogJwk, signManifest, verifyManifest } from './backup-signature.js';
import { openKeys, sealKeys, type VaultFile } from './key-vault.js';
import { sqliteCheckPorts } from './registry-ports.js';

/** The manifest's format, checked first on restore. */
export const BACKUP_FORMAT = 'cachet-backup/1';
/** The file names inside a backup folder. */
export const BACKUP_FILES = {
  manifest: 'manifest.json',
  /** The manifest's signature by the log key (backup-signature.ts), when the machine had one. */
  signature: 'manifest.sig',
  registry: 'registry.db',
  jwks: 'jwks.json',
  keys: 'keys.enc',
  /** The origins hint beside the registry (`<registry>.origins.json`), when there was one. */
  origins: 'origins.json',
} as const;

export interface BackupFile {
  /** Relative to the backup folder. */
  path: string;
  bytes: number;
  /** Hex. */
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** When the copy was taken (ISO 8601, UTC). */
  createdAt: string;
  /** The Cachet version that took it. */
  cachet: string;
  /** The migrations the copy has applied, in order. */
  migrations: string[];
  counts: RegistryCounts;
  /** The issuance log in the copy: its origin, size, root (base64) and verifier key. */
  log: { origin: string | null; size: number; root: string | null; vkey: string | null };
  /**
   * The keys: every kid of the JWK Set, the private halves the machine held (by kid; `log` for
   * the log key), and whether keys.enc holds them.
   */
  keys: { kids: string[]; private: string[]; encrypted: boolean };
  files: BackupFile[];
}

export interface BackupOptions {
  /** The live registry (CACHET_DB). */
  dbPath: string;
  /** The live keys folder (CACHET_KEYS_DIR). */
  keysDir: string;
  /** The folder the backup goes into, as `cachet-<UTC stamp>/` inside it. */
  into: string;
  /**
   * Encrypt and include the private keys under this passphrase (any string given, even empty,
   * asks for the keys: a weak one is refused, never taken as "no keys").
   */
  passphrase?: string | undefined;
  now?: Date;
  /** Pages copied so far of the registry's total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** A complete backup's folder name: `cachet-20261207T045900Z`, `-2` when taken twice a second. */
const COMPLETE = /^cachet-(\d{8}T\d{6}Z)(?:-(\d+))?$/;
/** A backup still being written, by the process `pid`: `.cachet-<stamp>.<pid>.partial`. */
const PARTIAL = /^\.cachet-\d{8}T\d{6}Z\.(\d+)\.partial$/;
/** Pages copied per step of the backup API: the source is read-locked only for one step. */
const STEP_PAGES = 256;

/** `2026-12-07T04:59:00.123Z` → `20261207T045900Z`. */
const stampOf = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** This Cachet's version, from package.json. */
function cachetVersion(): string {
  try {
    const path = findProjectFile('package.json', fileURLToPath(import.meta.url));
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Hex SHA-256 and size of a file, read as a stream (a registry may be larger than memory). */
async function digestFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Flushes a file or folder to the disk. */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The partial folders this process is writing now: only these of its pid are not leftovers. */
const writing = new Set<string>();

/**
 * Whether the process `pid` is still running (a backup it writes is not a leftover). This
 * process's own pid counts as running only for a folder it is writing now: in a container the
 * server is always PID 1, so a killed one's folder carries the same pid as the next one's.
 */
function isRunning(pid: number, path: string): boolean {
  if (pid === process.pid) return writing.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what killed backups left in `into`: only `.cachet-*.partial` folders of dead processes. */
async function removeLeftovers(into: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(into)) {
    const m = PARTIAL.exec(name);
    if (!m || isRunning(Number(m[1]), join(into, name))) continue;
    await rm(join(into, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether the registry has `table` (one from before its migration has not). */
const hasTable = (db: Database, table: string) =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !==
  undefined;

/** The log as the copy holds it: origin, and the latest checkpoint's size and root. */
function readLog(db: Database): { origin: string | null; size: number; root: string | null } {
  const origin = hasTable(db, 'settings')
    ? ((db.prepare("SELECT value FROM settings WHERE name = 'log-origin'").pluck().get() as
        string | undefined) ?? null)
    : null;
  const latest = hasTable(db, 'log_checkpoints')
    ? (db.prepare('SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1').get() as
        { size: number; note: string } | undefined)
    : undefined;
  if (!latest) return { origin, size: 0, root: null };
  const checkpoint = parseCheckpoint(parseNote(latest.note).text);
  return { origin, size: checkpoint.size, root: toBase64(checkpoint.root) };
}

/** The log's verifier key, from keys/private/log.jwk and the log's origin; null without either. */
async function readLogVkey(keysDir: string, origin: string | null): Promise<string | null> {
  const path = logKeyPath(keysDir);
  if (!origin || !existsSync(path)) return null;
  try {
    const { x } = JSON.parse(await readFile(path, 'utf8')) as { x: string };
    return formatVkey(await noteKey(origin, SIG_ED25519, Buffer.from(x, 'base64url')));
  } catch {
    throw new CachetError('ERR_KEY_INVALID', `${path} is not a log key`);
  }
}

/** The kids of a JWK Set file; none when it does not exist. */
async function readKids(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  try {
    const jwks = JSON.parse(await readFile(path, 'utf8')) as { keys: { kid: string }[] };
    return jwks.keys.map((k) => k.kid);
  } catch {
    throw new CachetError('ERR_KEY_INVALID', `${path} is not a JWK Set`);
  }
}

/** The private key files of `keysDir`: `private/<kid>.jwk` and `private/log.jwk`. */
async function readPrivateFiles(keysDir: string): Promise<VaultFile[]> {
  const dir = join(keysDir, 'private');
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jwk')).sort();
  return Promise.all(
    names.map(async (name) => ({
      path: `private/${name}`,
      text: await readFile(join(dir, name), 'utf8'),
    })),
  );
}

/** `private/<kid>.jwk` → `<kid>`; `private/log.jwk` → `log`. */
const kidOfFile = (path: string) => basename(path, '.jwk');

/** Copies the live registry with SQLite's backup API, in steps, from a read-only connection. */
async function copyRegistry(
  dbPath: string,
  to: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  if (!existsSync(dbPath)) {
    throw new CachetError('ERR_NOT_FOUND', `no registry at ${dbPath} to back up (CACHET_DB)`);
  }
  let source: Database;
  try {
    source = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  } catch (cause) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `cannot open the registry ${dbPath}: ${(cause as Error).message}`,
      { cause },
    );
  }
  try {
    let step = STEP_PAGES;
    let remaining = Infinity;
    await source.backup(to, {
      progress: ({ totalPages, remainingPages }) => {
        // A write by the server restarts the copy: each restart doubles the step, so a busy
        // registry is still copied, in fewer and longer steps.
        if (remainingPages > remaining) step *= 2;
        remaining = remainingPages;
        onProgress?.(totalPages - remainingPages, totalPages);
        return step;
      },
    });
  } finally {
    source.close();
  }
  const copy = new BetterSqlite3(to);
  try {
    // One self-contained file: no WAL beside it to lose on the way to another machine.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** The manifest's view of the copy: what it holds, read from the copy itself. */
async function describeCopy(path: string) {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const migrations = db
      .prepare('SELECT name FROM d1_migrations ORDER BY id')
      .pluck()
      .all() as string[];
    return { migrations, counts: await countRegistry(sqliteDb(db)), log: readLog(db) };
  } finally {
    db.close();
  }
}

/** The first free `cachet-<stamp>[-n]` in `into`. */
function freeName(into: string, stamp: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `cachet-${stamp}` : `cachet-${stamp}-${n}`;
    if (!existsSync(join(into, name))) return join(into, name);
  }
}

/**
 * The folder backups go into must be there already: made on the fly, a backup meant for a disk
 * that is not mounted would land on the machine's own disk and be lost with it.
 */
async function requireFolder(into: string): Promise<void> {
  const found = await stat(into).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!found) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no folder ${into} to back up into: make it (mkdir -m 700 ${into}), or check that its disk is mounted`,
    );
  }
  if (!found.isDirectory()) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${into} is not a folder to back up into`);
  }
}

/** Takes one backup; resolves to its folder and manifest. */
export async function takeBackup(
  options: BackupOptions,
): Promise<{ path: string; manifest: BackupManifest }> {
  const { dbPath, keysDir, into } = options;
  const now = options.now ?? new Date();
  const stamp = stampOf(now);
  await requireFolder(into);
  await removeLeftovers(into);
  const partial = join(into, `.cachet-${stamp}.${process.pid}.partial`);
  await mkdir(partial, { mode: 0o700 }).catch((error: unknown) => {
    throw noRoom(error, into);
  });
  writing.add(partial);
  try {
    await chmod(partial, 0o700);
    const at = (name: string) => join(partial, name);
    // Sealed first: a wrong setting (a short passphrase) stops before the copy is taken.
    const privateFiles = await readPrivateFiles(keysDir);
    const sealed =
      options.passphrase !== undefined ? await sealKeys(privateFiles, options.passphrase) : null;

    await copyRegistry(dbPath, at(BACKUP_FILES.registry), options.onProgress);
    const copy = await describeCopy(at(BACKUP_FILES.registry));

    const written: string[] = [BACKUP_FILES.registry];
    if (existsSync(jwksPath(keysDir))) {
      await copyFile(jwksPath(keysDir), at(BACKUP_FILES.jwks));
      written.push(BACKUP_FILES.jwks);
    }
    if (sealed) {
      await writeFile(at(BACKUP_FILES.keys), sealed, { mode: 0o600 });
      written.push(BACKUP_FILES.keys);
    }
    if (existsSync(`${dbPath}.origins.json`)) {
      await copyFile(`${dbPath}.origins.json`, at(BACKUP_FILES.origins));
      written.push(BACKUP_FILES.origins);
    }
    const files: BackupFile[] = [];
    for (const name of written) {
      await chmod(at(name), 0o600);
      await syncPath(at(name));
      files.push({ path: name, ...(await digestFile(at(name))) });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: now.toISOString(),
      cachet: cachetVersion(),
      migrations: copy.migrations,
      counts: copy.counts,
      log: { ...copy.log, vkey: await readLogVkey(keysDir, copy.log.origin) },
      keys: {
        kids: await readKids(jwksPath(keysDir)),
        private: privateFiles.map((f) => kidOfFile(f.path)),
        encrypted: sealed !== null,
      },
      files,
    };
    // The manifest last (a folder without one was never a backup), signed by the log's key.
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const signature = await signManifest(keysDir, manifestBytes);
    if (signature !== null) {
      await writeFile(at(BACKUP_FILES.signature), signature, { mode: 0o600 });
      await syncPath(at(BACKUP_FILES.signature));
    }
    await writeFile(at(BACKUP_FILES.manifest), manifestBytes, { mode: 0o600 });
    await syncPath(at(BACKUP_FILES.manifest));
    await syncPath(partial);
    const path = freeName(into, stamp);
    await rename(partial, path);
    await syncPath(into);
    return { path, manifest };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw noRoom(error, into);
  } finally {
    writing.delete(partial);
  }
}

/**
 * A full disk (SQLite's or the file system's) as one line naming the folder, and any other
 * failure of SQLite's copy (a disk I/O error, a file size limit) as one line too; others as
 * they are.
 */
function noRoom(error: unknown, into: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (translateSqliteError(error) !== error || code === 'ENOSPC') {
    return new CachetError(
      'ERR_DISK_FULL',
      `the disk is full: no backup was written into ${into} (${code}); free space there, or back up elsewhere`,
      { cause: error },
    );
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new CachetError(
      'ERR_BACKUP',
      `the registry's copy into ${into} failed: ${(error as Error).message} (${code}); no backup was written`,
      { cause: error },
    );
  }
  return error;
}

/** One complete backup in a folder, as listBackups finds it. */
export interface BackupEntry {
  path: string;
  createdAt: Date;
}

/** The complete backups in `into` (named `cachet-<stamp>`, with a manifest), newest first. */
export async function listBackups(into: string): Promise<BackupEntry[]> {
  if (!existsSync(into)) return [];
  const found: (BackupEntry & { n: number })[] = [];
  for (const name of await readdir(into)) {
    const m = COMPLETE.exec(name);
    if (!m) continue;
    let createdAt: Date;
    try {
      // A real folder with a regular manifest of this format: a link, a FIFO or another tool's
      // manifest is not a backup, is never waited on and is never pruned.
      if (!(await lstat(join(into, name))).isDirectory()) continue;
      const text = await readRegularFile(join(into, name, BACKUP_FILES.manifest), 'manifest');
      if (!text) continue;
      const manifest = JSON.parse(text.toString('utf8')) as BackupManifest;
      if (manifest?.format !== BACKUP_FORMAT || typeof manifest.createdAt !== 'string') continue;
      createdAt = new Date(manifest.createdAt);
    } catch {
      continue; // not one of ours; readBackup would say why
    }
    if (Number.isNaN(createdAt.getTime())) continue;
    found.push({ path: join(into, name), createdAt, n: Number(m[2] ?? 1) });
  }
  return found
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.n - a.n)
    .map(({ path, createdAt }) => ({ path, createdAt }));
}

/** A backup as read: its manifest (exact bytes and parsed), its signature, its small files. */
interface LoadedBackup {
  manifest: BackupManifest;
  /** The bytes of jwks.json, keys.enc and origins.json as checked against the manifest. */
  files: Map<string, Buffer>;
}

/**
 * Reads a backup: the manifest and its signature (handed to `verify` before anything else is
 * read or believed), then every file the manifest lists, checked against its size and SHA-256.
 * Every file must be a regular one (backup-files.ts): a link or a FIFO is refused by name.
 */
async function loadBackup(
  path: string,
  verify?: (manifest: Buffer, signature: Buffer | null) => Promise<void>,
): Promise<LoadedBackup> {
  if (PARTIAL.test(basename(path)) || path.endsWith('.partial')) {
    throw new CachetError(
      'ERR_BACKUP',
      `${path} is an incomplete backup (one that was stopped while being written): use a complete cachet-<date> folder`,
    );
  }
  const manifestPath = join(path, BACKUP_FILES.manifest);
  if (!existsSync(path)) throw new CachetError('ERR_BACKUP', `no backup at ${path}`);
  const bytes = await readRegularFile(manifestPath, BACKUP_FILES.manifest);
  if (!bytes) {
    throw new CachetError(
      'ERR_BACKUP',
      `${path} is not a complete backup: it has no manifest.json`,
    );
  }
  await verify?.(bytes, await readRegularFile(join(path, BACKUP_FILES.signature), 'manifest.sig'));
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  } catch {
    throw new CachetError('ERR_BACKUP', `${manifestPath} is not JSON: the backup is damaged`);
  }
  if (manifest?.format !== BACKUP_FORMAT) {
    throw new CachetError(
      'ERR_BACKUP',
      `${manifestPath} is not a backup in the format ${BACKUP_FORMAT} (it says ${JSON.stringify(manifest?.format ?? null)})`,
    );
  }
  const known: string[] = Object.values(BACKUP_FILES);
  if (
    !Array.isArray(manifest.files) ||
    !manifest.files.some((f) => f?.path === BACKUP_FILES.registry)
  ) {
    throw new CachetError('ERR_BACKUP', `${manifestPath} lists no ${BACKUP_FILES.registry}`);
  }
  const files = new Map<string, Buffer>();
  for (const file of manifest.files) {
    if (
      !known.includes(file.path) ||
      file.path === BACKUP_FILES.manifest ||
      file.path === BACKUP_FILES.signature
    ) {
      throw new CachetError(
        'ERR_BACKUP',
        `${manifestPath} lists a file no backup has: ${JSON.stringify(file.path)}`,
      );
    }
    const at = join(path, file.path);
    let found: { bytes: number; sha256: string } | null;
    if (file.path === BACKUP_FILES.registry) {
      found = await digestRegularFile(at, file.path);
    } else {
      const content = await readRegularFile(at, file.path);
      if (content) files.set(file.path, content);
      found = content && {
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      };
    }
    if (!found) {
      throw new CachetError('ERR_BACKUP', `the backup's ${file.path} is missing (${at})`);
    }
    checkDigest(file, found);
  }
  return { manifest, files };
}

/** Refuses a file whose size or SHA-256 is not the manifest's. */
function checkDigest(file: BackupFile, found: { bytes: number; sha256: string }): void {
  if (found.bytes !== file.bytes) {
    throw new CachetError(
      'ERR_BACKUP',
      `the backup's ${file.path} has ${found.bytes} bytes where its manifest says ${file.bytes}: it was altered or cut short`,
    );
  }
  if (found.sha256 !== file.sha256) {
    throw new CachetError(
      'ERR_BACKUP',
      `the backup's ${file.path} does not match its SHA-256 in the manifest: it was altered`,
    );
  }
}

/**
 * Reads a backup's manifest and checks every file it lists against its size and SHA-256 (the
 * signature is checked by restoreBackup, which knows what to trust).
 * @throws CachetError `ERR_BACKUP` naming the file that is missing, differs, or is not a file.
 */
export async function readBackup(path: string): Promise<BackupManifest> {
  return (await loadBackup(path)).manifest;
}

export interface RestoreOptions {
  /** The backup folder. */
  from: string;
  /** Where the registry goes (CACHET_DB): must not exist. */
  dbPath: string;
  /** Where the keys go (CACHET_KEYS_DIR). */
  keysDir: string;
  /** The passphrase of keys.enc, when the backup has one. */
  passphrase?: string | undefined;
  /**
   * The log's verifier key (`GET /log/vkey`, or the one a monitor kept): what the manifest's
   * signature is checked under when neither keys.enc nor the keys folder holds the log key.
   */
  logVkey?: string | undefined;
  /**
   * Restore a backup no key vouches for (taken before the server's first start, when there is no
   * log key yet): only on the operator's word (`--unsigned`).
   */
  acceptUnsigned?: boolean | undefined;
}

/** What restoreBackup did. */
export interface Restored {
  manifest: BackupManifest;
  /** The key files written (jwks.json, private/<kid>.jwk). */
  keys: string[];
  /** What the restored machine lacks, said plainly: private keys that were not in the backup. */
  warnings: string[];
}

/** Refuses a place where a registry is (or was being written): restore never replaces one. */
function refuseLiveRegistry(dbPath: string): void {
  for (const file of [dbPath, `${dbPath}-wal`]) {
    if (existsSync(file)) {
      throw new CachetError(
        'ERR_CONFLICT',
        `${file} exists: restore never writes over a registry; set CACHET_DB to a path in an empty data folder (or move that one away first)`,
      );
    }
  }
}

/** Runs the whole consistency check on the copy, and compares it with the manifest. */
async function checkCopy(
  path: string,
  manifest: BackupManifest,
  keys: NonNullable<RegistryCheckPorts['keys']>,
): Promise<string[]> {
  const db = new BetterSqlite3(path, { fileMustExist: true });
  try {
    const ports = { ...(await sqliteCheckPorts(db)), keys };
    const report = await checkRegistry(ports, { quick: false });
    const problems = report.problems.map(
      (p) => `${p.check}${p.subject ? ` (${p.subject})` : ''}: ${p.message}`,
    );
    for (const [name, n] of Object.entries(manifest.counts ?? {})) {
      const found = report.counts[name as keyof RegistryCounts];
      if (found !== n) {
        problems.push(`the registry holds ${found} ${name} where the manifest says ${n}`);
      }
    }
    if (report.log.size !== manifest.log?.size || report.log.root !== manifest.log?.root) {
      problems.push(
        `the registry's log is at size ${report.log.size} (root ${report.log.root}) where the manifest says ${manifest.log?.size} (root ${manifest.log?.root})`,
      );
    }
    return problems;
  } finally {
    db.close();
  }
}

/**
 * Moves the checked copy to `dbPath`: a hard link fails, rather than replaces, if a registry
 * appeared meanwhile; a file system without hard links gets a rename after one more look.
 */
async function putInPlace(temporary: string, dbPath: string): Promise<void> {
  try {
    await link(temporary, dbPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseLiveRegistry(dbPath);
    if (
      !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(
        (error as NodeJS.ErrnoException).code ?? '',
      )
    ) {
      throw error;
    }
    refuseLiveRegistry(dbPath);
    await rename(temporary, dbPath);
  }
}

/** Writes `text` to `path` unless an identical file is there; refuses a different one. */
async function writeKeyFile(path: string, text: string, mode: number): Promise<boolean> {
  if (existsSync(path)) {
    if ((await readFile(path, 'utf8')) === text) return false;
    throw new CachetError(
      'ERR_CONFLICT',
      `${path} exists and differs from the backup's: restore never replaces a key; move it away or use an empty CACHET_KEYS_DIR`,
    );
  }
  await writeFile(path, text, { mode, flag: 'wx' });
  await chmod(path, mode);
  return true;
}

/** A key the manifest's signature must verify under, and where it came from, in words. */
interface Anchor {
  name: string;
  publicKey: Uint8Array;
}

/** The log keys this restore can trust: keys.enc's (opened), the keys folder's, --log-vkey's. */
async function findAnchors(
  privateFiles: VaultFile[],
  keysDir: string,
  logVkey: string | undefined,
): Promise<Anchor[]> {
  const anchors: Anchor[] = [];
  const sealed = privateFiles.find((f) => f.path === 'private/log.jwk');
  if (sealed) {
    anchors.push({
      name: 'the log key in keys.enc',
      publicKey: publicKeyOfLogJwk(sealed.text, 'keys.enc'),
    });
  }
  if (existsSync(logKeyPath(keysDir))) {
    anchors.push({
      name: logKeyPath(keysDir),
      publicKey: publicKeyOfLogJwk(
        await readFile(logKeyPath(keysDir), 'utf8'),
        logKeyPath(keysDir),
      ),
    });
  }
  if (logVkey !== undefined) {
    anchors.push({ name: '--log-vkey', publicKey: (await parseVkey(logVkey)).publicKey });
  }
  return anchors;
}

/** How to give this restore something to check the backup's signature under. */
const ANCHOR_OPTIONS =
  "give the passphrase of its keys.enc (--passphrase-file), put the log's keys/private/log.jwk in CACHET_KEYS_DIR, or give --log-vkey VKEY|FILE (the brand's GET /log/vkey)";

/**
 * Restores a backup into an empty place only: checks the manifest's signature by the log key
 * first (under a key the backup folder cannot have replaced), then every file against the
 * manifest, then the whole registry (store/registry-check.ts) with the keys it will have; never
 * writes over a registry or a key that exists.
 */
export async function restoreBackup(options: RestoreOptions): Promise<Restored> {
  const { from, dbPath, keysDir } = options;
  refuseLiveRegistry(dbPath);

  // keys.enc first: the passphrase's AEAD vouches for it, and for the log key inside it.
  let privateFiles: VaultFile[] = [];
  const sealedBytes = existsSync(from)
    ? await readRegularFile(join(from, BACKUP_FILES.keys), BACKUP_FILES.keys)
    : null;
  if (sealedBytes) {
    if (!options.passphrase) {
      throw new CachetError(
        'ERR_PASSPHRASE',
        'the backup holds the private keys, encrypted: give the passphrase they were backed up under',
      );
    }
    privateFiles = await openKeys(sealedBytes.toString('utf8'), options.passphrase);
    for (const file of privateFiles) {
      if (!/^private\/[A-Za-z0-9_-]+\.jwk$/.test(file.path)) {
        throw new CachetError('ERR_BACKUP', `keys.enc names a file no backup writes: ${file.path}`);
      }
    }
  }
  // Every refusal comes before anything is written: a different key in place first.
  for (const file of privateFiles) {
    const at = join(keysDir, file.path);
    if (existsSync(at) && (await readFile(at, 'utf8')) !== file.text) {
      throw new CachetError(
        'ERR_CONFLICT',
        `${at} exists and differs from the backup's: restore never replaces a key; move it away or use an empty CACHET_KEYS_DIR`,
      );
    }
  }
  const anchors = await findAnchors(privateFiles, keysDir, options.logVkey);
  const warnings: string[] = [];
  let unsigned = false;
  const { manifest, files } = await loadBackup(from, async (bytes, signature) => {
    if (signature === null) {
      if (anchors.length > 0) {
        throw new CachetError(
          'ERR_BACKUP',
          `the backup's manifest is not signed, though its log key is known here (${anchors[0]!.name}): it was altered, or taken by a Cachet that did not sign; nothing was restored`,
        );
      }
      unsigned = true;
      return;
    }
    if (anchors.length === 0) {
      throw new CachetError(
        'ERR_BACKUP',
        `the backup is signed by its log key, and nothing here can check that signature: ${ANCHOR_OPTIONS}`,
      );
    }
    for (const anchor of anchors) {
      if (!(await verifyManifest(signature.toString('utf8'), bytes, anchor.publicKey))) {
        throw new CachetError(
          'ERR_BACKUP',
          `the backup's manifest is not signed by ${anchor.name}: it was altered, or is another registry's; nothing was restored`,
        );
      }
    }
  });
  if (sealedBytes && !(files.get(BACKUP_FILES.keys)?.equals(sealedBytes) ?? false)) {
    throw new CachetError(
      'ERR_BACKUP',
      "the backup's keys.enc is not the one its manifest lists (or it changed while being read)",
    );
  }
  if (unsigned) {
    if (!options.acceptUnsigned) {
      throw new CachetError(
        'ERR_BACKUP',
        "the backup is not signed, so nothing vouches for its registry and keys (anyone who could write to its folder may have changed them); every backup of a server that has started is signed by its log key. Only a backup taken before the server's first start is not: if this is one, and you know where it has been, restore it with --unsigned",
      );
    }
    if ((manifest.log?.size ?? 0) > 0) {
      throw new CachetError(
        'ERR_BACKUP',
        `the backup is not signed and its registry has a signed log (size ${manifest.log.size}): nothing can vouch for it; ${ANCHOR_OPTIONS}, with a backup taken with the log key`,
      );
    }
    warnings.push(
      'the backup is not signed (its machine had no log key yet): nothing vouches for its jwks.json and registry; check the keys it lists against the ones you publish',
    );
  }

  const jwksText = files.get(BACKUP_FILES.jwks)?.toString('utf8');
  const backupKids = jwksText !== undefined ? kidsOf(jwksText, `${from}/jwks.json`) : [];
  const liveJwks = jwksPath(keysDir);
  if (jwksText !== undefined && existsSync(liveJwks)) {
    const present = new Set(await readKids(liveJwks));
    const missing = backupKids.filter((kid) => !present.has(kid));
    if (missing.length > 0) {
      throw new CachetError(
        'ERR_CONFLICT',
        `${liveJwks} exists without the backup's key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: restore into an empty CACHET_KEYS_DIR`,
      );
    }
  }
  // The keys the restored registry will have: checked with it, so a key problem is caught here.
  const placedJwks = existsSync(liveJwks) ? await readFile(liveJwks, 'utf8') : (jwksText ?? '');
  const checkKeys: CheckKeys = {
    jwks: placedJwks ? parseJwks(placedJwks, liveJwks) : { keys: [] },
    privateKids: new Set([
      ...privateKidsIn(keysDir),
      ...privateFiles.map((f) => basename(f.path, '.jwk')),
      ...(anchors.length > 0 ? ['log'] : []),
    ]),
    logVkey: null,
    logPublicKey: anchors[0]?.publicKey ?? null,
    // Those the old machine held and this one lacks are said as warnings (missingKeys).
    suppliedKids: new Set((manifest.keys?.private ?? []).filter((kid) => kid !== 'log')),
  };

  // The registry: copied beside its place (hashed as copied), checked whole, then put in place.
  await mkdir(dirname(dbPath), { recursive: true, mode: 0o700 });
  const temporary = `${dbPath}.restoring.${process.pid}`;
  try {
    const copied = await copyRegularFile(
      join(from, BACKUP_FILES.registry),
      temporary,
      BACKUP_FILES.registry,
    );
    if (!copied) throw new CachetError('ERR_BACKUP', `the backup's registry.db is missing`);
    checkDigest(
      manifest.files.find((f) => f.path === BACKUP_FILES.registry)!,
      copied,
    );
    const problems = await checkCopy(temporary, manifest, checkKeys);
    if (problems.length > 0) {
      throw new CachetError(
        'ERR_REGISTRY_DAMAGED',
        `the backup's registry fails its check, so nothing was restored: ${problems.join('; ')}`,
      );
    }
    await syncPath(temporary);
    refuseLiveRegistry(dbPath);
    await putInPlace(temporary, dbPath);
  } finally {
    for (const file of [
      temporary,
      `${temporary}-wal`,
      `${temporary}-shm`,
      `${temporary}-journal`,
    ]) {
      await unlink(file).catch(() => {});
    }
  }
  await syncPath(dirname(dbPath));
  const origins = files.get(BACKUP_FILES.origins);
  if (origins && !existsSync(`${dbPath}.origins.json`)) {
    await writeFile(`${dbPath}.origins.json`, origins, { mode: 0o600, flag: 'wx' });
  }

  // The keys: the public set when there is none, the private halves exclusively.
  const keys: string[] = [];
  await mkdir(keysDir, { recursive: true, mode: 0o755 });
  if (jwksText !== undefined && !existsSync(liveJwks)) {
    await writeKeyFile(liveJwks, jwksText, 0o644);
    keys.push(liveJwks);
  }
  if (privateFiles.length > 0)
    await mkdir(join(keysDir, 'private'), { recursive: true, mode: 0o700 });
  for (const file of privateFiles) {
    const at = join(keysDir, file.path);
    if (await writeKeyFile(at, file.text, 0o600)) keys.push(at);
  }
  return { manifest, keys, warnings: [...warnings, ...missingKeys(manifest, keysDir)] };
}

type CheckKeys = NonNullable<RegistryCheckPorts['keys']>;

/** The kids of `keysDir/private/*.jwk` (`log` for the log key). */
function privateKidsIn(keysDir: string): string[] {
  const dir = join(keysDir, 'private');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.jwk'))
        .map((n) => n.slice(0, -'.jwk'.length))
    : [];
}

/** A JWK Set's text, parsed; ERR_KEY_INVALID naming `where` otherwise. */
function parseJwks(text: string, where: string): CheckKeys['jwks'] {
  try {
    const jwks = JSON.parse(text) as CheckKeys['jwks'];
    if (Array.isArray(jwks?.keys)) return jwks;
  } catch {
    // said below
  }
  throw new CachetError('ERR_KEY_INVALID', `${where} is not a JWK Set`);
}

/** The kids of a JWK Set's text. */
const kidsOf = (text: string, where: string) => parseJwks(text, where).keys.map((k) => k.kid);

/** What the restored machine lacks of the private keys the backed-up one held, said plainly. */
function missingKeys(manifest: BackupManifest, keysDir: string): string[] {
  const absent = (kid: string) =>
    !existsSync(kid === 'log' ? logKeyPath(keysDir) : join(keysDir, 'private', `${kid}.jwk`));
  const missing = (manifest.keys?.private ?? []).filter(absent);
  const warnings: string[] = [];
  if (missing.includes('log') || (manifest.log?.size > 0 && absent('log'))) {
    warnings.push(
      `the log key (${logKeyPath(keysDir)}) is not here: put the original one back before the server starts, or the log cannot go on under its own key (${manifest.log?.vkey ?? 'its verifier key is unknown'})`,
    );
  }
  const cardKeys = missing.filter((kid) => kid !== 'log');
  if (cardKeys.length > 0) {
    warnings.push(
      `the private key${cardKeys.length > 1 ? 's' : ''} ${cardKeys.join(', ')} ${cardKeys.length > 1 ? 'are' : 'is'} not here: cards already minted verify, but nothing new can be minted or signed under ${cardKeys.length > 1 ? 'them' : 'it'} (back up with --with-keys, or copy keys/private/ from the old machine)`,
    );
  }
  return warnings;
}
