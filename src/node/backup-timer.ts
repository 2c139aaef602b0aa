// The server's backups on a schedule (CACHET_BACKUP_DIR): one at start when the newest is older
// than the interval, then one every CACHET_BACKUP_INTERVAL_MS, off any request and never two at
// once; the newest CACHET_BACKUP_KEEP kept; one line said per backup, and a failure said without
// stopping the server.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CachetError, describeAge } from '../core/index.js';
import type { NodeConfig } from '../config.js';
import { listBackups, takeBackup } from './backup.js';
import { MIN_PASSPHRASE } from './key-vault.js';

/** Why a passphrase file cannot be read, in words. */
const FILE_ERRORS: Partial<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'a folder, not a file',
};

/** The longest a Node timer waits at once (about 24.8 days): a longer interval is waited in turns. */
const MAX_TIMER_MS = 2_147_483_647;

type BackupSettings = Pick<
  NodeConfig,
  'dbPath' | 'keysDir' | 'backupIntervalMs' | 'backupKeep' | 'backupPassphraseFile'
> & { backupDir: string };

export interface BackupTimer {
  /** The backup running now, if any (resolves when it ends, whether it worked or not). */
  readonly running: Promise<void> | null;
  /** Stops the schedule, then waits for a backup in progress to end. */
  stop(): Promise<void>;
}

/**
 * Reads CACHET_BACKUP_PASSPHRASE_FILE's passphrase (its first line), or none when unset.
 * @throws CachetError `ERR_SETTING` naming the setting when the file cannot be read or the
 * passphrase is too short: the server does not start.
 */
export function readBackupPassphrase(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CachetError(
      'ERR_SETTING',
      `CACHET_BACKUP_PASSPHRASE_FILE: cannot read ${file}: ${FILE_ERRORS[(error as NodeJS.ErrnoException).code ?? ''] ?? (error as Error).message}`,
    );
  }
  const passphrase = text.split(/\r?\n/)[0]!;
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new CachetError(
      'ERR_SETTING',
      `CACHET_BACKUP_PASSPHRASE_FILE: the passphrase in ${file} is shorter than ${MIN_PASSPHRASE} characters`,
    );
  }
  return passphrase;
}

/** An interval in words: "1 day", "6 hours", "90 seconds" → "1 minute". */
export const describeInterval = (ms: number) => describeAge(ms / 1000);

/** Why a backup failed, in words: a full disk named as such. */
function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return `the disk is full (${message})`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${message})`;
  return message;
}

/**
 * Starts the schedule. The passphrase is read first (see readBackupPassphrase), so a start
 * refused for it has opened nothing. The first backup, when due, runs after this returns.
 */
export async function startBackupTimer(
  settings: BackupSettings,
  log: (line: string) => void,
  passphrase: string | undefined = readBackupPassphrase(settings.backupPassphraseFile),
): Promise<BackupTimer> {
  const into = settings.backupDir;
  const interval = settings.backupIntervalMs;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Says so when the newest backup is older than two intervals; resolves to its date. */
  const warnIfStale = async (now: Date) => {
    const newest = (await listBackups(into))[0];
    if (newest && now.getTime() - newest.createdAt.getTime() > 2 * interval) {
      const age = describeAge((now.getTime() - newest.createdAt.getTime()) / 1000);
      log(
        `Warning: the last backup (${newest.path}) is from ${newest.createdAt.toISOString()}, ${age} ago, older than two intervals (${describeInterval(2 * interval)}): check the lines "Backup failed" above and ${into}`,
      );
    }
    return newest?.createdAt;
  };

  /** Deletes the complete backups past the newest `keep` (listBackups finds only Cachet's). */
  const prune = async () => {
    for (const old of (await listBackups(into)).slice(settings.backupKeep)) {
      await rm(old.path, { recursive: true, force: true });
    }
  };

  const backUp = async () => {
    const started = Date.now();
    try {
      const { path, manifest } = await takeBackup({
        dbPath: settings.dbPath,
        keysDir: settings.keysDir,
        into,
        passphrase,
      });
      const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
      const keys = manifest.keys.encrypted ? 'private keys encrypted' : 'no private keys';
      log(
        `Backup ${path}: ${manifest.counts.cards} cards, log size ${manifest.log.size}, ${(bytes / 1e6).toFixed(1)} MB, ${keys}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      await prune();
    } catch (error) {
      log(
        `Backup failed (${into}): ${reasonOf(error)}; the server goes on, next try in ${describeInterval(interval)}`,
      );
    }
  };

  /** One backup, unless one is running (the warning first, when `warn`); the next an interval later. */
  const tick = (warn = true) => {
    if (stopped) return;
    if (!running) {
      running = (warn ? warnIfStale(new Date()) : Promise.resolve())
        .then(backUp, (error: unknown) => log(`Backup failed (${into}): ${reasonOf(error)}`))
        .finally(() => (running = null));
    }
    wait(interval);
  };
  const wait = (ms: number) => {
    timer = setTimeout(
      () => (ms > MAX_TIMER_MS ? wait(ms - MAX_TIMER_MS) : tick()),
      Math.min(ms, MAX_TIMER_MS),
    ).unref();
  };

  // At start: a warning when the newest is stale, and a backup now when one is due.
  try {
    const newest = await warnIfStale(new Date());
    const due = newest ? newest.getTime() + interval - Date.now() : 0;
    if (due <= 0) tick(false);
    else wait(due);
  } catch (error) {
    // A folder that cannot be read is said, and tried again an interval later.
    log(
      `Backup failed (${into}): ${reasonOf(error)}; the server goes on, next try in ${describeInterval(interval)}`,
    );
    wait(interval);
  }

  return {
    get running() {
      return running;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
