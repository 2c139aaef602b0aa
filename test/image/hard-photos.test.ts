// The photos a single zxing pass cannot read, which Cachet's harder passes do: a code of 1.25
// pixels a module, a card photographed on a screen (moiré) at 2.3, a photo out of focus (a blur
// disc of radius 3.4 at 4 pixels a module). Each read code is verified. Where the limits lie,
// next to ZBar, is `npm run bench:decode -- --hard`.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artFor, HARD, noisePicture } from '../../bench/corpus.js';
import { withDefaults } from '../../src/app/deps.js';
import { normaliseHost } from '../../src/core/index.js';
import { prepareNodeReader, readImageOnNode } from '../../src/image/read-image-node.js';
import { readQrTexts } from '../../src/image/zxing.js';
import { createChecker } from '../../src/services/check.js';
import { makeFixture, ORIGIN, type Fixture } from '../helpers/fixture.js';

/** zxing once on the decoded pixels: what the reader did before its harder passes. */
async function singlePass(bytes: Uint8Array): Promise<string[]> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return readQrTexts({ data, width: info.width, height: info.height });
}

const CASES = [
  ['a code of 1.25 pixels a module', (a: Art) => HARD.tiny(a, 1.25)],
  ['a screen photographed, 2.3 pixels a module, turned 3°', (a: Art) => HARD.moire(a, 2.3, 3)],
  ['a screen photographed, 2.3 pixels a module, turned −5°', (a: Art) => HARD.moire(a, 2.3, -5)],
  ['a photo out of focus, blur disc r 3.4 px', (a: Art) => HARD.defocus(a, 3.4)],
] as const;
type Art = Awaited<ReturnType<typeof artFor>>;

describe('reading the photos a single pass cannot', () => {
  let f: Fixture;
  const arts: Art[] = [];
  beforeAll(async () => {
    await prepareNodeReader(); // the local .wasm, before zxing is called directly
    f = await makeFixture();
    for (let i = 0; i < 2; i++) arts.push(await artFor((await f.mint({})).url));
  }, 60_000);
  afterAll(() => f.close());

  it.each(CASES)(
    '%s: read and verified, where zxing alone reads nothing',
    async (_, make) => {
      const checker = createChecker(
        withDefaults({ store: f.store, keyring: f.keyring, verifyHosts: [normaliseHost(ORIGIN)] }),
      );
      for (const art of arts) {
        const { bytes } = await make(art);
        expect(await singlePass(bytes)).toEqual([]);
        const found = await readImageOnNode(bytes);
        expect(found).toEqual([art.text]);
        const report = await checker.code(
          { country: '', host: '', scheme: 'https:', client: '', counted: false },
          found[0]!,
          'image',
        );
        expect(report.verdict?.status).toBe('authentic');
      }
    },
    60_000,
  );

  it('finds nothing in a picture of noise, and says so', async () => {
    const noise = await noisePicture(900, 600);
    expect(await readImageOnNode(noise)).toEqual([]);
  });
});
