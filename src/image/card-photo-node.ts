// A photo read for the card comparison on Node: sharp decodes it as the code reader does (EXIF
// applied, huge photos scaled down), zxing finds the codes with their corners in its pixels.
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/reader';
import {
  MAX_IMAGE_PIXELS,
  type CardPhoto,
  type CodeCorners,
  type FoundCode,
  type GreyImage,
} from '../core/index.js';
import { decodeOnNode, MAX_SIDE, prepareNodeReader, toPixels } from './read-image-node.js';
import { QR_READER_OPTIONS, type Pixels } from './zxing.js';

/** Grey levels (Rec. 601 luma) of RGBA pixels. */
function greyOf(p: Pixels): GreyImage {
  const data = new Uint8Array(p.width * p.height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4)
    data[i] = (p.data[j]! * 299 + p.data[j + 1]! * 587 + p.data[j + 2]! * 114 + 500) / 1000;
  return { data, width: p.width, height: p.height };
}

/** The valid QR codes in pixels, their corners scaled by (sx, sy) back to the base pixels. */
async function codesIn(p: Pixels, sx = 1, sy = 1): Promise<FoundCode[]> {
  const results = await readBarcodes(p as Parameters<typeof readBarcodes>[0], QR_READER_OPTIONS);
  const back = (q: { x: number; y: number }) => ({ x: q.x / sx, y: q.y / sy });
  return results
    .filter((r) => r.isValid)
    .map((r) => {
      const { topLeft, topRight, bottomRight, bottomLeft } = r.position;
      const corners: CodeCorners = {
        topLeft: back(topLeft),
        topRight: back(topRight),
        bottomRight: back(bottomRight),
        bottomLeft: back(bottomLeft),
      };
      return { text: r.text, corners };
    });
}

/**
 * A photo read for comparison: its grey pixels (upright, at most MAX_SIDE on its longest side)
 * and the QR codes in it with their corners in those pixels. When the plain pass finds nothing,
 * the photo is read again enlarged, then stretched (a card held at an angle), and the corners
 * are mapped back.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when sharp cannot decode the bytes, and
 *   `ERR_IMAGE_TOO_LARGE` past `maxPixels`.
 */
export async function readCardPhotoOnNode(
  bytes: Uint8Array,
  maxPixels = MAX_IMAGE_PIXELS,
): Promise<CardPhoto> {
  await prepareNodeReader();
  const base = await decodeOnNode(bytes, maxPixels);
  const grey = greyOf(base);
  let codes = await codesIn(base);
  if (codes.length > 0) return { grey, codes };
  const { width, height } = base;
  const raw = () => sharp(base.data, { raw: { width, height, channels: 4 } });
  const passes: [number, number][] = [];
  const longest = Math.max(width, height);
  if (longest * 2 <= MAX_SIDE) passes.push([2, 2]);
  if (width * 2 <= MAX_SIDE) passes.push([2, 1]);
  if (height * 2 <= MAX_SIDE) passes.push([1, 2]);
  for (const [sx, sy] of passes) {
    const size = { width: width * sx, height: height * sy, fit: 'fill' as const };
    codes = await codesIn(await toPixels(raw().resize({ ...size, kernel: 'lanczos3' })), sx, sy);
    if (codes.length > 0) break;
  }
  return { grey, codes };
}
