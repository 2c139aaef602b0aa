// The server's backups on a schedule (CACHET_BACKUP_DIR): one at start when the newest is older
// than the interval, then one every CACHET_BACKUP_INTERVAL_MS, off any request and never two at
// once; the newest CACHET_BACKUP_KEEP kept; one line said per backup, and a failure said without
// stopping the server.
import { rm } from 'node:fs/promises';
import { CachetError, describeAge } from '../core/index.js';
import type { NodeConfig } from '../config.js';
import { listBackups, takeBackup, type BackupEntry } from './backup.js';
import { checkPassphrase, readPassphraseFile } from './key-vault.js';

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
 * Reads CACHET_BACKUP_PASSPHRASE_FILE's passphrase as the CLI and restore read it (the whole
 * file less one final line break, key-vault.ts), or none when unset; `warn` hears of a file
 * others can read.
 * @throws CachetError `ERR_SETTING` naming the setting when the file cannot be read or the
 * passphrase is too weak: the server does not start.
 */
export function readBackupPassphrase(
  file: string | undefined,
  warn: (line: string) => void = () => {},
): string | undefined {
  if (file === undefined) return undefined;
  try {
    const read = readPassphraseFile(file);
    checkPassphrase(read.passphrase);
    if (read.warning) warn(`Warning: ${read.warning}`);
    return read.passphrase;
  } catch (error) {
    throw new CachetError(
      'ERR_SETTING',
      `CACHET_BACKUP_PASSPHRASE_FILE: ${(error as Error).message.replace(/^a passphrase for the keys/, `the passphrase in ${file}`)}`,
    );
  }
}

/**
 * The backups as the schedule sees them: those dated after `now` (a clock that ran ahead, or a
 * folder put there) never count as recent, and are pruned before any real one.
 */
function sortForSchedule(backups: BackupEntry[], now: Date) {
  const future = backups.filter((b) => b.createdAt.getTime() > now.getTime());
  const past = backups.filter((b) => b.createdAt.getTime() <= now.getTime());
  return { newest: past[0], future, ordered: [...past, ...future] };
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
  passphrase: string | undefined = readBackupPassphrase(settings.backupPassphraseFile, log),
): Promise<BackupTimer> {
  const into = settings.backupDir;
  const interval = settings.backupIntervalMs;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const warnedFuture = new Set<string>();
  const startedAt = Date.now();
  /** The newest backup known good: found in the folder, or taken by this server. */
  let newestKnown: Date | undefined;
  /** The staleness warning, from what is known, for when the folder itself cannot be read. */
  /** Whether this round said its staleness warning already. */
  let warned = false;
  const warnFromKnown = (now: Date) => {
    if (warned) return;
    const since = newestKnown?.getTime() ?? startedAt;
    if (now.getTime() - since <= 2 * interval) return;
    const age = describeAge((now.getTime() - since) / 1000);
    log(
      newestKnown
        ? `Warning: the last backup this server knows of is from ${newestKnown.toISOString()}, ${age} ago, older than two intervals (${describeInterval(2 * interval)}), and ${into} cannot be read now`
        : `Warning: no backup in ${into} for ${age} since the server started, more than two intervals (${describeInterval(2 * interval)}): see its "Backup failed" lines`,
    );
  };
  /** Says so when the newest backup is older than two intervals; resolves to its date. */
  const warnIfStale = async (now: Date) => {
    const { newest, future } = sortForSchedule(await listBackups(into), now);
    if (newest && (!newestKnown || newest.createdAt > newestKnown)) newestKnown = newest.createdAt;
    for (const ahead of future) {
      if (warnedFuture.has(ahead.path)) continue;
      warnedFuture.add(ahead.path);
      log(
        `Warning: the backup ${ahead.path} is dated in the future (${ahead.createdAt.toISOString()}): it does not count as recent (check the clock, and who wrote it); backups go on`,
      );
    }
    if (newest && now.getTime() - newest.createdAt.getTime() > 2 * interval) {
      warned = true;
      const age = describeAge((now.getTime() - newest.createdAt.getTime()) / 1000);
      log(
        `Warning: the last backup (${newest.path}) is from ${newest.createdAt.toISOString()}, ${age} ago, older than two intervals (${describeInterval(2 * interval)}): see this server's "Backup failed" lines, if any, and ${into}`,
      );
    }
    return newest?.createdAt;
  };

  /** Deletes the complete backups past the newest `keep` (listBackups finds only Cachet's). */
  const prune = async () => {
    const { ordered } = sortForSchedule(await listBackups(into), new Date());
    for (const old of ordered.slice(settings.backupKeep)) {
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
      newestKnown = new Date(manifest.createdAt);
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
      warnFromKnown(new Date());
    }
  };

  /** One backup, unless one is running (the warning first, when `warn`); the next an interval later. */
  const tick = (warn = true) => {
    if (stopped) return;
    if (!running) {
      warned = false;
      running = (warn ? warnIfStale(new Date()) : Promise.resolve())
        .then(backUp, (error: unknown) => {
          log(
            `Backup failed (${into}): ${reasonOf(error)}; the server goes on, next try in ${describeInterval(interval)}`,
          );
          warnFromKnown(new Date());
        })
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
