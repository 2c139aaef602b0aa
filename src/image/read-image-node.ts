// Reading QR codes on Node: sharp decodes and normalises (EXIF rotation, huge photos scaled
// down), zxing-wasm reads. Harder passes run only when the plain one finds nothing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { CachetError, MAX_IMAGE_PIXELS } from '../core/index.js';
import { deblur } from './deblur.js';
import { prepareReader, readQrCodes, readQrTexts, type Pixels } from './zxing.js';

/** The longest side a photo is read at; larger ones are scaled down first. */
export const MAX_SIDE = 3000;

/** Readies zxing with the .wasm file installed beside it: nothing is fetched. */
export function prepareNodeReader(): Promise<unknown> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return prepareReader({ wasmBinary: new Uint8Array(readFileSync(path)).buffer });
}

/** RGBA pixels of a sharp pipeline. */
export async function toPixels(image: Sharp): Promise<Pixels> {
  // RGBA, as zxing takes pixels: sRGB with an opaque alpha channel, whatever came in.
  const { data, info } = await image
    .toColourspace('srgb')
    .removeAlpha()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The longest side deblurring works on: larger pictures are scaled down for it first. */
const DEBLUR_MAX_SIDE = 900;

/**
 * How long the harder passes may go on, in all: a picture with no code in it costs the reader
 * thread about this much and one pass more (noise, the worst case, some 1.5 s at 900 × 600).
 */
const HARDER_PASSES_MS = 2500;

/**
 * The texts of the QR codes in an image. The plain pass reads almost every photo; only when it
 * finds nothing do the harder ones run, in order, until one does (`npm run bench:decode --
 * --hard` measures each kind of damage they are for):
 * - enlarged up to three times (lanczos), for codes of 1 to 2 pixels a module;
 * - enlarged twice and smoothed, for the moiré of a screen photographed;
 * - stretched to twice its width, then its height, for a card held at a steep angle;
 * - sharpened, then deblurred (Richardson–Lucy), for a photo out of focus (deblurring only
 *   where zxing saw a symbol it could not decode);
 * - a median filter, for blocky JPEG (also only where a symbol was seen).
 * They stop after HARDER_PASSES_MS, so that a picture with no code costs little more than that.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when sharp cannot decode the bytes, and
 *   `ERR_IMAGE_TOO_LARGE` past `maxPixels`.
 */
export async function readImageOnNode(
  bytes: Uint8Array,
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<string[]> {
  await prepareNodeReader();
  const base = await decodeOnNode(bytes, maxPixels);
  const found = await readQrCodes(base);
  if (found.texts.length > 0) return found.texts;
  const until = performance.now() + HARDER_PASSES_MS;
  for (const pass of harderPasses(base, found.seen)) {
    if (performance.now() > until) break;
    const texts = await readQrTexts(await pass());
    if (texts.length > 0) return texts;
  }
  return [];
}

/**
 * An image's pixels as the reader takes them: upright (EXIF applied), scaled down to MAX_SIDE.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when sharp cannot decode the bytes, and
 *   `ERR_IMAGE_TOO_LARGE` past `maxPixels`.
 */
export async function decodeOnNode(
  bytes: Uint8Array,
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<Pixels> {
  try {
    const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', animated: false })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
    return await toPixels(image);
  } catch (cause) {
    const message = (cause as Error).message;
    if (/pixel limit/i.test(message)) {
      throw new CachetError(
        'ERR_IMAGE_TOO_LARGE',
        `at most ${maxPixels / 1e6} megapixels are read`,
      );
    }
    // The decoder's own words (its library's name, its internals) stay on this side.
    throw new CachetError(
      'ERR_IMAGE_UNREADABLE',
      'the image could not be decoded: the file is damaged, or made in a way this server does not read',
    );
  }
}

/**
 * The harder passes over `base`, each made only when the ones before it found nothing. Those
 * that change scale or shape, and sharpening, always run; deblurring (the costliest) and the
 * median filter only where zxing saw a symbol it could not decode (never in a picture of noise).
 */
function harderPasses(base: Pixels, seen: boolean): (() => Promise<Pixels>)[] {
  const { width, height } = base;
  const raw = { raw: { width, height, channels: 4 as const } };
  const from = () => sharp(base.data, raw);
  const longest = Math.max(width, height);
  // No pass makes a picture over MAX_SIDE on its longest side.
  const enlarge = Math.min(3, Math.floor((MAX_SIDE / longest) * 2) / 2);
  const passes: (() => Promise<Pixels>)[] = [];
  if (enlarge >= 1.5) {
    const size = (f: number) => [Math.round(width * f), Math.round(height * f)] as const;
    passes.push(() => toPixels(from().resize(...size(enlarge), { kernel: 'lanczos3' })));
    const twice = Math.min(2, enlarge);
    passes.push(() =>
      toPixels(
        from()
          .resize(...size(twice), { kernel: 'cubic' })
          .blur(1.2),
      ),
    );
  }
  if (width * 2 <= MAX_SIDE) {
    passes.push(() => toPixels(from().resize(width * 2, height, { fit: 'fill' })));
  }
  if (height * 2 <= MAX_SIDE) {
    passes.push(() => toPixels(from().resize(width, height * 2, { fit: 'fill' })));
  }
  passes.push(() => toPixels(from().sharpen({ sigma: 2, m1: 3, m2: 6 })));
  if (seen)
    passes.push(async () => {
      const { data, info } = await from()
        .resize(DEBLUR_MAX_SIDE, DEBLUR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 1) throw new Error(`grey levels came with ${info.channels} channels`);
      return {
        data: deblur(data, info.width, info.height),
        width: info.width,
        height: info.height,
      };
    });
  if (seen) passes.push(() => toPixels(from().median(3)));
  return passes;
}
