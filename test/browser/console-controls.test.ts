// The console's script cannot import the core (it is compiled on its own for the browser), so it
// keeps its own copy of the characters staff views show by code point: the copy must name exactly
// the characters src/core/shown-text.ts names, code point by code point.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_NEWLINE } from '../../src/core/index.js';
import { ROOT } from '../helpers/cli.js';

/** The regular expression literal assigned to `name` in the console's script. */
function consoleExpression(name: string): RegExp {
  const source = readFileSync(join(ROOT, 'src', 'browser', 'console.ts'), 'utf8');
  const found = new RegExp(`const ${name}\\s*=\\s*\\/(.+)\\/([a-z]*);`).exec(source);
  expect(found, `src/browser/console.ts declares ${name} as a regular expression`).not.toBeNull();
  return new RegExp(found![1]!, found![2]!.replace('g', ''));
}

/**
 * Every code point up to U+10FFFF that `pattern` matches on its own, a lone surrogate
 * (U+D800–U+DFFF, which `String.fromCodePoint` leaves alone) included.
 */
function matched(pattern: RegExp): number[] {
  const one = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', ''));
  const points: number[] = [];
  for (let point = 0; point <= 0x10ffff; point++)
    if (one.test(String.fromCodePoint(point))) points.push(point);
  return points;
}

describe("the console's control characters", () => {
  it('are the ones the core shows by code point', () => {
    const core = matched(CONTROL_CHARACTERS);
    expect(matched(consoleExpression('CONTROL_CHARACTERS'))).toEqual(core);
    // The copies reach beyond the Basic Multilingual Plane, and to lone surrogates.
    expect(core).toContain(0xe0069);
    expect(core).toContain(0xd800);
    expect(matched(consoleExpression('CONTROL_CHARACTERS_BUT_NEWLINE'))).toEqual(
      matched(CONTROL_CHARACTERS_BUT_NEWLINE),
    );
    // What depends on the neighbours (a joiner beside ASCII) is the same expression, letter for letter.
    expect(consoleExpression('CONTROL_CHARACTERS').source).toBe(CONTROL_CHARACTERS.source);
    expect(consoleExpression('CONTROL_CHARACTERS_BUT_NEWLINE').source).toBe(
      CONTROL_CHARACTERS_BUT_NEWLINE.source,
    );
  });
});
