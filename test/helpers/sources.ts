// The TypeScript files under src/, for tests that check the source itself (layout, limits).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './cli.js';

/** The src/ folder. */
export const SRC = join(ROOT, 'src');

/** Every TypeScript file under `dir`, relative to src/. */
export function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}
