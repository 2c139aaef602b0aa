// Pixel work for the card comparison on plain arrays (no canvas, no native code, so it runs in
// Workers too): halving, box blur, max filter, and the ink map that ignores stock and light.
import type { GreyImage } from './types.js';

/** A float image with, per pixel, whether it holds anything (0: outside the photo, or masked). */
export interface Plane {
  data: Float32Array;
  valid: Uint8Array;
  width: number;
  height: number;
}

/** Half the size, each pixel the mean of the valid ones among its 2 × 2 (valid if any is). */
export function halve(p: Plane): Plane {
  const width = Math.max(1, p.width >> 1);
  const height = Math.max(1, p.height >> 1);
  const data = new Float32Array(width * height);
  const valid = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        const sy = Math.min(p.height - 1, 2 * y + dy);
        for (let dx = 0; dx < 2; dx++) {
          const i = sy * p.width + Math.min(p.width - 1, 2 * x + dx);
          if (p.valid[i]) {
            s += p.data[i]!;
            n++;
          }
        }
      }
      const o = y * width + x;
      // All four valid, or the pixel is dropped: half-valid pixels blur the photo's edge in.
      if (n === 4) {
        data[o] = s / 4;
        valid[o] = 1;
      }
    }
  }
  return { data, valid, width, height };
}

/** A grey image as a plane, every pixel valid. */
export function planeOf(grey: GreyImage): Plane {
  const data = new Float32Array(grey.width * grey.height);
  for (let i = 0; i < data.length; i++) data[i] = grey.data[i]!;
  return {
    data,
    valid: new Uint8Array(data.length).fill(1),
    width: grey.width,
    height: grey.height,
  };
}

/** Running-sum filter along rows then columns: mean (or max) over a (2r+1)² square. */
function separable(
  src: Float32Array,
  width: number,
  height: number,
  r: number,
  pass: (line: Float32Array, out: Float32Array, r: number) => void,
): Float32Array {
  const tmp = new Float32Array(src.length);
  const line = new Float32Array(Math.max(width, height));
  const out = new Float32Array(Math.max(width, height));
  for (let y = 0; y < height; y++) {
    const l = line.subarray(0, width);
    l.set(src.subarray(y * width, (y + 1) * width));
    const o = out.subarray(0, width);
    pass(l, o, r);
    tmp.set(o, y * width);
  }
  const result = new Float32Array(src.length);
  for (let x = 0; x < width; x++) {
    const l = line.subarray(0, height);
    for (let y = 0; y < height; y++) l[y] = tmp[y * width + x]!;
    const o = out.subarray(0, height);
    pass(l, o, r);
    for (let y = 0; y < height; y++) result[y * width + x] = o[y]!;
  }
  return result;
}

function meanLine(line: Float32Array, out: Float32Array, r: number): void {
  const n = line.length;
  let s = 0;
  // Edges repeat the end pixel.
  for (let k = -r; k <= r; k++) s += line[Math.min(n - 1, Math.max(0, k))]!;
  for (let i = 0; i < n; i++) {
    out[i] = s / (2 * r + 1);
    s += line[Math.min(n - 1, i + r + 1)]! - line[Math.max(0, i - r)]!;
  }
}

function maxLine(line: Float32Array, out: Float32Array, r: number): void {
  const n = line.length;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    const hi = Math.min(n - 1, i + r);
    for (let k = Math.max(0, i - r); k <= hi; k++) if (line[k]! > m) m = line[k]!;
    out[i] = m;
  }
}

/** Mean over a (2r+1)² square. */
export function boxBlur(src: Float32Array, width: number, height: number, r: number) {
  return r <= 0 ? src.slice() : separable(src, width, height, r, meanLine);
}

/** Minimum over a (2r+1)² square. */
export function minFilter(src: Float32Array, width: number, height: number, r: number) {
  const negated = src.map((v) => -v);
  return maxFilter(negated, width, height, r).map((v) => -v);
}

/** Maximum over a (2r+1)² square. */
export function maxFilter(src: Float32Array, width: number, height: number, r: number) {
  return separable(src, width, height, r, maxLine);
}

/**
 * How much ink each pixel holds, 0 to 1, whatever the card stock and the light: darkness
 * against the local paper (the brightest nearby, smoothed), above a floor that the grain of
 * textured stock and JPEG noise stay under. Invalid pixels hold none.
 */
export function inkMap(p: Plane, scale: number): Plane & { background: Float32Array } {
  const { width, height } = p;
  const filled = new Float32Array(p.data.length);
  // Outside the photo reads as paper, so the paper estimate does not fall at the edge.
  let paper = 0;
  let n = 0;
  for (let i = 0; i < filled.length; i++)
    if (p.valid[i]) {
      paper += p.data[i]!;
      n++;
    }
  paper = n > 0 ? paper / n : 255;
  for (let i = 0; i < filled.length; i++) filled[i] = p.valid[i] ? p.data[i]! : paper;
  const rMax = Math.max(1, Math.round(4 * scale));
  const background = boxBlur(
    maxFilter(filled, width, height, rMax),
    width,
    height,
    Math.max(1, Math.round(8 * scale)),
  );
  const data = new Float32Array(filled.length);
  for (let i = 0; i < data.length; i++) {
    if (!p.valid[i]) continue;
    const bg = Math.max(background[i]!, 24);
    const ink = (bg - filled[i]!) / bg;
    data[i] = ink <= INK_FLOOR ? 0 : Math.min(1, (ink - INK_FLOOR) / (1 - INK_FLOOR));
  }
  return { data, valid: p.valid.slice(), width, height, background };
}

/** Darkness against the paper below which a pixel counts as paper (grain, JPEG noise). */
const INK_FLOOR = 0.12;
