// Reading QR codes on Node: sharp decodes and normalises (EXIF rotation, huge photos scaled
// down), zxing-wasm reads. Harder passes run only when the plain one finds nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { CachetError, MAX_IMAGE_PIXELS } from '../core/index.js';
import { prepareReader, readQrTexts, type Pixels } from './zxing.js';

/** The longest side a photo is read at; larger ones are scaled down first. */
const MAX_SIDE = 3000;

/** Readies zxing with the .wasm file installed beside it: nothing is fetched. */
export function prepareNodeReader(): Promise<unknown> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return prepareReader({ wasmBinary: new Uint8Array(readFileSync(path)).buffer });
}

async function toPixels(image: Sharp): Promise<Pixels> {
  // RGBA, as zxing takes pixels: sRGB with an opaque alpha channel, whatever came in.
  const { data, info } = await image
    .toColourspace('srgb')
    .removeAlpha()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * The texts of the QR codes in an image. Passes, until one finds a code: as sent; enlarged
 * twice (codes of 2 to 3 pixels a module); smoothed (blocky JPEG, moiré on screenshots).
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when sharp cannot decode the bytes, and
 *   `ERR_IMAGE_TOO_LARGE` past `maxPixels`.
 */
export async function readImageOnNode(
  bytes: Uint8Array,
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<string[]> {
  await prepareNodeReader();
  let base: Pixels;
  try {
    const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', animated: false })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
    base = await toPixels(image);
  } catch (cause) {
    const message = (cause as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new CachetError(
        'ERR_IMAGE_TOO_LARGE',
        `at most ${maxPixels / 1e6} megapixels are read`,
      );
    }
    throw new CachetError('ERR_IMAGE_UNREADABLE', `the image could not be decoded: ${message}`);
  }
  const found = await readQrTexts(base);
  if (found.length > 0) return found;

  const raw = { raw: { width: base.width, height: base.height, channels: 4 as const } };
  const longest = Math.max(base.width, base.height);
  if (longest <= MAX_SIDE / 2) {
    const enlarged = sharp(base.data, raw).resize(base.width * 2, base.height * 2, {
      kernel: 'cubic',
    });
    const texts = await readQrTexts(await toPixels(enlarged));
    if (texts.length > 0) return texts;
  }
  return readQrTexts(await toPixels(sharp(base.data, raw).median(3)));
}
