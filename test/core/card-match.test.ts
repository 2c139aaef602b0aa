// Telling the card as issued from a copy, on real rendered cards: PNG and JPEG bytes photographed
// (perspective, light, JPEG), read by Cachet's reader for their code's corners, then compared
// with the fingerprint of the boutique's reference photo. The full corpus is `npm run bench:cards`.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  codePlace,
  mintedUrls,
  newCard,
  pasteCode,
  photograph,
  PLAIN_SHOT,
  referenceShot,
  renderCard,
  rewrite,
  seededRandom,
  type CardSpec,
} from '../../bench/card-corpus.js';
import {
  cardFingerprint,
  compareWithFingerprint,
  FINGERPRINT_VERSION,
  type CardPhoto,
} from '../../src/core/index.js';
import { readCardPhotoOnNode } from '../../src/image/card-photo-node.js';

/** The photo's first code as the comparison takes it. */
function viewOf(photo: CardPhoto) {
  expect(photo.codes).toHaveLength(1);
  return { grey: photo.grey, corners: photo.codes[0]!.corners };
}

describe('comparing a photo with the card as issued', () => {
  const random = seededRandom(424242);
  let url: string;
  let card: CardSpec;
  let png: Buffer;
  let referenceBytes: Buffer;
  let fingerprint: Uint8Array;
  const compare = async (bytes: Buffer, views = false) =>
    compareWithFingerprint(fingerprint, viewOf(await readCardPhotoOnNode(bytes)), { views });

  beforeAll(async () => {
    [url] = (await mintedUrls(1)) as [string];
    card = await newCard(url, random);
    png = await renderCard(card);
    referenceBytes = await photograph(png, referenceShot(random), random);
    fingerprint = cardFingerprint(viewOf(await readCardPhotoOnNode(referenceBytes)));
  }, 60_000);

  it('the same card photographed at 35°, in uneven light, as a JPEG, reads same-card', async () => {
    const shot = { ...PLAIN_SHOT, yaw: 35, pitch: -6, roll: 8, light: 0.4, quality: 60 };
    const match = await compare(await photograph(png, shot, random), true);
    expect(match.result).toBe('same-card');
    expect(match.score).toBeGreaterThan(0.95);
    expect(match.compared.coverage).toBeGreaterThan(0.9);
    expect(match.compared.matched).toBeGreaterThan(match.compared.blocks * 0.9);
    // The signature across the code's edge is there, whole.
    expect(match.compared.edge!.blocks).toBeGreaterThan(0);
    expect(match.compared.edge!.matched).toBe(match.compared.edge!.blocks);
    // The legal report's pictures: all three in the card's frame, the same size.
    const { reference, photo, difference } = match.views!;
    for (const view of [photo, difference]) {
      expect([view.width, view.height]).toEqual([reference.width, reference.height]);
      expect(view.data).toHaveLength(reference.width * reference.height);
    }
  });

  it('the same code on a card with other words reads different-card', async () => {
    const other = await renderCard(await newCard(url, random));
    const match = await compare(await photograph(other, { ...PLAIN_SHOT, yaw: -20 }, random));
    expect(match.result).toBe('different-card');
    expect(match.score).toBeLessThan(0.5);
  });

  it('the code cut out of the card and pasted onto another is not the same card', async () => {
    const host = await renderCard(await rewrite(card, random, 'hand'));
    const pasted = await pasteCode(png, host, url, 20);
    const match = await compare(await photograph(pasted, { ...PLAIN_SHOT, roll: 5 }, random));
    expect(match.result).not.toBe('same-card');
    expect(match.result).toBe('different-card');
    // Around the code's edge the pasted piece carries the genuine stroke, broken where it was cut.
    expect(match.compared.edge!.matched).toBeLessThan(match.compared.edge!.blocks);
  });

  it('a photo of the code and hardly any card cannot tell', async () => {
    const { left, top, size } = await codePlace(url);
    const only = await sharp(png)
      .extract({ left: left - 10, top: top - 10, width: size + 20, height: size + 20 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const match = await compare(only);
    expect(match.result).toBe('cannot-tell');
    expect(match.compared.reason).toMatch(/too little of the card/);
  });

  /** The photo's contrast crushed towards white, as under a bright lamp or an overexposed phone. */
  const washOut = (bytes: Buffer, a: number, b: number) =>
    sharp(bytes).linear(a, b).jpeg({ quality: 90 }).toBuffer();

  it('a washed-out photo of the card as issued is never called a different card', async () => {
    const photo = await photograph(png, { ...PLAIN_SHOT, yaw: 10, roll: 4 }, random);
    for (const [a, b] of [
      [0.2, 205],
      [0.25, 195],
      [0.1, 235],
    ] as const) {
      const match = await compare(await washOut(photo, a, b));
      expect(match.result, `linear(${a}, ${b})`).not.toBe('different-card');
      if (match.result === 'cannot-tell') expect(match.compared.reason).toMatch(/faint/);
    }
  });

  it('a bright glare over half the card is never called a different card', async () => {
    const photo = await photograph(png, { ...PLAIN_SHOT, yaw: -8 }, random);
    const { width, height } = await sharp(photo).metadata();
    // White light, strongest at the left edge (93 %), gone past the middle.
    const glare = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="0.93"/>' +
        '<stop offset="0.55" stop-color="#fff" stop-opacity="0"/></linearGradient></defs>' +
        '<rect width="100%" height="100%" fill="url(#g)"/></svg>',
    );
    const glared = await sharp(photo)
      .composite([{ input: glare }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const match = await compare(glared);
    expect(match.result).not.toBe('different-card');
  });

  it('a washed-out photo of a copy is never called the same card', async () => {
    const other = await renderCard(await newCard(url, random));
    const photo = await photograph(other, { ...PLAIN_SHOT, yaw: 12 }, random);
    for (const [a, b] of [
      [0.2, 205],
      [0.25, 195],
      [0.4, 150],
    ] as const) {
      const match = await compare(await washOut(photo, a, b));
      expect(match.result, `linear(${a}, ${b})`).not.toBe('same-card');
    }
    // Washed out less, the copy is still told for what it is.
    expect((await compare(await washOut(photo, 0.5, 120))).result).toBe('different-card');
  });

  it('gives the same fingerprint bytes for the same reference photo, every time', async () => {
    const again = cardFingerprint(viewOf(await readCardPhotoOnNode(referenceBytes)));
    expect(Buffer.from(again).equals(Buffer.from(fingerprint))).toBe(true);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(again)).toBe(sha(fingerprint));
    // A small header (magic, version, sizes), then one grey byte a pixel of the card's frame.
    expect(Buffer.from(fingerprint.subarray(0, 3)).toString()).toBe('CMF');
    expect(fingerprint[3]).toBe(FINGERPRINT_VERSION);
    const view = new DataView(fingerprint.buffer, fingerprint.byteOffset);
    expect(fingerprint.length).toBe(14 + view.getUint16(10) * view.getUint16(12));
  });

  it('refuses bytes that are not a fingerprint', async () => {
    const photo = viewOf(await readCardPhotoOnNode(referenceBytes));
    expect(() => compareWithFingerprint(new Uint8Array(20), photo)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
