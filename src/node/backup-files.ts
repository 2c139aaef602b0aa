// Files read from a backup folder, which anyone who can write there may have replaced: each must
// be a regular file, is opened without following a link and without waiting on a FIFO, and is
// checked again once open (fstat), so a symlink, a FIFO or a device is refused by name, never
// followed and never waited on.
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { CachetError } from '../core/index.js';

/** Read-only, no link followed, no wait on a FIFO's writer (O_NOFOLLOW, O_NONBLOCK where known). */
const SAFE_READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What a file that is not a regular one is, in words. */
function kindOf(stats: {
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
}): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  return 'not a regular file';
}

/**
 * Opens `path` for reading only when it is a regular file (not a link, FIFO, device or folder).
 * @throws CachetError `ERR_BACKUP` naming `what` and why; null when the file does not exist.
 */
export async function openRegularFile(path: string, what: string): Promise<FileHandle | null> {
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!found) return null;
  if (!found.isFile()) {
    throw new CachetError(
      'ERR_BACKUP',
      `the backup's ${what} is ${kindOf(found)} (${path}): refused`,
    );
  }
  let handle: FileHandle;
  try {
    handle = await open(path, SAFE_READ);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      throw new CachetError(
        'ERR_BACKUP',
        `the backup's ${what} is a symbolic link (${path}): refused`,
      );
    }
    throw error;
  }
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    throw new CachetError(
      'ERR_BACKUP',
      `the backup's ${what} is not a regular file (${path}): refused`,
    );
  }
  return handle;
}

/** A regular file's bytes (see openRegularFile); null when it does not exist. */
export async function readRegularFile(path: string, what: string): Promise<Buffer | null> {
  const handle = await openRegularFile(path, what);
  if (!handle) return null;
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Hex SHA-256 and size of a regular file, read as a stream (a registry may exceed memory). */
export async function digestRegularFile(
  path: string,
  what: string,
): Promise<{ bytes: number; sha256: string } | null> {
  const handle = await openRegularFile(path, what);
  if (!handle) return null;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Copies a regular file to `to` (created, 0600, never over an existing file) and returns the
 * copy's size and SHA-256, so what was checked is what was copied.
 */
export async function copyRegularFile(
  path: string,
  to: string,
  what: string,
): Promise<{ bytes: number; sha256: string } | null> {
  const source = await openRegularFile(path, what);
  if (!source) return null;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const target = await open(to, 'wx', 0o600);
    try {
      for await (const chunk of source.createReadStream({ autoClose: false })) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        await target.write(chunk as Buffer);
      }
      await target.sync();
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}
