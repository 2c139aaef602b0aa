// What a registry file's first 100 bytes say before SQLite reads more: that it is an SQLite
// database at all, and that it is as long as its header says (a copy cut short is refused at
// open, not on the first query that reaches a missing page).
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const MAGIC = 'SQLite format 3\0';

/**
 * Why the file at `path` cannot be a whole SQLite database, or null when its header holds (or
 * there is no file yet, or it is empty: SQLite makes a new one).
 */
export function sqliteHeaderProblem(path: string): string | null {
  const found = statSync(path, { throwIfNoEntry: false });
  if (!found?.isFile() || found.size === 0) return null;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== MAGIC) {
    return 'file is not a database';
  }
  // SQLite's file format §1.3: the page size (1 means 65536) at 16, the size in pages at 28,
  // valid when the change counter at 24 equals the version-valid-for number at 92.
  const pageSize = header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && found.size < pages * pageSize) {
    return `the file is cut short: ${found.size} bytes of the ${pages * pageSize} its header counts`;
  }
  return null;
}
