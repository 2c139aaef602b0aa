// Backups of a Node deployment: a consistent copy of the registry taken online with SQLite's
// backup API (never a file copy, which could catch a half-written page), the public keys, and,
// only when asked, the private keys encrypted under a passphrase (key-vault.ts); a manifest
// records what the copy holds and each file's SHA-256. A backup is written under a temporary
// name and renamed once complete, so a crash never leaves something that looks like a backup.
import type { RegistryCounts } from '../store/registry-check.js';

/** The manifest's format, checked first on restore. */
export const BACKUP_FORMAT = 'cachet-backup/1';
/** The file names inside a backup folder. */
export const BACKUP_FILES = {
  manifest: 'manifest.json',
  registry: 'registry.db',
  jwks: 'jwks.json',
  keys: 'keys.enc',
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
  /** The keys: every kid of the JWK Set, and whether keys.enc holds the private halves. */
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
  /** Encrypt and include the private keys under this passphrase. */
  passphrase?: string | undefined;
  now?: Date;
  /** Pages copied so far of the registry's total, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** Takes one backup; resolves to its folder and manifest. */
export async function takeBackup(
  _options: BackupOptions,
): Promise<{ path: string; manifest: BackupManifest }> {
  throw new Error('takeBackup: not built yet');
}

/**
 * Reads a backup's manifest and checks every file it lists against its size and SHA-256.
 * @throws CachetError `ERR_BACKUP` naming the file that is missing or differs.
 */
export async function readBackup(_path: string): Promise<BackupManifest> {
  throw new Error('readBackup: not built yet');
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
}

/**
 * Restores a backup into an empty place only: checks the manifest first, the whole registry
 * after (store/registry-check.ts), and never writes over a registry or a key that exists.
 */
export async function restoreBackup(
  _options: RestoreOptions,
): Promise<{ manifest: BackupManifest; keys: string[] }> {
  throw new Error('restoreBackup: not built yet');
}
