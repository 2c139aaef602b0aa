// Strips what a photo says about its taker before it is kept: EXIF (GPS, camera, time), XMP,
// comments, text chunks, thumbnails and any bytes after the image. Its colour profile stays: it
// says how to show the colours (which matter when a card's print is compared), not who took it.
// The coded picture is copied byte for byte, never decoded or re-encoded, so the same code runs
// on Node and Workers and the pixels are the ones the reporter sent. A JPEG keeps its EXIF
// orientation alone, rewritten, so that the photo still shows the right way up.
import { CachetError } from './errors.js';

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface StrippedPhoto {
  bytes: Uint8Array<ArrayBuffer>;
  type: PhotoType;
}

const unreadable = (why: string) =>
  new CachetError('ERR_IMAGE_UNREADABLE', `the photo could not be read: ${why}`);

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | u16be(b, i + 2));
const u32le = (b: Uint8Array, i: number) =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function join(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const isExif = (body: Uint8Array) => body.length >= 14 && ascii(body, 0, 6) === 'Exif\0\0';

/** The orientation (1 to 8) an EXIF APP1 body records in IFD0; 1 when it records none. */
function exifOrientation(body: Uint8Array): number {
  const tiff = body.subarray(6);
  const little = ascii(tiff, 0, 2) === 'II';
  if (!little && ascii(tiff, 0, 2) !== 'MM') return 1;
  const u16 = (i: number) => (little ? tiff[i]! | (tiff[i + 1]! << 8) : u16be(tiff, i));
  const u32 = (i: number) => (little ? u32le(tiff, i) : u32be(tiff, i));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** An APP1 segment whose EXIF holds the orientation and nothing else. */
function orientationSegment(orientation: number): Uint8Array {
  const body = [
    ...[0x45, 0x78, 0x69, 0x66, 0, 0], // "Exif\0\0"
    ...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8], // big-endian TIFF header, IFD0 at 8
    ...[0, 1], // one entry
    ...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0], // Orientation, SHORT, 1
    ...[0, 0, 0, 0], // no next IFD
  ];
  const length = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

/**
 * A JPEG's segments without APPn (but its ICC profile and Adobe's APP14, which say how colours
 * are coded) and COM, and without anything after EOI (a second image, a maker's trailer).
 */
function stripJpeg(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let orientation: number | undefined;
  let scans = 0;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      i += 1; // not a marker: dropped, as a decoder skips it
      continue;
    }
    while (b[i + 1] === 0xff) i += 1; // fill bytes
    const marker = b[i + 1];
    if (marker === undefined) break;
    if (marker === 0xd9) {
      kept.push(b.subarray(i, i + 2));
      return withOrientation(kept, orientation);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) break;
    const end = i + 2 + u16be(b, i + 2);
    if (end > b.length || end < i + 4) throw unreadable('a JPEG segment runs past the end');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    // APP1 holds XMP too (phones write it after the EXIF): only the first EXIF one says which
    // way up the photo is, as viewers read it.
    const body = b.subarray(i + 4, end);
    if (marker === 0xe1 && orientation === undefined && isExif(body)) {
      orientation = exifOrientation(body);
    }
    const keep =
      (!isApp && marker !== 0xfe) ||
      (marker === 0xe2 && ascii(b, i + 4, 12) === 'ICC_PROFILE\0') ||
      (marker === 0xee && ascii(b, i + 4, 5) === 'Adobe');
    if (keep) kept.push(b.subarray(i, end));
    i = end;
    if (marker !== 0xda) continue;
    // The entropy-coded data: up to the next marker that is not a restart or a stuffed byte.
    scans += 1;
    let j = i;
    while (j + 1 < b.length) {
      if (b[j] === 0xff) {
        const next = b[j + 1]!;
        if (next !== 0 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      j += 1;
    }
    if (j + 1 >= b.length) j = b.length;
    kept.push(b.subarray(i, j));
    i = j;
  }
  if (scans === 0) throw unreadable('the JPEG holds no image data');
  kept.push(Uint8Array.of(0xff, 0xd9)); // cut short: ended as a decoder would end it
  return withOrientation(kept, orientation);
}

function withOrientation(kept: Uint8Array[], orientation = 1): Uint8Array<ArrayBuffer> {
  if (orientation !== 1) kept.splice(1, 0, orientationSegment(orientation));
  return join(kept);
}

/** Chunks a PNG keeps: the picture, its palette and transparency, and how to show its colours. */
const PNG_KEPT = new Set([
  'IHDR',
  'PLTE',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'IDAT',
  'IEND',
]);

function stripPng(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const kept: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let sawData = false;
  while (i + 12 <= b.length) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + length;
    if (end > b.length) throw unreadable('a PNG chunk runs past the end');
    if (i === 8 && type !== 'IHDR') throw unreadable('the PNG does not start with its header');
    if (PNG_KEPT.has(type)) kept.push(b.subarray(i, end));
    if (type === 'IDAT') sawData = true;
    i = end;
    if (type === 'IEND') break;
  }
  if (!sawData) throw unreadable('the PNG holds no image data');
  if (ascii(kept[kept.length - 1]!, 4, 4) !== 'IEND') throw unreadable('the PNG is cut short');
  return join(kept);
}

/** WebP chunks of the picture and its colours; EXIF and XMP go, and VP8X stops announcing them. */
const WEBP_KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ICCP', 'ALPH', 'ANIM', 'ANMF']);

function stripWebp(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const kept: Uint8Array[] = [];
  const riffEnd = Math.min(b.length, 8 + u32le(b, 4));
  let i = 12;
  let sawData = false;
  while (i + 8 <= riffEnd) {
    const type = ascii(b, i, 4);
    const size = u32le(b, i + 4);
    const end = i + 8 + size + (size & 1);
    if (i + 8 + size > riffEnd) throw unreadable('a WebP chunk runs past the end');
    if (WEBP_KEPT.has(type)) {
      const chunk = b.slice(i, Math.min(end, riffEnd));
      if (type === 'VP8X') chunk[8] = chunk[8]! & ~(0x08 | 0x04); // the EXIF and XMP flags
      if (!['VP8X', 'ANIM', 'ICCP'].includes(type)) sawData = true;
      kept.push(chunk);
    }
    i = end;
  }
  if (!sawData) throw unreadable('the WebP holds no image data');
  const body = join(kept);
  const header = new Uint8Array(12);
  header.set([0x52, 0x49, 0x46, 0x46]); // RIFF
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  header.set([0x57, 0x45, 0x42, 0x50], 8); // WEBP
  return join([header, body]);
}

/**
 * The photo without its metadata.
 * @throws CachetError `ERR_IMAGE_TYPE` (not a JPEG, PNG or WebP) or `ERR_IMAGE_UNREADABLE`.
 */
export function stripPhotoMetadata(bytes: Uint8Array): StrippedPhoto {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { bytes: stripJpeg(bytes), type: 'image/jpeg' };
  }
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') {
    return { bytes: stripPng(bytes), type: 'image/png' };
  }
  if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return { bytes: stripWebp(bytes), type: 'image/webp' };
  }
  throw new CachetError('ERR_IMAGE_TYPE', 'send the photo as a JPEG, PNG or WebP image');
}

/**
 * The orientation (1 to 8) a JPEG's first EXIF segment records, as viewers read it; 1 when it
 * records none. Decoders for Workers leave it to the caller: the pixels come as stored.
 */
export function jpegOrientation(b: Uint8Array): number {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // a fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // the scan: EXIF comes before it
    const end = i + 2 + u16be(b, i + 2);
    if (end > b.length) break;
    const body = b.subarray(i + 4, end);
    if (marker === 0xe1 && isExif(body)) return exifOrientation(body);
    i = end;
  }
  return 1;
}
