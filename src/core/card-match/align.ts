// Coarse-to-fine alignment: the homography from the code's corners alone misplaces the far side
// of the card by tens of pixels, so blocks of ink are matched at a quarter, half and full scale
// and the homography is re-fitted to them each time.
import {
  FRAME_SIDE,
  frameCorners,
  maskCode,
  rectify,
  type FrameBox,
  type Pyramid,
} from './frame.js';
import { fitHomography, mapPoint, type Homography } from './homography.js';
import { inkMap, type Plane } from './pixels.js';

/** Ink variance a pixel below which a block counts as blank (ink is 0 to 1). */
const VARIANCE_FLOOR = 0.0002;

/** How many pixels of a block must be ink (above 0.3) for it to say anything. */
const INKED_SHARE = 0.03;

/** Whether a block of `a` holds enough ink to be matched (and enough valid pixels). */
export function inkedBlock(a: Plane, bx: number, by: number, size: number): boolean {
  let ink = 0;
  let valid = 0;
  for (let y = by; y < by + size; y++)
    for (let x = bx; x < bx + size; x++) {
      const i = y * a.width + x;
      if (!a.valid[i]) continue;
      valid++;
      if (a.data[i]! > 0.3) ink++;
    }
  return valid >= size * size * 0.6 && ink >= size * size * INKED_SHARE;
}

/**
 * Normalised correlation of a's block at (bx, by) with b's block moved by (dx, dy), over the
 * pixels valid in both; NaN when fewer than half the block's pixels are.
 */
export function blockCorrelation(
  a: Plane,
  b: Plane,
  bx: number,
  by: number,
  size: number,
  dx: number,
  dy: number,
): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = by; y < by + size; y++) {
    const yb = y + dy;
    if (yb < 0 || yb >= b.height) continue;
    for (let x = bx; x < bx + size; x++) {
      const xb = x + dx;
      if (xb < 0 || xb >= b.width) continue;
      const i = y * a.width + x;
      const j = yb * b.width + xb;
      if (!a.valid[i] || !b.valid[j]) continue;
      const u = a.data[i]!;
      const v = b.data[j]!;
      n++;
      sa += u;
      sb += v;
      saa += u * u;
      sbb += v * v;
      sab += u * v;
    }
  }
  if (n < (size * size) / 2) return NaN;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  // A variance floor keeps a blank block from correlating with its noise.
  const floor = VARIANCE_FLOOR * n;
  return (sab - (sa * sb) / n) / Math.sqrt((va + floor) * (vb + floor));
}

/** How far above every distant shift a block's best one must score. */
const PEAK_MARGIN = 0.15;

/** The best shift of each inked block of `a` in `b` within ±radius, to a tenth of a pixel. */
export function matchBlocks(a: Plane, b: Plane, size: number, stride: number, radius: number) {
  const found: { x: number; y: number; dx: number; dy: number; score: number }[] = [];
  const scores = new Float64Array((2 * radius + 1) ** 2);
  for (let by = 0; by + size <= a.height; by += stride) {
    for (let bx = 0; bx + size <= a.width; bx += stride) {
      if (!inkedBlock(a, bx, by, size)) continue;
      let best = -Infinity;
      let bi = -1;
      for (let dy = -radius; dy <= radius; dy++)
        for (let dx = -radius; dx <= radius; dx++) {
          const s = blockCorrelation(a, b, bx, by, size, dx, dy);
          const k = (dy + radius) * (2 * radius + 1) + dx + radius;
          scores[k] = Number.isNaN(s) ? -1 : s;
          if (scores[k]! > best) {
            best = scores[k]!;
            bi = k;
          }
        }
      if (bi < 0 || best < 0.5) continue;
      const ix = (bi % (2 * radius + 1)) - radius;
      const iy = Math.floor(bi / (2 * radius + 1)) - radius;
      // A straight stroke (or the card's printed border) matches all along itself: only a
      // peak that stands out from every shift two pixels or more away says where the block is.
      let rival = -Infinity;
      for (let dy = -radius; dy <= radius; dy++)
        for (let dx = -radius; dx <= radius; dx++)
          if (Math.max(Math.abs(dx - ix), Math.abs(dy - iy)) >= 2)
            rival = Math.max(rival, scores[(dy + radius) * (2 * radius + 1) + dx + radius]!);
      if (rival > best - PEAK_MARGIN) continue;
      const at = (dx: number, dy: number) =>
        scores[(dy + radius) * (2 * radius + 1) + dx + radius]!;
      const peak = (l: number, c: number, r: number) => {
        const d = l - 2 * c + r;
        return d < 0 ? Math.max(-0.5, Math.min(0.5, (l - r) / (2 * d))) : 0;
      };
      const fx = Math.abs(ix) < radius ? peak(at(ix - 1, iy), best, at(ix + 1, iy)) : 0;
      const fy = Math.abs(iy) < radius ? peak(at(ix, iy - 1), best, at(ix, iy + 1)) : 0;
      found.push({ x: bx + size / 2, y: by + size / 2, dx: ix + fx, dy: iy + fy, score: best });
    }
  }
  return found;
}

/** The reference's ink at each scale the alignment uses (1, 1/2, 1/4), the code masked. */
export interface ScaledInk {
  step: number;
  ink: Plane;
}

/** Settings of each pass, coarse first: scale step, block size and search radius (its pixels). */
const PASSES = [
  { step: 4, block: 12, stride: 8, radius: 8 },
  { step: 2, block: 16, stride: 12, radius: 4 },
  { step: 1, block: 24, stride: 16, radius: 3 },
];

/** The photo's ink in the frame at `step`, the code masked, as the reference's is. */
export function photoInk(pyramid: Pyramid, h: Homography, box: FrameBox, step: number): Plane {
  const ink = inkMap(rectify(pyramid, h, box, step), 1 / step);
  maskCode(ink, box, step);
  return ink;
}

/**
 * Refines `h` (frame → photo) so the photo's ink lies on the reference's, pass by pass. The
 * code's corners stay in the fit as anchors; points that disagree with the fit are dropped.
 * Returns the homography and the photo's ink through it at full scale, the code masked.
 */
export function refineHomography(
  reference: ScaledInk[],
  pyramid: Pyramid,
  h0: Homography,
  box: FrameBox,
  corners: [number, number][],
): { h: Homography; ink: Plane } {
  let h = h0;
  // The photo's ink through h at full scale, once the last pass has made it.
  let ink: Plane | null = null;
  for (const pass of PASSES) {
    const ref = reference.find((r) => r.step === pass.step);
    if (!ref) continue;
    const photo = photoInk(pyramid, h, box, pass.step);
    if (pass.step === 1) ink = photo;
    const found = matchBlocks(ref.ink, photo, pass.block, pass.stride, pass.radius);
    if (found.length < 6) continue;
    const s = pass.step;
    const from: [number, number][] = [];
    const to: [number, number][] = [];
    const weights: number[] = [];
    for (const m of found) {
      const px = box.x0 + m.x * s;
      const py = box.y0 + m.y * s;
      from.push([px, py]);
      to.push(mapPoint(h, px + m.dx * s, py + m.dy * s));
      weights.push(m.score);
    }
    const anchors = frameCorners();
    let keep = found.map(() => true);
    let fitted: Homography | null = null;
    for (let round = 0; round < 3; round++) {
      const f = from.filter((_, i) => keep[i]);
      const t = to.filter((_, i) => keep[i]);
      const w = weights.filter((_, i) => keep[i]);
      if (f.length < 6) break;
      fitted = fitHomography(
        [...f, ...anchors],
        [...t, ...corners],
        [...w, ...anchors.map(() => 2)],
      );
      if (!fitted) break;
      const cur = fitted;
      // Residuals in frame pixels: photo pixels over the photo's pixels per frame pixel.
      const density = photoDensity(cur);
      const residual = from.map(([x, y], i) => {
        const [u, v] = mapPoint(cur, x, y);
        return Math.hypot(u - to[i]![0], v - to[i]![1]) / density;
      });
      const sorted = residual.filter((_, i) => keep[i]).sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1]!;
      const limit = Math.max(2.5 * median, 0.75 * s);
      keep = residual.map((r) => r <= limit);
    }
    // A fit is kept only if the reference's ink lies better on the photo's through it.
    if (!fitted) continue;
    const through = photoInk(pyramid, fitted, box, s);
    if (agreement(ref.ink, through) >= agreement(ref.ink, photo)) {
      h = fitted;
      if (s === 1) ink = through;
    }
  }
  return { h, ink: ink ?? photoInk(pyramid, h, box, 1) };
}

/** How well two ink maps agree: their correlation over the pixels valid in both. */
export function agreement(a: Plane, b: Plane): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (!a.valid[i] || !b.valid[i]) continue;
    const u = a.data[i]!;
    const v = b.data[i]!;
    n++;
    sa += u;
    sb += v;
    saa += u * u;
    sbb += v * v;
    sab += u * v;
  }
  if (n === 0) return -1;
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n) + 1e-9);
}

/** Photo pixels per frame pixel at the code. */
export function photoDensity(h: Homography): number {
  const c = FRAME_SIDE / 2;
  const [ax, ay] = mapPoint(h, c, c);
  const [bx, by] = mapPoint(h, c + 1, c);
  const [dx, dy] = mapPoint(h, c, c + 1);
  return Math.max(1e-6, Math.sqrt(Math.hypot(bx - ax, by - ay) * Math.hypot(dx - ax, dy - ay)));
}
