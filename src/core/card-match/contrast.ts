// The photo's contrast against the reference's, read on the code itself (black modules printed on
// the card's paper in both): a washed-out photo is stretched back, or said to be too faint.
import type { Fingerprint } from './fingerprint.js';
import { FRAME_SIDE } from './frame.js';
import { mapPoint, type Homography } from './homography.js';
import type { GreyImage } from './types.js';

/** The code's dark and light levels (10th and 90th percentiles of its modules). */
export interface CodeLevels {
  dark: number;
  light: number;
}

/** Samples a side across the code, inside its edge. */
const SAMPLES = 48;

function levelsOf(values: number[]): CodeLevels | null {
  if (values.length < SAMPLES) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.floor(values.length * q)]!;
  return { dark: at(0.1), light: at(0.9) };
}

/** The code's levels in the photo, through `h` (frame → photo). */
export function photoCodeLevels(grey: GreyImage, h: Homography): CodeLevels | null {
  const values: number[] = [];
  for (let j = 0; j < SAMPLES; j++)
    for (let i = 0; i < SAMPLES; i++) {
      const [u, v] = mapPoint(
        h,
        ((i + 0.5) / SAMPLES) * FRAME_SIDE,
        ((j + 0.5) / SAMPLES) * FRAME_SIDE,
      );
      const [x, y] = [Math.round(u), Math.round(v)];
      if (x < 0 || y < 0 || x >= grey.width || y >= grey.height) continue;
      values.push(grey.data[y * grey.width + x]!);
    }
  return levelsOf(values);
}

/** The code's levels in the reference. */
export function referenceCodeLevels(fp: Fingerprint): CodeLevels | null {
  const { box, grey } = fp;
  const values: number[] = [];
  for (let j = 0; j < SAMPLES; j++)
    for (let i = 0; i < SAMPLES; i++) {
      const x = Math.floor(((i + 0.5) / SAMPLES) * FRAME_SIDE) - box.x0;
      const y = Math.floor(((j + 0.5) / SAMPLES) * FRAME_SIDE) - box.y0;
      if (x < 0 || y < 0 || x >= box.width || y >= box.height) continue;
      const g = grey[y * box.width + x]!;
      if (g > 0) values.push(g);
    }
  return levelsOf(values);
}

/** How much the code's black stands out from its paper: 0 (none) to 1 (black on white). */
export function contrastOf(l: CodeLevels): number {
  return (l.light - l.dark) / Math.max(l.light, 1);
}

/**
 * The photo with its grey levels mapped linearly so the code's dark and light levels become the
 * reference's: what a washed-out (overexposed, low-contrast) photo undoes to. Returns the photo
 * itself and a gain of 1 when its contrast is already near the reference's (or above it).
 */
export function restoreContrast(
  grey: GreyImage,
  photo: CodeLevels,
  reference: CodeLevels,
): { grey: GreyImage; gain: number } {
  const gain = (reference.light - reference.dark) / Math.max(1, photo.light - photo.dark);
  if (gain <= RESTORE_FROM) return { grey, gain: 1 };
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    table[v] = Math.max(0, Math.min(255, Math.round(reference.dark + (v - photo.dark) * gain)));
  const data = new Uint8Array(grey.data.length);
  for (let i = 0; i < data.length; i++) data[i] = table[grey.data[i]!]!;
  return { grey: { data, width: grey.width, height: grey.height }, gain };
}

/** Photos whose code spans at least this share of the reference's range are left as they are. */
const RESTORE_FROM = 1.25;
