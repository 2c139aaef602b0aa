// Plane-to-plane maps (homographies) for bringing a photo into the card's frame: solved from
// the code's four corners, then re-fitted by least squares to many matched points.

/** A homography as 9 numbers, row by row (the last one 1): (x, y) → (X/W, Y/W). */
export type Homography = Float64Array;

/** Where `h` takes the point (x, y). */
export function mapPoint(h: Homography, x: number, y: number): [number, number] {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** Solves A·x = b in place (Gaussian elimination with partial pivoting); null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r]![k]! -= f * a[col]![k]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/** Moves points to mean 0 and mean distance √2 (Hartley), for a well-conditioned fit. */
function normaliser(points: readonly (readonly [number, number])[]): Float64Array {
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= points.length;
  my /= points.length;
  let d = 0;
  for (const [x, y] of points) d += Math.hypot(x - mx, y - my);
  const s = Math.SQRT2 / Math.max(d / points.length, 1e-9);
  return Float64Array.of(s, 0, -s * mx, 0, s, -s * my, 0, 0, 1);
}

/** The product a·b of two 3 × 3 matrices. */
export function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
}

/** The inverse of a 3 × 3 matrix (scaled so its last entry is 1 when it can be). */
export function invert(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m as unknown as number[];
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  const out = Float64Array.of(
    A / det,
    -(b! * i! - c! * h!) / det,
    (b! * f! - c! * e!) / det,
    B / det,
    (a! * i! - c! * g!) / det,
    -(a! * f! - c! * d!) / det,
    C / det,
    -(a! * h! - b! * g!) / det,
    (a! * e! - b! * d!) / det,
  );
  return scaled(out);
}

function scaled(m: Float64Array): Float64Array {
  const k = Math.abs(m[8]!) > 1e-12 ? m[8]! : 1;
  return m.map((v) => v / k);
}

/**
 * The homography taking each `from` point to its `to` point, by weighted least squares (exact
 * for four points). Null when the points do not determine one.
 */
export function fitHomography(
  from: readonly (readonly [number, number])[],
  to: readonly (readonly [number, number])[],
  weights?: readonly number[],
): Homography | null {
  if (from.length < 4) return null;
  const tf = normaliser(from);
  const tt = normaliser(to);
  const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
  const atb = new Array<number>(8).fill(0);
  const add = (row: number[], rhs: number, w: number) => {
    for (let i = 0; i < 8; i++) {
      if (row[i] === 0) continue;
      for (let j = 0; j < 8; j++) ata[i]![j]! += w * row[i]! * row[j]!;
      atb[i]! += w * row[i]! * rhs;
    }
  };
  for (let k = 0; k < from.length; k++) {
    const [x, y] = mapPoint(tf, from[k]![0], from[k]![1]);
    const [u, v] = mapPoint(tt, to[k]![0], to[k]![1]);
    const w = weights?.[k] ?? 1;
    add([x, y, 1, 0, 0, 0, -u * x, -u * y], u, w);
    add([0, 0, 0, x, y, 1, -v * x, -v * y], v, w);
  }
  const h = solve(ata, atb);
  if (!h || h.some((v) => !Number.isFinite(v))) return null;
  const normalised = Float64Array.of(...h, 1);
  return scaled(multiply(invert(tt), multiply(normalised, tf)));
}
