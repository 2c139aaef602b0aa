// The CLI's shape, checked on its source: a command file holds one command and lends nothing to
// another (what two commands share is a module of src/cli/), so src/cli/ has no import cycle;
// only src/cli/http.ts fetches (with its timeout); and no command picks its sub-command by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const CLI = join(ROOT, 'src/cli');

/** Every TypeScript file of src/cli/, relative to it. */
const sources = () =>
  readdirSync(CLI, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

const text = (file: string) => readFileSync(join(CLI, file), 'utf8');

/** The files of src/cli/ that `file` imports (relative to src/cli/). */
function imports(file: string): string[] {
  return [...text(file).matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)]
    .map(([, spec]) => relative(CLI, join(CLI, dirname(file), spec!)).replace(/\.js$/, '.ts'))
    .filter((target) => !target.startsWith('..'));
}

describe('src/cli', () => {
  const files = sources();

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) return void cycles.push([...path, file].join(' → '));
      if (done.has(file)) return;
      for (const next of imports(file)) visit(next, [...path, file]);
      done.add(file);
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('imports no command file from another (only the list of commands does)', () => {
    const commands = files.filter((f) => f.startsWith('commands/'));
    expect(commands.length).toBeGreaterThan(10);
    for (const file of commands.filter((f) => f !== 'commands/index.ts')) {
      expect(
        imports(file).filter((t) => t.startsWith('commands/')),
        file,
      ).toEqual([]);
    }
  });

  it('fetches only through http.ts, which has a timeout', () => {
    const fetching = files.filter((f) => /\bfetch\(/.test(text(f)));
    expect(fetching).toEqual(['http.ts']);
    expect(text('http.ts')).toContain('AbortSignal.timeout(');
  });

  it('has no command that reads its sub-command from its positionals', () => {
    for (const file of files.filter((f) => f.startsWith('commands/'))) {
      expect(text(file), file).not.toMatch(/positionals\[0\] [!=]==? '|case '[a-z]+':/);
    }
  });
});
