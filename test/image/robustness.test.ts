// The robustness corpus in the test suite: minted cards photographed, recompressed, shrunk,
// turned, tilted, blurred, screenshotted and paired, then read back by Cachet's own reader
// and verified. The comparison with ZBar, on a larger corpus, is `npm run bench:decode`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, DAMAGE, type CorpusImage } from '../../bench/corpus.js';
import { createChecker } from '../../src/services/check.js';
import { withDefaults } from '../../src/app/deps.js';
import { normaliseHost, sniffImage } from '../../src/core/index.js';
import { readImageOnNode } from '../../src/image/read-image-node.js';
import { makeFixture, ORIGIN, type Fixture } from '../helpers/fixture.js';
import { daysFromToday } from '../helpers/dates.js';

const PER_KIND = 3;

describe('reading damaged photos of cards', () => {
  let f: Fixture;
  let corpus: CorpusImage[];
  beforeAll(async () => {
    f = await makeFixture();
    const urls = [];
    for (let i = 0; i <= PER_KIND; i++) urls.push((await f.mint({ date: daysFromToday(-16) })).url);
    corpus = await buildCorpus(urls, PER_KIND);
  }, 120_000);
  afterAll(() => f.close());

  it('builds every kind of damage a shared photo goes through, as real JPEG and PNG files', () => {
    expect(corpus).toHaveLength(PER_KIND * DAMAGE.length);
    for (const image of corpus) expect(sniffImage(image.bytes)?.format).toBe(image.format);
    const downscaled = corpus.filter((i) => i.damage === 'downscale');
    for (const image of downscaled) expect(image.detail).toMatch(/^2\.\d\d px\/module$/);
    expect(
      corpus.filter((i) => i.damage === 'two-cards').every((i) => i.expected.length === 2),
    ).toBe(true);
  });

  it.each(DAMAGE)(
    '%s: reads every code, exactly, and each one verifies',
    async (damage) => {
      const checker = createChecker(
        withDefaults({
          store: f.store,
          keyring: f.keyring,
          verifyMemo: 0,
          verifyHosts: [normaliseHost(ORIGIN)],
        }),
      );
      for (const [i, image] of corpus.filter((c) => c.damage === damage).entries()) {
        const found = await readImageOnNode(image.bytes);
        for (const text of image.expected) {
          expect(found, `${damage} #${i} (${image.detail})`).toContain(text);
        }
        for (const text of found) {
          const report = await checker.code(
            { country: '', host: '', scheme: 'https:', client: '', counted: false },
            text,
            'image',
          );
          expect(report.verdict?.status).toBe('authentic');
        }
      }
    },
    60_000,
  );
});
