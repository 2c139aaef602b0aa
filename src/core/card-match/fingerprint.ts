// The reference's fingerprint: the card around its code in the frame, as grey bytes with a small
// header, so that the same reference always gives the same bytes (and SHA-256).
import { CachetError } from '../errors.js';
import {
  FRAME_REACH,
  FRAME_SIDE,
  homographyFromCorners,
  pyramidOf,
  rectify,
  type FrameBox,
} from './frame.js';
import type { CodeCorners, GreyImage } from './types.js';

/** "CMF" and the format's version. */
const MAGIC = [0x43, 0x4d, 0x46];
export const FINGERPRINT_VERSION = 1;
const HEADER = 14;

/** A fingerprint read back: the reference's grey levels over `box` (0: outside its photo). */
export interface Fingerprint {
  box: FrameBox;
  grey: Uint8Array;
}

/** The card around the code in `grey`, in the frame, cropped to what the photo shows. */
export function makeFingerprint(grey: GreyImage, corners: CodeCorners): Fingerprint {
  const h = homographyFromCorners(corners);
  if (!h) throw new CachetError('ERR_INVALID_ARGUMENT', 'the code’s corners do not make a square');
  const reach = FRAME_REACH * FRAME_SIDE;
  const window = {
    x0: -reach,
    y0: -reach,
    width: 2 * reach + FRAME_SIDE,
    height: 2 * reach + FRAME_SIDE,
  };
  const plane = rectify(pyramidOf(grey), h, window, 1);
  let [x0, y0, x1, y1] = [plane.width, plane.height, -1, -1];
  for (let y = 0; y < plane.height; y++)
    for (let x = 0; x < plane.width; x++)
      if (plane.valid[y * plane.width + x]) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  if (x1 < 0) throw new CachetError('ERR_INVALID_ARGUMENT', 'the code is outside the photo');
  const box = { x0: window.x0 + x0, y0: window.y0 + y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  const out = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++)
    for (let x = 0; x < box.width; x++) {
      const i = (y + y0) * plane.width + x + x0;
      if (plane.valid[i])
        out[y * box.width + x] = Math.max(1, Math.min(255, Math.round(plane.data[i]!)));
    }
  return { box, grey: out };
}

/** The fingerprint's bytes: header (magic, version, frame side, box), then the grey levels. */
export function encodeFingerprint(f: Fingerprint): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(HEADER + f.grey.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[3] = FINGERPRINT_VERSION;
  view.setUint16(4, FRAME_SIDE);
  view.setInt16(6, f.box.x0);
  view.setInt16(8, f.box.y0);
  view.setUint16(10, f.box.width);
  view.setUint16(12, f.box.height);
  out.set(f.grey, HEADER);
  return out;
}

/** Reads a fingerprint's bytes back. @throws CachetError `ERR_INVALID_ARGUMENT` if malformed. */
export function decodeFingerprint(bytes: Uint8Array): Fingerprint {
  const bad = (why: string) =>
    new CachetError('ERR_INVALID_ARGUMENT', `not a card fingerprint: ${why}`);
  if (bytes.length < HEADER || MAGIC.some((m, i) => bytes[i] !== m)) throw bad('no header');
  if (bytes[3] !== FINGERPRINT_VERSION) throw bad(`version ${bytes[3]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(4) !== FRAME_SIDE) throw bad(`frame side ${view.getUint16(4)}`);
  const box = {
    x0: view.getInt16(6),
    y0: view.getInt16(8),
    width: view.getUint16(10),
    height: view.getUint16(12),
  };
  if (bytes.length !== HEADER + box.width * box.height) throw bad('length');
  return { box, grey: bytes.subarray(HEADER) };
}
