// Code, tests, benches and documents say what the product does, not which request asked for it:
// no issue numbers, and no issue or review named as the reason for a line (REQUEST below).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const TREES = ['src', 'test', 'bench', 'scripts', 'docs'];
const TEXT = /\.(ts|mts|js|mjs|md)$/;
/** A request named instead of a behaviour ("issue date", "issued", "issuer" are product words). */
const REQUEST = /\bissues? #?\d+|\b(the|an?|this) (issue|review)\b(?! dates?\b| days?\b)/gi;

const files = (tree: string) =>
  readdirSync(join(ROOT, tree), { recursive: true, encoding: 'utf8' })
    .map((file) => join(tree, file))
    .filter((file) => TEXT.test(file) && statSync(join(ROOT, file)).isFile());

describe('the wording of code, tests and documents', () => {
  it('names no issue or review, only behaviour', () => {
    // Words are read across line breaks and comment markers: "the issue // dates" is a date.
    const found = TREES.flatMap(files).flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/\s+(\/\/|\*|#)?\s*/g, ' ');
      return [...text.matchAll(REQUEST)].map(
        (m) => `${file}: …${text.slice(m.index - 40, m.index + 40)}…`,
      );
    });
    expect(found).toEqual([]);
  });
});
