// Reading a photo of a card for comparison where sharp does not run (Workers): JPEG through
// mozjpeg compiled to WebAssembly (@jsquash/jpeg, from a module compiled at deploy time), PNG
// through fast-png (plain JavaScript), both to grey pixels turned upright by the EXIF
// orientation; then zxing-wasm for the codes and the corners that anchor the comparison.
//
// Nothing here uses a Node API: the Workers host and the Node tests hand it the same modules.
import decodeJpeg, { init as initJpeg } from '@jsquash/jpeg/decode.js';
import { convertIndexedToRgb, decode as decodePng, type DecodedPng } from 'fast-png';
import {
  CachetError,
  checkImageSize,
  jpegOrientation,
  sniffImage,
  type CardPhoto,
  type CodeCorners,
  type GreyImage,
} from '../core/index.js';
import { THOROUGH_MAX_PIXELS } from './read-image-wasm.js';
import { prepareReader, QR_READER_OPTIONS } from './zxing.js';
import { readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

/**
 * The most pixels a photo may have to be compared on Workers. A 12 MP phone photo (4032 × 3024)
 * fits; its decoding peaks near 100 MB (mozjpeg's RGBA in its own memory and a copy of it), and
 * an isolate has 128 MB.
 */
export const WORKER_CARD_PIXELS = 12_600_000;

/** The longest side a photo is compared at, as the Node reader scales photos (read-image-node). */
export const CARD_PHOTO_MAX_SIDE = 3000;

/** The compiled modules the reader runs: zxing's reader and mozjpeg's decoder. */
export interface CardPhotoModules {
  zxing: WebAssembly.Module;
  jpeg: WebAssembly.Module;
}

let jpegReady: Promise<void> | undefined;

/** Hands the reader its modules, once per isolate or process (later calls keep the first). */
export async function prepareCardPhotoReader(given: CardPhotoModules): Promise<void> {
  jpegReady ??= initJpeg(given.jpeg);
  await Promise.all([
    jpegReady,
    prepareReader({
      // Workers cannot compile WebAssembly at run time: instantiate the deploy-time module.
      instantiateWasm(imports: WebAssembly.Imports, receive: (i: WebAssembly.Instance) => void) {
        const instance = new WebAssembly.Instance(given.zxing, imports);
        receive(instance);
        return instance.exports;
      },
    } as never),
  ]);
}

const unreadable = (why: string) =>
  new CachetError('ERR_IMAGE_UNREADABLE', `the photo could not be decoded: ${why}`);

/** Luma (ITU-R BT.601), in integers, of pixels of `channels` bytes; alpha over white paper. */
function toGrey(data: ArrayLike<number>, width: number, height: number, channels: number) {
  const grey = new Uint8Array(width * height);
  for (let p = 0, i = 0; p < grey.length; p++, i += channels) {
    let y =
      channels >= 3
        ? (77 * data[i]! + 150 * data[i + 1]! + 29 * data[i + 2]! + 128) >> 8
        : data[i]!;
    if (channels === 2 || channels === 4) {
      const a = data[i + channels - 1]!;
      y = (y * a + 255 * (255 - a) + 127) / 255;
    }
    grey[p] = y;
  }
  return grey;
}

async function greyFromJpeg(bytes: Uint8Array): Promise<GreyImage> {
  if (!jpegReady) throw new CachetError('ERR_INTERNAL', 'the card photo reader is not prepared');
  await jpegReady;
  let image: { data: Uint8ClampedArray; width: number; height: number };
  try {
    image = await decodeJpeg(bytes.slice().buffer, { preserveOrientation: false });
  } catch {
    throw unreadable('the JPEG is damaged');
  }
  const { data, width, height } = image;
  return { data: toGrey(data, width, height, 4), width, height };
}

/**
 * The bytes a PNG's image data inflates to, counted without keeping them, and refused past
 * `limit`: a few kilobytes of deflate can claim gigabytes, which the decoder would allocate.
 */
async function checkPngData(bytes: Uint8Array, limit: number): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inflate = new DecompressionStream('deflate');
  const writer = inflate.writable.getWriter();
  const reader = inflate.readable.getReader();
  const feeding = (async () => {
    for (let i = 8; i + 8 <= bytes.length;) {
      const length = view.getUint32(i);
      const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
      if (type === 'IDAT') await writer.write(bytes.slice(i + 8, i + 8 + length));
      if (type === 'IEND') break;
      i += 12 + length;
    }
    await writer.close();
  })().catch(() => {});
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw unreadable('its image data inflates past the size its header declares');
      }
    }
  } catch (error) {
    if (error instanceof CachetError) throw error;
    throw unreadable('its image data is damaged');
  } finally {
    await feeding;
  }
}

async function greyFromPng(bytes: Uint8Array, width: number, height: number): Promise<GreyImage> {
  // At most 8 bytes a pixel (RGBA, 16 bits), a filter byte a row, and Adam7's extra rows.
  await checkPngData(bytes, height * (width * 8 + 1) + 15 * (height + 8));
  let png: DecodedPng;
  try {
    png = decodePng(bytes);
  } catch {
    throw unreadable('the PNG is damaged');
  }
  let data: ArrayLike<number> = png.data;
  let channels = png.channels;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
  } else if (png.depth === 16) {
    data = Uint8Array.from(png.data as Uint16Array, (v) => v >> 8);
  } else if (png.depth < 8) {
    // Grey of 1, 2 or 4 bits, packed from the high bits, each row starting on a byte.
    const bits = png.depth;
    const packed = png.data;
    const out = new Uint8Array(png.width * png.height);
    const rowBytes = Math.ceil((png.width * bits) / 8);
    const scale = 255 / ((1 << bits) - 1);
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const bit = x * bits;
        const byte = packed[y * rowBytes + (bit >> 3)]!;
        out[y * png.width + x] = ((byte >> (8 - bits - (bit & 7))) & ((1 << bits) - 1)) * scale;
      }
    }
    data = out;
    channels = 1;
  }
  return {
    data: toGrey(data, png.width, png.height, channels),
    width: png.width,
    height: png.height,
  };
}

/** The pixels turned as EXIF orientation `o` (1 to 8) says the photo is shown. */
export function orientGrey(image: GreyImage, o: number): GreyImage {
  if (o < 2 || o > 8) return image;
  const { data, width: w, height: h } = image;
  const swap = o >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      // Where the shown pixel (x, y) is stored (EXIF 2.3, tag 0x0112).
      let sx: number, sy: number;
      switch (o) {
        case 2: sx = w - 1 - x; sy = y; break; // prettier-ignore
        case 3: sx = w - 1 - x; sy = h - 1 - y; break; // prettier-ignore
        case 4: sx = x; sy = h - 1 - y; break; // prettier-ignore
        case 5: sx = y; sy = x; break; // prettier-ignore
        case 6: sx = y; sy = h - 1 - x; break; // prettier-ignore
        case 7: sx = w - 1 - y; sy = h - 1 - x; break; // prettier-ignore
        default:
          sx = w - 1 - y;
          sy = x; // 8
      }
      out[y * W + x] = data[sy * w + sx]!;
    }
  }
  return { data: out, width: W, height: H };
}

/** The photo scaled down (by averaging areas) so that its longest side is at most `side`. */
export function shrinkGrey(image: GreyImage, side = CARD_PHOTO_MAX_SIDE): GreyImage {
  const { data, width: w, height: h } = image;
  const factor = Math.max(w, h) / side;
  if (factor <= 1) return image;
  const W = Math.max(1, Math.round(w / factor));
  const H = Math.max(1, Math.round(h / factor));
  // Each source column and row falls in one target column and row; a target pixel averages the
  // block of them.
  const columnOf = new Int32Array(w);
  const perColumn = new Uint32Array(W);
  for (let x = 0; x < w; x++)
    perColumn[(columnOf[x] = Math.min(W - 1, Math.floor((x * W) / w)))]! += 1;
  const perRow = new Uint32Array(H);
  const sums = new Uint32Array(W * H);
  for (let y = 0; y < h; y++) {
    const row = Math.min(H - 1, Math.floor((y * H) / h));
    perRow[row]! += 1;
    const at = row * W;
    const from = y * w;
    for (let x = 0; x < w; x++) sums[at + columnOf[x]!]! += data[from + x]!;
  }
  const out = new Uint8Array(W * H);
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      out[Y * W + X] = Math.round(sums[Y * W + X]! / (perRow[Y]! * perColumn[X]!));
    }
  }
  return { data: out, width: W, height: H };
}

/** Grey pixels as a binary PGM, an image zxing's own decoder loads at one byte a pixel. */
function pgm(image: GreyImage): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(head.length + image.data.length);
  out.set(head);
  out.set(image.data, head.length);
  return out;
}

/** The valid QR codes zxing finds in grey pixels, with their corners in those pixels. */
async function findCodes(image: GreyImage) {
  const bytes = pgm(image);
  const passes: ReaderOptions[] = [{ ...QR_READER_OPTIONS, tryHarder: false }];
  if (image.width * image.height <= THOROUGH_MAX_PIXELS) passes.push(QR_READER_OPTIONS);
  for (const options of passes) {
    const results = await readBarcodes(bytes, options);
    const codes = results
      .filter((r) => r.isValid)
      .map((r) => ({ text: r.text, corners: r.position as CodeCorners }));
    if (codes.length > 0) return codes;
  }
  return [];
}

/**
 * A photo read for comparison on Workers: its grey pixels, upright and at most
 * CARD_PHOTO_MAX_SIDE a side, and the codes in them with their corners. The header's size is
 * checked against `maxPixels` before anything is decoded. Call prepareCardPhotoReader first.
 * @throws CachetError `ERR_IMAGE_TYPE` (not JPEG or PNG), `ERR_IMAGE_TOO_LARGE` or
 *   `ERR_IMAGE_UNREADABLE`.
 */
export async function readCardPhotoWasm(
  bytes: Uint8Array,
  maxPixels = WORKER_CARD_PIXELS,
): Promise<CardPhoto> {
  const kind = sniffImage(bytes);
  if (!kind || (kind.format !== 'jpeg' && kind.format !== 'png')) {
    throw new CachetError(
      'ERR_IMAGE_TYPE',
      'a photo of a card is compared here from JPEG or PNG; WebP is read by the Node server',
    );
  }
  checkImageSize(kind, maxPixels);
  const decoded =
    kind.format === 'jpeg'
      ? orientGrey(await greyFromJpeg(bytes), jpegOrientation(bytes))
      : await greyFromPng(bytes, kind.width, kind.height);
  const grey = shrinkGrey(decoded);
  return { grey, codes: await findCodes(grey) };
}
