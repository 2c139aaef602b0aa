// The layers as ARCHITECTURE.md draws them, checked on the source itself: each runtime's host in
// its own folder beside a few-line entry, imports that point only down (a store never reaches a
// use case, the core never reaches a runtime or anything above it) and never in a circle, and
// every setting read in src/config.ts alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { SRC, sources } from './helpers/sources.js';

/** What a source file imports or re-exports: each module's specifier as written. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)(?:[^'";]*from)? '([^']+)'/gm)].map((m) => m[1]!);
}

/** The src/ files a source file imports, relative to src/ (`./x.js` is the source `x.ts`). */
function importedFiles(file: string): string[] {
  return specifiers(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(SRC, join(SRC, dirname(file), spec)).replace(/\.js$/, '.ts'))
    .filter((target) => existsSync(join(SRC, target)));
}

/**
 * Every circle of imports among `files`, each as the path that closes it (`a → b → a`), begun at
 * its first file in name order so that a circle reads the same however it was found.
 */
function importCycles(files: string[]): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    const chain = [...path, file];
    state.set(file, 'open');
    for (const next of importedFiles(file)) {
      if (state.get(next) === 'open') {
        const circle = chain.slice(chain.indexOf(next));
        const first = circle.indexOf([...circle].sort()[0]!);
        const turned = [...circle.slice(first), ...circle.slice(0, first)];
        cycles.push([...turned, turned[0]].join(' → '));
      } else if (!state.has(next)) visit(next, chain);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  return cycles.sort();
}

/** The lines of `file` with its comments taken out (a comment may name a variable freely). */
function codeOf(file: string): string {
  return readFileSync(join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The src/ folders (or top-level files) a source file imports from. */
function importedLayers(file: string): string[] {
  const layers = new Set<string>();
  for (const spec of specifiers(file)) {
    if (!spec!.startsWith('.')) {
      if (spec!.startsWith('node:')) layers.add('node:');
      continue;
    }
    const target = relative(SRC, join(SRC, file, '..', spec!));
    layers.add(target.split('/')[0]!);
  }
  return [...layers];
}

describe('the source layout', () => {
  it('keeps only the entries and the settings at the top of src/, each runtime in a folder', () => {
    const top = readdirSync(SRC).filter((name) => name.endsWith('.ts'));
    expect(top.sort()).toEqual(['config.ts', 'node.ts', 'worker.ts']);
    // The Node entry stays a few lines: the host lives in src/node/.
    const entry = readFileSync(join(SRC, 'node.ts'), 'utf8').trim().split('\n');
    expect(entry.length).toBeLessThanOrEqual(15);
  });

  it('keeps the Workers entry to a few lines that hand over to the host in src/workers/', () => {
    const entry = readFileSync(join(SRC, 'worker.ts'), 'utf8').trim().split('\n');
    expect(entry.length).toBeLessThanOrEqual(15);
    // wrangler.toml's `main` and the Durable Object's `class_name` are served from src/workers/.
    expect(importedLayers('worker.ts')).toEqual(['workers']);
    const wrangler = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    expect(wrangler).toMatch(/^main = "src\/worker\.ts"$/m);
    expect(entry.join('\n')).toMatch(/export \{ LogSequencerObject \} from '\.\/workers\//);
    expect(wrangler).toMatch(/^class_name = "LogSequencerObject"$/m);
  });

  it('keeps each runtime out of the other: Workers never reach Node code, Node never Workers code', () => {
    const wrong: string[] = [];
    for (const file of sources()) {
      const layer = file.split('/')[0]!;
      const layers = importedLayers(file);
      if (layer === 'workers' || file === 'worker.ts') {
        for (const target of ['node', 'node.ts', 'node:', 'cli']) {
          if (layers.includes(target)) wrong.push(`${file} imports from ${target}`);
        }
      }
      if (layers.includes('workers') && layer !== 'workers' && file !== 'worker.ts') {
        wrong.push(`${file} imports from workers`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads every CACHET_ setting in src/config.ts alone', () => {
    const reads = sources()
      .filter((file) => file !== 'config.ts')
      .flatMap((file) =>
        [...codeOf(file).matchAll(/\benv\s*(?:\.\s*|\[\s*['"`])(CACHET_\w+)/g)].map(
          (m) => `${file} reads ${m[1]}`,
        ),
      );
    expect(reads).toEqual([]);
  });

  it('wires what both runtimes run once, in services: the scan batcher, the sequencer, the witnesses', () => {
    const wiredIn = (made: string) =>
      sources().filter((file) => new RegExp(`(new|extends) ${made}\\b`).test(codeOf(file)));
    expect(wiredIn('ScanBatcher')).toEqual(['services/scan-writer.ts']);
    expect(wiredIn('LogSequencer')).toEqual(['services/log-wiring.ts']);
    expect(wiredIn('Witnessing')).toEqual(['services/log-wiring.ts']);
  });

  it('has no circle of imports among the source files', () => {
    expect(importCycles(sources())).toEqual([]);
  });

  it('points every import down: stores never reach use cases, the core reaches nothing above it', () => {
    const below: Record<string, string[]> = {
      core: ['core'],
      store: ['core', 'config.ts', 'store', 'node:'],
      services: ['core', 'print', 'services'],
      print: ['core', 'print'],
    };
    const wrong: string[] = [];
    for (const file of sources()) {
      const layer = file.split('/')[0]!;
      const allowed = below[layer];
      if (!allowed) continue;
      for (const target of importedLayers(file)) {
        if (!allowed.includes(target)) wrong.push(`${file} imports from ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
