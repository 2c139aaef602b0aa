// The Workers' reader of card photos (mozjpeg and fast-png to grey, zxing for the code's
// corners), run here on the very .wasm modules the Worker bundle imports, on real JPEG and PNG
// bytes: upright as EXIF says, the code found where it was drawn, sizes refused before decoding.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { CachetError } from '../../src/core/index.js';
import {
  prepareCardPhotoReader,
  readCardPhotoWasm,
  WORKER_CARD_PIXELS,
} from '../../src/image/card-photo-wasm.js';
import { renderQr } from '../../src/node/render-qr.js';

const resolve = createRequire(import.meta.url).resolve;
const compile = (path: string) => new WebAssembly.Module(readFileSync(resolve(path)));
const URL = 'https://verify.brand.co/c/1234567890123456789';
const TEXT = URL.toUpperCase(); // the code's alphanumeric mode upper-cases it

/** A card 1600 × 1000 on a table: pale stock, a code at (400, 250), ink strokes to its right. */
async function cardPixels(): Promise<Sharp> {
  const qr = await sharp((await renderQr(URL, { scale: 10 })).png)
    .resize(300, 300, { kernel: 'nearest' })
    .png()
    .toBuffer();
  const ink = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="300"><path d="M10 150 C 120 20, 220 280, 340 120 S 560 60, 690 200" stroke="#1b2a6b" stroke-width="9" fill="none"/></svg>`,
  );
  return sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#e9e1d2' } })
    .composite([
      { input: qr, left: 400, top: 250 },
      { input: ink, left: 760, top: 250 },
    ])
    .png();
}

/** The mean absolute difference, in grey levels, between our grey and sharp's. */
async function meanDifference(grey: { data: Uint8Array }, bytes: Buffer) {
  const theirs = await sharp(bytes).rotate().greyscale().raw().toBuffer();
  let sum = 0;
  for (let i = 0; i < theirs.length; i++) sum += Math.abs(theirs[i]! - grey.data[i]!);
  return sum / theirs.length;
}

function refusal(error: unknown) {
  return error instanceof CachetError ? error.code : String(error);
}

describe("the Workers' card photo reader", () => {
  beforeAll(async () => {
    await prepareCardPhotoReader({
      zxing: compile('zxing-wasm/reader/zxing_reader.wasm'),
      jpeg: compile('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
    });
  });

  it('reads a JPEG: grey pixels as sharp decodes them, the code and its corners', async () => {
    const jpeg = await (await cardPixels()).jpeg({ quality: 85 }).toBuffer();
    const photo = await readCardPhotoWasm(jpeg);
    expect([photo.grey.width, photo.grey.height]).toEqual([1600, 1000]);
    expect(await meanDifference(photo.grey, jpeg)).toBeLessThan(3);
    expect(photo.codes.map((c) => c.text)).toEqual([TEXT]);
    // The symbol inside its quiet zone: the 300-pixel square at (400, 250) less 4 modules a side.
    const { topLeft, bottomRight } = photo.codes[0]!.corners;
    expect(topLeft.x).toBeGreaterThan(400);
    expect(topLeft.x).toBeLessThan(460);
    expect(topLeft.y).toBeGreaterThan(250);
    expect(bottomRight.x).toBeGreaterThan(640);
    expect(bottomRight.x).toBeLessThan(700);
  });

  it('turns a phone photo upright as its EXIF orientation says', async () => {
    const upright = await (await cardPixels()).toBuffer();
    // Stored turned a quarter anticlockwise, with orientation 6 (shown turned 90° clockwise).
    const stored = await sharp(upright)
      .rotate(-90)
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const photo = await readCardPhotoWasm(stored);
    expect([photo.grey.width, photo.grey.height]).toEqual([1600, 1000]);
    expect(await meanDifference(photo.grey, stored)).toBeLessThan(3);
    const { topLeft } = photo.codes[0]!.corners;
    expect(topLeft.x).toBeGreaterThan(400);
    expect(topLeft.x).toBeLessThan(460);
    expect(topLeft.y).toBeGreaterThan(250);
    expect(topLeft.y).toBeLessThan(310);
  });

  it('reads PNGs: RGBA over a transparent ground, palette, 16-bit and 1-bit grey', async () => {
    const card = await (await cardPixels()).toBuffer();
    const pngs = {
      rgba: await sharp(card).ensureAlpha(0.6).png().toBuffer(),
      palette: await sharp(card).png({ palette: true, colours: 16 }).toBuffer(),
      grey16: await sharp(card).greyscale().toColourspace('grey16').png().toBuffer(),
      grey1: await sharp(card).greyscale().threshold(128).png({ colours: 2 }).toBuffer(),
    };
    for (const [name, png] of Object.entries(pngs)) {
      const photo = await readCardPhotoWasm(png);
      expect([photo.grey.width, photo.grey.height], name).toEqual([1600, 1000]);
      expect(
        photo.codes.map((c) => c.text),
        name,
      ).toEqual([TEXT]);
    }
  });

  it('scales a photo down to 3000 pixels a side, corners with it', async () => {
    const big = await sharp(await (await cardPixels()).toBuffer())
      .resize(4000, 2500)
      .jpeg()
      .toBuffer();
    const photo = await readCardPhotoWasm(big);
    expect([photo.grey.width, photo.grey.height]).toEqual([3000, 1875]);
    expect(photo.codes[0]!.corners.topLeft.x).toBeGreaterThan(750);
    expect(photo.codes[0]!.corners.topLeft.x).toBeLessThan(865);
  });

  it('refuses, before decoding, a header over the bound, and WebP', async () => {
    // A JPEG whose frame header claims 5000 × 3000: refused from the header alone.
    const jpeg = await (await cardPixels()).jpeg().toBuffer();
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const claimed = Buffer.from(jpeg);
    claimed.writeUInt16BE(3000, sof + 5);
    claimed.writeUInt16BE(5000, sof + 7);
    expect(5000 * 3000).toBeGreaterThan(WORKER_CARD_PIXELS);
    expect(refusal(await readCardPhotoWasm(claimed).catch((e) => e))).toBe('ERR_IMAGE_TOO_LARGE');
    const webp = await (await cardPixels()).webp().toBuffer();
    expect(refusal(await readCardPhotoWasm(webp).catch((e) => e))).toBe('ERR_IMAGE_TYPE');
  });

  it('refuses a PNG whose data inflates past its declared size', async () => {
    // 100 × 100 grey declared; 64 MB of zeros deflated to some 64 KB.
    const chunk = (type: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(data.length);
      head.write(type, 4, 'latin1');
      return Buffer.concat([head, data, Buffer.alloc(4)]); // CRCs are not checked
    };
    const ihdr = Buffer.from([0, 0, 0, 100, 0, 0, 0, 100, 8, 0, 0, 0, 0]);
    const bomb = Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(64 * 1024 * 1024))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(refusal(await readCardPhotoWasm(bomb).catch((e) => e))).toBe('ERR_IMAGE_UNREADABLE');
  });

  it('refuses a damaged JPEG, and reads the next photo as well as ever', async () => {
    const jpeg = await (await cardPixels()).jpeg().toBuffer();
    // A frame of 7-bit samples: libjpeg stops the whole decoder on it.
    const damaged = Buffer.from(jpeg);
    damaged[damaged.indexOf(Buffer.from([0xff, 0xc0])) + 4] = 7;
    for (let i = 0; i < 2; i++) {
      const error = await readCardPhotoWasm(damaged).catch((e) => e);
      expect(refusal(error)).toBe('ERR_IMAGE_UNREADABLE');
    }
    const photo = await readCardPhotoWasm(jpeg);
    expect(photo.codes.map((c) => c.text)).toEqual([TEXT]);
  });
});
