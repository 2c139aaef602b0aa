// One minting loop, checked on the source: outside the registry itself, only the mint service
// signs new cards, commits their rows and draws a serial again when one is taken, so that a
// batch and a single card cannot drift apart on how many draws a card gets.
import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

/** The files outside the core and the stores whose text matches `pattern`. */
function using(pattern: RegExp): string[] {
  return globSync('**/*.ts', { cwd: SRC })
    .sort()
    .filter((file) => !/^(core|store)\//.test(file))
    .filter((file) => pattern.test(readFileSync(join(SRC, file), 'utf8')));
}

describe('minting', () => {
  it('commits new card rows and draws serials in the mint service only', () => {
    expect(using(/\.insertCards?\(/)).toEqual(['services/mint.ts']);
    expect(using(/\b(signClaims|randomSerial)\(/)).toEqual(['services/mint.ts']);
  });

  it('gives up on a taken serial in one place, after SERIAL_ATTEMPTS draws', () => {
    expect(using(/no free serial/)).toEqual(['services/mint.ts']);
    expect(using(/SERIAL_ATTEMPTS\s*=/)).toEqual(['services/mint.ts']);
  });

  it('mints a batch chunk through the same loop as one card', () => {
    const batch = readFileSync(join(SRC, 'node/batch.ts'), 'utf8');
    expect(batch).toMatch(/\bmintCards\(/);
    const mint = readFileSync(join(SRC, 'services/mint.ts'), 'utf8');
    const mintCard = mint.slice(mint.indexOf('export async function mintCard('));
    expect(mintCard).toMatch(/\bmintCards\(\[job\]/);
  });
});
