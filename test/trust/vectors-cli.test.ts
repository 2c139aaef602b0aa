// `cachet verify --offline` against every CT1 vector: each context saved as a trust folder, each
// case checked at the vector's time, the same status and stages as the vector states, and no
// verdict at all from a bundle the vector says to refuse.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachetAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { loadCt1Vectors } from '../helpers/ct1-vectors.js';

const cwd = tempDir('cachet-vectors-cli-');
const file = loadCt1Vectors();
for (const [name, ctx] of Object.entries(file.contexts)) {
  const dir = join(cwd, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'trust.jws'), ctx.trustBundle);
  writeFileSync(join(dir, 'revocations.ct1r'), Buffer.from(ctx.revocationList, 'hex'));
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(ctx.jwks));
}

describe('cachet verify --offline on the CT1 vectors', () => {
  it('gives every vector its expected answer', { timeout: 120_000 }, async () => {
    const outcomes = await Promise.all(
      file.vectors.map(async (vector) => {
        const args = ['verify', '--offline', '--json', '--trust', vector.context];
        args.push('--at', file.contexts[vector.context]!.now);
        if (vector.logProof) {
          writeFileSync(join(cwd, `${vector.id}.tlog-proof`), vector.logProof);
          args.push('--proof', `${vector.id}.tlog-proof`);
        }
        const run = await cachetAsync([...args, '--', vector.input], { cwd });
        return { vector, run };
      }),
    );
    for (const { vector, run } of outcomes) {
      const { expected } = vector;
      if (expected.trust !== 'ok') {
        expect(run.code, vector.id).toBe(2);
        expect(run.stderr, vector.id).toMatch(
          expected.trust === 'ERR_TRUST_STALE'
            ? /expired .* ago/
            : /^cachet verify: trust bundle: /,
        );
        continue;
      }
      expect(run.code, `${vector.id}: ${run.stderr}`).toBe(expected.status === 'authentic' ? 0 : 1);
      const verdict = JSON.parse(run.stdout);
      expect(
        { status: verdict.status, stages: verdict.stages, warnings: verdict.warnings },
        vector.id,
      ).toEqual({ status: expected.status, stages: expected.stages, warnings: expected.warnings });
      if (expected.revocation) expect(verdict.revocation.reason).toBe(expected.revocation.reason);
    }
  });
});
