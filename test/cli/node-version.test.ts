// `cachet` started by a Node too old for its registry driver says so in one line and how to run
// it, instead of crashing without a word: run with the machine's own older Node, if it has one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHET_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

/** A `node` on this machine older than 22 (PATH outside node_modules, and the usual places). */
function olderNode(): string | undefined {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d && !d.includes('node_modules'));
  const candidates = [...dirs.map((d) => join(d, 'node')), '/usr/local/bin/node', '/usr/bin/node'];
  for (const path of new Set(candidates)) {
    if (!existsSync(path)) continue;
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout ?? '';
    const major = Number(/^v(\d+)\./.exec(version)?.[1]);
    if (major > 0 && major < 22) return path;
  }
  return undefined;
}

const node = olderNode();

describe('cachet on a Node older than 22', () => {
  it.skipIf(node === undefined)(
    node
      ? `says which Node it needs and how to run it, in one line, exit 2 (with ${node})`
      : 'skipped: this machine has no Node older than 22 to run cachet with',
    () => {
      const dir = tempDir('cachet-node-');
      const r = spawnSync(node!, [CACHET_BIN, 'boutique', 'list'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', CACHET_DB: join(dir, 'cachet.db') },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^cachet: this is Node \d+\.\d+\.\d+, and Cachet needs Node 22/);
      expect(lines[0]).toContain('npx cachet');
      // Nothing was opened: no registry was made.
      expect(existsSync(join(dir, 'cachet.db'))).toBe(false);
    },
  );

  it('runs on the Node the project installs', () => {
    const r = spawnSync(process.execPath, [CACHET_BIN, '--help'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cachet <command>/);
  });
});
