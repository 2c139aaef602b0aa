// One bounded map: the eviction idiom (drop a Map's first key when it is full) is written once, in
// src/core/bounded-map.ts, and every cache or per-client counter uses it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

const sources = () =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

describe('bounded maps', () => {
  it('evict in one place only', () => {
    const evicting = sources().filter((file) =>
      /\.keys\(\)\.next\(\)\.value/.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(evicting).toEqual(['core/bounded-map.ts']);
  });
});
