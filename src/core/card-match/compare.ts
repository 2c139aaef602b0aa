// One comparison: a photo brought into the reference's frame (code corners, then refined), its
// ink compared block by block with the reference's around the code, and the answer decided.
import { blockCorrelation, inkedBlock, refineHomography, type ScaledInk } from './align.js';
import { contrastOf, photoCodeLevels, referenceCodeLevels, restoreContrast } from './contrast.js';
import type { Fingerprint } from './fingerprint.js';
import {
  codeSide,
  cornerPoints,
  FRAME_SIDE,
  homographyFromCorners,
  maskCode,
  Pyramid,
  rectify,
  type FrameBox,
} from './frame.js';
import { boxBlur, halve, inkMap, maxFilter, minFilter, type Plane } from './pixels.js';
import type { CardMatch, CodeCorners, GreyImage, MatchViews } from './types.js';

/** The smallest code, in photo pixels a side, around which a card can be compared. */
export const MIN_CODE_SIDE = 40;
/** Block side in frame pixels for the final comparison (a fifth of the code's side and more). */
const BLOCK = 20;
/** A block matches when its correlation reaches this. */
export const BLOCK_MATCH = 0.6;
/** Same card: the median block at least this, and this share of blocks matching. */
const SAME_MEDIAN = 0.95;
const SAME_SHARE = 0.85;
/** Different card: fewer blocks than this share match. */
const DIFFERENT_SHARE = 0.7;
/** Fewer blocks than this, or less of the reference's ink shown, and nothing can be told. */
const MIN_BLOCKS = 8;
const MIN_COVERAGE = 0.2;
/**
 * A photo whose code (black on the card's paper) stands out less than this is too faint for
 * the handwriting to be judged; one whose contrast had to be stretched this much or more is
 * never called a different card (its stretched noise could pass for other strokes).
 */
const MIN_CONTRAST = 0.12;
const MAX_ACCUSING_GAIN = 2.5;
const TOO_FAINT =
  'the photo is too faint (washed out, overexposed or in glare) to judge the handwriting: take it again in softer light';

/** The reference's planes, once per fingerprint, and where it shows blank card. */
export function referencePlanes(fp: Fingerprint) {
  const { box } = fp;
  const base: Plane = {
    data: Float32Array.from(fp.grey),
    valid: fp.grey.map((v) => (v > 0 ? 1 : 0)),
    width: box.width,
    height: box.height,
  };
  const scaled: ScaledInk[] = [];
  let level = base;
  for (let step = 1; step <= 4; step *= 2) {
    if (step > 1) level = halve(level);
    const ink = inkMap(level, 1 / step);
    maskCode(ink, box, step);
    scaled.push({ step, ink });
  }
  return { base, scaled, paper: paperOf(base, box) };
}

/**
 * Where the reference shows the card's paper, not the table around it: as bright as the code's
 * quiet zone (paper on every card) once strokes are closed over, and away from the card's edge.
 * Only there is ink compared: a card's edge on another table is no difference.
 */
function paperOf(base: Plane, box: FrameBox): Uint8Array {
  const levels: number[] = [];
  const lo = -0.1 * FRAME_SIDE;
  const hi = 1.1 * FRAME_SIDE;
  for (let y = 0; y < base.height; y++) {
    const fy = box.y0 + y + 0.5;
    if (fy < lo || fy > hi) continue;
    for (let x = 0; x < base.width; x++) {
      const fx = box.x0 + x + 0.5;
      if (fx < lo || fx > hi || (fx > 0 && fx < FRAME_SIDE && fy > 0 && fy < FRAME_SIDE)) continue;
      if (base.valid[y * base.width + x]) levels.push(base.data[y * base.width + x]!);
    }
  }
  levels.sort((a, b) => a - b);
  // The quiet zone's brightness, strokes across it left out.
  const level = levels.length ? levels[Math.floor(levels.length * 0.75)]! : 255;
  const { width, height } = base;
  const bright = base.data.map((v, i) => (base.valid[i] && v >= 0.75 * level ? 1 : 0));
  const closed = minFilter(
    maxFilter(bright, width, height, PAPER_CLOSE),
    width,
    height,
    PAPER_CLOSE + PAPER_EDGE,
  );
  return Uint8Array.from(closed, (v) => (v > 0.5 ? 1 : 0));
}

/** Strokes up to this many frame pixels thick are paper; the card's edge this far in is not. */
const PAPER_CLOSE = 4;
const PAPER_EDGE = 4;

/** Ink blurred a little, so a pixel of misplacement or of blur does not count as a difference. */
function softened(p: Plane): Plane {
  return { ...p, data: boxBlur(p.data, p.width, p.height, 1) };
}

interface Scored {
  compared: number;
  matched: number;
  median: number;
  coverage: number;
  /** The blocks in the strip around the code's edge, where the associate signs across it. */
  edge: { blocks: number; matched: number };
}

/** How far the strip around the code's edge reaches, in blocks (of a quarter code side). */
const EDGE_BLOCKS = 2;

/**
 * Scores every block with ink in either picture, on a grid aligned with the code (four blocks a
 * side), so that the strip around the code's edge is whole blocks; coverage is over the
 * reference's inked blocks.
 */
function scoreBlocks(ref: Plane, photo: Plane, paper: Uint8Array, box: FrameBox): Scored {
  const scores: number[] = [];
  const edge = { blocks: 0, matched: 0 };
  let refInked = 0;
  let refShown = 0;
  const mod = (a: number) => ((a % BLOCK) + BLOCK) % BLOCK;
  const [x0, y0] = [mod(-box.x0), mod(-box.y0)];
  const codeBlocks = FRAME_SIDE / BLOCK;
  for (let by = y0; by + BLOCK <= ref.height; by += BLOCK)
    for (let bx = x0; bx + BLOCK <= ref.width; bx += BLOCK) {
      if (!onPaper(paper, ref.width, bx, by)) continue;
      const inRef = inkedBlock(ref, bx, by, BLOCK);
      if (inRef) refInked++;
      if (!shown(ref, photo, bx, by)) continue;
      if (!inRef && !inkedBlock(photo, bx, by, BLOCK)) continue;
      const c = blockCorrelation(ref, photo, bx, by, BLOCK, 0, 0);
      const score = Number.isNaN(c) ? 0 : Math.max(0, c);
      scores.push(score);
      if (inRef) refShown++;
      const [kx, ky] = [(box.x0 + bx) / BLOCK, (box.y0 + by) / BLOCK];
      const near = (k: number) => k >= -EDGE_BLOCKS && k < codeBlocks + EDGE_BLOCKS;
      if (near(kx) && near(ky)) {
        edge.blocks++;
        if (score >= BLOCK_MATCH) edge.matched++;
      }
    }
  scores.sort((a, b) => a - b);
  return {
    compared: scores.length,
    matched: scores.filter((s) => s >= BLOCK_MATCH).length,
    median: scores.length ? scores[scores.length >> 1]! : 0,
    coverage: refInked ? refShown / refInked : 0,
    edge,
  };
}

/** Whether the block is all paper in the reference. */
function onPaper(paper: Uint8Array, width: number, bx: number, by: number): boolean {
  let n = 0;
  for (let y = by; y < by + BLOCK; y++)
    for (let x = bx; x < bx + BLOCK; x++) n += paper[y * width + x]!;
  return n >= BLOCK * BLOCK * 0.9;
}

/** Whether the photo shows most of the block where the reference does. */
function shown(ref: Plane, photo: Plane, bx: number, by: number): boolean {
  let r = 0;
  let both = 0;
  for (let y = by; y < by + BLOCK; y++)
    for (let x = bx; x < bx + BLOCK; x++) {
      const i = y * ref.width + x;
      if (!ref.valid[i]) continue;
      r++;
      if (photo.valid[i]) both++;
    }
  return r >= (BLOCK * BLOCK) / 2 && both >= r * 0.8;
}

function decide(s: Scored): Pick<CardMatch, 'result'> & { reason?: string } {
  if (s.coverage < MIN_COVERAGE || s.compared < MIN_BLOCKS)
    return {
      result: 'cannot-tell',
      reason: 'the photo shows too little of the card around the code',
    };
  const share = s.matched / s.compared;
  // The same card matches all round the code's edge: a code cut out and pasted breaks the
  // stroke signed across it there, however well the rest is copied.
  const edgeWhole = s.edge.matched === s.edge.blocks;
  if (s.median >= SAME_MEDIAN && share >= SAME_SHARE && edgeWhole) return { result: 'same-card' };
  if (share < DIFFERENT_SHARE) return { result: 'different-card' };
  return {
    result: 'cannot-tell',
    reason:
      'the card is close to the reference but not the same: a careful copy, or a photo too degraded to tell',
  };
}

/** Grey levels of a plane for a picture (outside: white). */
function greyOf(p: Plane): GreyImage {
  const data = new Uint8Array(p.width * p.height).fill(255);
  for (let i = 0; i < data.length; i++)
    if (p.valid[i]) data[i] = Math.max(0, Math.min(255, Math.round(p.data[i]!)));
  return { data, width: p.width, height: p.height };
}

/** Compares the photo (grey + corners) with a decoded fingerprint. */
export function compareCard(
  fp: Fingerprint,
  grey: GreyImage,
  corners: CodeCorners,
  views: boolean,
): CardMatch & { views?: MatchViews } {
  const side = codeSide(corners);
  const h0 = homographyFromCorners(corners);
  const { base, scaled, paper } = referencePlanes(fp);
  const empty = (reason: string): CardMatch => ({
    result: 'cannot-tell',
    score: 0,
    compared: { coverage: 0, blocks: 0, matched: 0, reason },
  });
  if (!h0 || !(side >= MIN_CODE_SIDE))
    return empty('the code is too small in the photo to compare the card around it');
  // The code is black ink on the card's paper in both pictures: its levels say how washed out
  // the photo is, and how to stretch it back.
  const photoLevels = photoCodeLevels(grey, h0);
  const referenceLevels = referenceCodeLevels(fp);
  if (!photoLevels || !referenceLevels) return empty(TOO_FAINT);
  if (contrastOf(photoLevels) < Math.min(MIN_CONTRAST, contrastOf(referenceLevels) / 2))
    return empty(TOO_FAINT);
  const restored = restoreContrast(grey, photoLevels, referenceLevels);
  const pyramid = new Pyramid(restored.grey);
  const box: FrameBox = fp.box;
  const { h, ink: photo } = refineHomography(scaled, pyramid, h0, box, cornerPoints(corners));
  const reference = scaled[0]!.ink;
  const s = scoreBlocks(softened(reference), softened(photo), paper, box);
  let { result, reason } = decide(s);
  if (result === 'different-card' && restored.gain >= MAX_ACCUSING_GAIN) {
    result = 'cannot-tell';
    reason = TOO_FAINT;
  }
  const match: CardMatch & { views?: MatchViews } = {
    result,
    score: Math.round(Math.max(0, Math.min(1, s.median)) * 1000) / 1000,
    compared: {
      coverage: Math.round(s.coverage * 1000) / 1000,
      blocks: s.compared,
      matched: s.matched,
      edge: s.edge,
      ...(reason ? { reason } : {}),
    },
  };
  if (views) {
    const rectified = rectify(pyramid, h, box, 1);
    const difference = new Uint8Array(base.width * base.height).fill(255);
    for (let i = 0; i < difference.length; i++) {
      if (!reference.valid[i] || !photo.valid[i]) continue;
      const d = Math.abs(reference.data[i]! - photo.data[i]!);
      difference[i] = 255 - Math.min(255, Math.round(d * 400));
    }
    match.views = {
      reference: greyOf(base),
      photo: greyOf(rectified),
      difference: { data: difference, width: base.width, height: base.height },
    };
  }
  return match;
}
