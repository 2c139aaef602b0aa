// Tells an image's format and size from its first bytes, so a refusal costs no decoding.
import { CachetError } from './errors.js';

/** The most pixels an image may have to be read on Node (a Worker, with 128 MB, reads fewer). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The most bytes an image may have, whoever sends it: the API, a form, the CLI. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export interface ImageKind {
  format: ImageFormat;
  /** Pixels, as the header declares them; 0 when the header does not say. */
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | u16be(b, i + 2));
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * The size in a JPEG's first start-of-frame segment (ITU T.81 §B.2.2), found the way libjpeg
 * finds it: bytes between segments that are not a marker are skipped (libjpeg warns and goes
 * on), fill bytes (0xFF) before a marker too, and markers without a length (RSTn, TEM) stepped
 * over. 0×0 when the scan starts, or the data ends, before any frame header.
 */
function jpegSize(b: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) {
      i += 1; // not a marker: skipped, as the decoder would
      continue;
    }
    const marker = b[i + 1]!;
    if (marker === 0xff || marker === 0x00) {
      i += 1; // a fill byte, or a stuffed zero
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      i += 2; // no length follows
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // the end, or the scan: no frame came first
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (i + 9 > b.length) break;
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    if (i + 3 >= b.length) break;
    i += 2 + u16be(b, i + 2);
  }
  return { width: 0, height: 0 };
}

/** A PNG's size, from its IHDR chunk, which must come first (PNG §11.2.2). */
function pngSize(b: Uint8Array): { width: number; height: number } {
  if (ascii(b, 12, 4) !== 'IHDR') return { width: 0, height: 0 };
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/**
 * A GIF's size: the logical screen, or the first frame where it reaches further, since a decoder
 * allocates the frame it is given (GIF89a §18, §20).
 */
function gifSize(b: Uint8Array): { width: number; height: number } {
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  let i = 13;
  if (b[10]! & 0x80) i += 3 * (1 << ((b[10]! & 0x07) + 1)); // the global colour table
  while (i < b.length) {
    if (b[i] === 0x2c && i + 9 <= b.length) {
      width = Math.max(width, u16le(b, i + 1) + u16le(b, i + 5));
      height = Math.max(height, u16le(b, i + 3) + u16le(b, i + 7));
      break;
    }
    if (b[i] !== 0x21) break;
    i += 2; // an extension: its label, then sub-blocks up to a zero length
    while (i < b.length && b[i] !== 0) i += b[i]! + 1;
    i += 1;
  }
  return { width, height };
}

/** The size in a WebP's first chunk: lossy VP8, lossless VP8L or extended VP8X. */
function webpSize(b: Uint8Array): { width: number; height: number } {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return { width: 0, height: 0 };
}

/** The kind of image in `bytes`, or null when it is none of JPEG, PNG, WebP and GIF. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (bytes.length < 30) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { format: 'jpeg', ...jpegSize(bytes) };
  }
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') {
    return { format: 'png', ...pngSize(bytes) };
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return { format: 'webp', ...webpSize(bytes) };
  }
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
    return { format: 'gif', ...gifSize(bytes) };
  }
  return null;
}

/**
 * Refuses, before any decoding, an image whose header gives no size (or a size of 0) and one
 * over `maxPixels`: a decoder allocates the frame the header declares.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` or `ERR_IMAGE_TOO_LARGE`.
 */
export function checkImageSize(kind: ImageKind, maxPixels: number): void {
  if (kind.width === 0 || kind.height === 0) {
    throw new CachetError(
      'ERR_IMAGE_UNREADABLE',
      `the ${kind.format.toUpperCase()} header gives no size: the image is not read`,
    );
  }
  if (kind.width * kind.height > maxPixels) {
    throw new CachetError(
      'ERR_IMAGE_TOO_LARGE',
      `the image has ${kind.width} × ${kind.height} pixels; at most ${maxPixels / 1e6} megapixels are read`,
    );
  }
}
