// Reading a photo for the card comparison on Node: grey pixels upright (EXIF applied, huge
// photos scaled down) and each code's corners in exactly those pixels, also when only the
// reader's harder pass (enlarged) finds the code.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { codePlace, newCard, renderCard, seededRandom } from '../../bench/card-corpus.js';
import type { CodeCorners } from '../../src/core/index.js';
import { readCardPhotoOnNode } from '../../src/image/card-photo-node.js';
import { readQrTexts } from '../../src/image/zxing.js';

type Place = Awaited<ReturnType<typeof codePlace>>;

/** The code's corners on the card, scaled by k: the expected answer. */
function expectedCorners(place: Place, k: number): CodeCorners {
  const { x, y, side } = place.code;
  const at = (u: number, v: number) => ({ x: (x + u * side) * k, y: (y + v * side) * k });
  return { topLeft: at(0, 0), topRight: at(1, 0), bottomRight: at(1, 1), bottomLeft: at(0, 1) };
}

function expectNear(found: CodeCorners, expected: CodeCorners, tolerance: number) {
  for (const key of ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] as const) {
    expect(Math.abs(found[key].x - expected[key].x), key).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(found[key].y - expected[key].y), key).toBeLessThanOrEqual(tolerance);
  }
}

/** A card URL as minting writes it, fixed so that every run reads the same picture. */
const CARD_URL =
  'https://verify.bra.co/c/0009479865600339767023234182294361317546339430390524677830441569439197106079163286768467996143156670268564245075373195712915411795648400244246775716212132623392790847032809228357984198018136934548994170879759';

describe('reading a card photo for comparison', () => {
  let png: Buffer;
  let place: Place;
  beforeAll(async () => {
    png = await renderCard(await newCard(CARD_URL, seededRandom(7)));
    place = await codePlace(CARD_URL);
  }, 60_000);

  it('gives the grey pixels and the code with its four corners where the code lies', async () => {
    const photo = await readCardPhotoOnNode(png);
    expect([photo.grey.width, photo.grey.height]).toEqual([900, 600]);
    expect(photo.grey.data).toHaveLength(900 * 600);
    expect(photo.codes.map((c) => c.text)).toEqual([place.qr.text]);
    expectNear(photo.codes[0]!.corners, expectedCorners(place, 1), 3);
    // The quiet zone is paper, the finder pattern's corner ink: grey levels of the photo itself.
    const at = (x: number, y: number) => photo.grey.data[Math.round(y) * 900 + Math.round(x)]!;
    expect(at(place.code.x + 2, place.code.y + 2)).toBeLessThan(80);
    expect(at(place.code.x - 8, place.code.y - 8)).toBeGreaterThan(200);
  });

  it('turns a photo upright by its EXIF orientation, corners included', async () => {
    // Stored on its side, with orientation 6: a viewer turns it 90° clockwise to show it.
    const sideways = await sharp(png)
      .rotate(-90)
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const photo = await readCardPhotoOnNode(sideways);
    expect([photo.grey.width, photo.grey.height]).toEqual([900, 600]);
    expectNear(photo.codes[0]!.corners, expectedCorners(place, 1), 4);
  });

  it('scales a huge photo down and gives the corners in the scaled pixels', async () => {
    const huge = await sharp(png).resize(4000).png().toBuffer();
    const photo = await readCardPhotoOnNode(huge);
    expect(photo.grey.width).toBe(3000);
    expectNear(photo.codes[0]!.corners, expectedCorners(place, 3000 / 900), 8);
  });

  it('maps corners found by the harder pass back to the photo’s own pixels', async () => {
    // 1.3 pixels a module: zxing's plain pass misses it, the enlarged one reads it. Near that
    // limit whether a code is read depends on its pattern (the enlarged pass misses about one
    // freshly minted code in forty), hence the one fixed code above.
    const width = Math.round((900 * 1.3) / 5);
    const tiny = await sharp(png).resize(width).png().toBuffer();
    const { data, info } = await sharp(tiny)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(await readQrTexts({ data, width: info.width, height: info.height })).toEqual([]);
    const photo = await readCardPhotoOnNode(tiny);
    expect(photo.grey.width).toBe(width);
    expect(photo.codes.map((c) => c.text)).toEqual([place.qr.text]);
    expectNear(photo.codes[0]!.corners, expectedCorners(place, width / 900), 2);
  });

  it('gives no code for a photo without one, and refuses bytes that are not an image', async () => {
    const blank = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#eee' },
    })
      .png()
      .toBuffer();
    expect((await readCardPhotoOnNode(blank)).codes).toEqual([]);
    await expect(readCardPhotoOnNode(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({
      code: 'ERR_IMAGE_UNREADABLE',
    });
  });
});
