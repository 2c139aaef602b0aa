// The layers as ARCHITECTURE.md draws them, checked on the source itself: each runtime's host in
// its own folder beside a few-line entry, and imports that point only down (a store never
// reaches a use case, the core never reaches a runtime or anything above it).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sources } from './helpers/sources.js';

/** The src/ folders (or top-level files) a source file imports from. */
function importedLayers(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const layers = new Set<string>();
  for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
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
