// The card's own frame: coordinates in which the code's top-left corner is (0, 0) and its side
// is FRAME_SIDE pixels, whatever the photo. A photo is brought into it through a homography.
import { fitHomography, type Homography, mapPoint } from './homography.js';
import { halve, planeOf, type Plane } from './pixels.js';
import type { CodeCorners, GreyImage } from './types.js';

/** Pixels a code side spans in the frame: the card is compared at this resolution. */
export const FRAME_SIDE = 80;

/** How far around the code the frame reaches, in code sides, on every side of it. */
export const FRAME_REACH = 5;

/** A region of the frame: its top-left pixel's position and its size, in frame pixels. */
export interface FrameBox {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** The code's corners in the frame, in the reader's order. */
export function frameCorners(): [number, number][] {
  const s = FRAME_SIDE;
  return [
    [0, 0],
    [s, 0],
    [s, s],
    [0, s],
  ];
}

/** The corners as points, in the order of frameCorners. */
export function cornerPoints(c: CodeCorners): [number, number][] {
  return [c.topLeft, c.topRight, c.bottomRight, c.bottomLeft].map((p) => [p.x, p.y]);
}

/** The homography from the frame to the photo that the code's corners alone give. */
export function homographyFromCorners(corners: CodeCorners): Homography | null {
  return fitHomography(frameCorners(), cornerPoints(corners));
}

/** The code's side in the photo, in photo pixels (the mean of its four edges). */
export function codeSide(c: CodeCorners): number {
  const p = cornerPoints(c);
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const [a, b] = [p[i]!, p[(i + 1) % 4]!];
    s += Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
  return s / 4;
}

/** A photo ready to be sampled at any scale: its grey levels halved again and again. */
export type Pyramid = Plane[];

export function pyramidOf(grey: GreyImage, smallest = 16): Pyramid {
  const levels = [planeOf(grey)];
  while (Math.min(levels.at(-1)!.width, levels.at(-1)!.height) >= smallest * 2)
    levels.push(halve(levels.at(-1)!));
  return levels;
}

/**
 * The photo sampled in the frame over `box`, at one pixel every `step` frame pixels: bilinear,
 * from the pyramid level whose pixels are about as large as the samples (no aliasing).
 * Pixels that fall outside the photo are invalid.
 */
export function rectify(pyramid: Pyramid, h: Homography, box: FrameBox, step: number): Plane {
  const width = Math.max(1, Math.floor(box.width / step));
  const height = Math.max(1, Math.floor(box.height / step));
  // Photo pixels per sample near the middle of the box.
  const cx = box.x0 + box.width / 2;
  const cy = box.y0 + box.height / 2;
  const [ax, ay] = mapPoint(h, cx, cy);
  const [bx, by] = mapPoint(h, cx + step, cy);
  const [dx, dy] = mapPoint(h, cx, cy + step);
  const density = Math.sqrt(Math.hypot(bx - ax, by - ay) * Math.hypot(dx - ax, dy - ay));
  const level = Math.max(0, Math.min(pyramid.length - 1, Math.floor(Math.log2(density / 1.2))));
  const src = pyramid[level]!;
  const k = 1 / 2 ** level;
  const data = new Float32Array(width * height);
  const valid = new Uint8Array(width * height);
  for (let j = 0; j < height; j++) {
    const fy = box.y0 + (j + 0.5) * step;
    for (let i = 0; i < width; i++) {
      const fx = box.x0 + (i + 0.5) * step;
      const w = h[6]! * fx + h[7]! * fy + h[8]!;
      const px = ((h[0]! * fx + h[1]! * fy + h[2]!) / w) * k - 0.5;
      const py = ((h[3]! * fx + h[4]! * fy + h[5]!) / w) * k - 0.5;
      if (!(px >= 0 && py >= 0 && px < src.width - 1 && py < src.height - 1)) continue;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const i00 = y0 * src.width + x0;
      if (!(src.valid[i00] && src.valid[i00 + 1])) continue;
      if (!(src.valid[i00 + src.width] && src.valid[i00 + src.width + 1])) continue;
      const ux = px - x0;
      const uy = py - y0;
      const top = src.data[i00]! * (1 - ux) + src.data[i00 + 1]! * ux;
      const bottom = src.data[i00 + src.width]! * (1 - ux) + src.data[i00 + src.width + 1]! * ux;
      const o = j * width + i;
      data[o] = top * (1 - uy) + bottom * uy;
      valid[o] = 1;
    }
  }
  return { data, valid, width, height };
}

/**
 * Marks the code itself invalid (its modules are the same on any copy): the square of the code
 * grown by `margin` code sides. What lies around it, the quiet zone included, stays.
 */
export function maskCode(p: Plane, box: FrameBox, step: number, margin = 0.03): void {
  const lo = -margin * FRAME_SIDE;
  const hi = (1 + margin) * FRAME_SIDE;
  for (let j = 0; j < p.height; j++) {
    const fy = box.y0 + (j + 0.5) * step;
    if (fy < lo || fy > hi) continue;
    for (let i = 0; i < p.width; i++) {
      const fx = box.x0 + (i + 0.5) * step;
      if (fx >= lo && fx <= hi) p.valid[j * p.width + i] = 0;
    }
  }
}
