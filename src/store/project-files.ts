// Finds the project's own files from compiled (dist/) or source (src/) code alike. Node only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `relative` resolved against the nearest folder above `from` that holds package.json. */
export function findProjectFile(relative: string, from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, relative);
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
