// The robustness corpus: card art carrying real QR codes, then the damage a viral photo goes
// through (recompression, downscaling, rotation, perspective, blur, app chrome, two cards in one
// picture). Deterministic: the same seed gives the same images, so runs compare.
import sharp, { type Sharp } from 'sharp';
import { renderQr } from '../src/node/render-qr.js';

/** The kinds of damage, one row each in the report. */
export const DAMAGE = [
  'clean',
  'jpeg',
  'downscale',
  'rotate',
  'perspective',
  'blur',
  'screenshot',
  'two-cards',
  'everything',
] as const;
export type Damage = (typeof DAMAGE)[number];

export interface CorpusImage {
  damage: Damage;
  /** What was done, for the report: "jpeg q31", "rotate 212°", ... */
  detail: string;
  /** Encoded image bytes (JPEG or PNG). */
  bytes: Buffer;
  format: 'jpeg' | 'png';
  /** The exact texts of the QR codes in the picture. */
  expected: string[];
}

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CARD_W = 900;
const CARD_H = 600;
/** Pixels per QR module on the clean card art. */
const ART_SCALE = 6;

/** A handwritten-looking card with the QR code in its lower right corner. */
async function cardArt(url: string): Promise<{ png: Buffer; text: string; modules: number }> {
  const qr = await renderQr(url, { scale: ART_SCALE });
  const meta = await sharp(qr.png).metadata();
  const size = meta.width!;
  const strokes = Array.from({ length: 6 }, (_, i) => {
    const y = 120 + i * 55;
    const end = 480 - (i % 3) * 60;
    return `<path d="M60 ${y} C 160 ${y - 18}, 260 ${y + 18}, ${end} ${y - 4}" stroke="#2b2a6b" stroke-width="3" fill="none"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <rect width="100%" height="100%" fill="#f4efe4"/>
    <rect x="18" y="18" width="${CARD_W - 36}" height="${CARD_H - 36}" fill="none" stroke="#b08d57" stroke-width="4"/>
    <text x="60" y="80" font-family="serif" font-size="34" fill="#1d1b19">MAISON DEMO</text>
    ${strokes}
  </svg>`;
  const png = await sharp(Buffer.from(svg))
    .composite([{ input: qr.png, left: CARD_W - size - 40, top: CARD_H - size - 40 }])
    .png()
    .toBuffer();
  return { png, text: qr.text, modules: size / ART_SCALE };
}

/** Raw RGB pixels. */
interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function toRaw(image: Buffer): Promise<Raw> {
  const { data, info } = await sharp(image)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const fromRaw = (raw: Raw) =>
  sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });

/** Solves the 8 unknowns of a homography taking points `from` to points `to`. */
function homography(from: number[][], to: number[][]): number[] {
  const rows: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    rows.push([x!, y!, 1, 0, 0, 0, -u! * x!, -u! * y!, u!]);
    rows.push([0, 0, 0, x!, y!, 1, -v! * x!, -v! * y!, v!]);
  }
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++)
      if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const f = rows[r]![col]! / rows[col]![col]!;
      for (let k = col; k < 9; k++) rows[r]![k]! -= f * rows[col]![k]!;
    }
  }
  return rows.map((row, i) => row[8]! / row[i]!);
}

/**
 * The card as a camera sees it when the card is turned `degrees` about its vertical axis
 * (pinhole camera, focal length about the card's width), on a grey table.
 */
function perspective(src: Raw, degrees: number): Raw {
  const { width: w, height: h } = src;
  const t = (degrees * Math.PI) / 180;
  const f = w * 1.2;
  const project = (x: number, y: number) => {
    const cx = x - w / 2;
    const z = f + cx * Math.sin(t);
    return [(f * cx * Math.cos(t)) / z + w / 2, (f * (y - h / 2)) / z + h / 2];
  };
  const corners = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  // The inverse map: each output pixel looks up its source point.
  const m = homography(
    corners.map(([x, y]) => project(x!, y!)),
    corners,
  );
  const out = Buffer.alloc(w * h * 3, 128);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = m[6]! * x + m[7]! * y + 1;
      const sx = (m[0]! * x + m[1]! * y + m[2]!) / d;
      const sy = (m[3]! * x + m[4]! * y + m[5]!) / d;
      if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number) => src.data[(yy * w + xx) * 3 + c]!;
        const top = p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx;
        const bottom = p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx;
        out[(y * w + x) * 3 + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { data: out, width: w, height: h };
}

/** A phone screenshot of a social app: status bar, header, the photo, buttons and a caption. */
async function screenshotFrame(photo: Buffer): Promise<Buffer> {
  const W = 1080;
  const H = 1920;
  const inner = await sharp(photo).resize(W, null).png().toBuffer();
  const innerH = (await sharp(inner).metadata()).height!;
  const top = 330;
  const chrome = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="100%" height="90" fill="#000"/>
    <text x="40" y="62" font-family="sans-serif" font-size="40" fill="#fff">9:41</text>
    <circle cx="90" cy="210" r="60" fill="#d62976"/>
    <text x="180" y="225" font-family="sans-serif" font-size="44" fill="#111">maison.fan.account</text>
    ${[0, 1, 2, 3].map((i) => `<circle cx="${80 + i * 110}" cy="${top + innerH + 80}" r="34" fill="none" stroke="#111" stroke-width="6"/>`).join('')}
    <text x="40" y="${top + innerH + 190}" font-family="sans-serif" font-size="38" fill="#111">Look what the boutique sent me!! #gift #luxury</text>
  </svg>`;
  return sharp(Buffer.from(chrome))
    .composite([{ input: inner, left: 0, top }])
    .png()
    .toBuffer();
}

/** The JPEG of an image at `quality`, with 4:2:0 chroma as phones and apps write it. */
const jpeg = (image: Sharp, quality: number) =>
  image.jpeg({ quality, chromaSubsampling: '4:2:0', mozjpeg: false }).toBuffer();

/**
 * Builds `perKind` images of every kind of damage from `urls` (card URLs; one card per image,
 * two for `two-cards`), deterministically from `seed`.
 */
export async function buildCorpus(
  urls: string[],
  perKind: number,
  seed = 20261123,
): Promise<CorpusImage[]> {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const arts: Awaited<ReturnType<typeof cardArt>>[] = [];
  for (const url of urls) arts.push(await cardArt(url));
  const art = (i: number) => arts[i % arts.length]!;
  const images: CorpusImage[] = [];
  const add = (image: Omit<CorpusImage, 'format'> & { format?: 'jpeg' | 'png' }) =>
    images.push({ format: 'jpeg', ...image });

  for (let i = 0; i < perKind; i++) {
    const a = art(i);
    const expected = [a.text];
    // Pixels per module after downscaling, and the width that gives it.
    const widthFor = (ppm: number) => Math.round((CARD_W * ppm) / ART_SCALE);

    add({ damage: 'clean', detail: 'PNG as rendered', bytes: a.png, format: 'png', expected });

    const q = Math.round(between(25, 60));
    add({ damage: 'jpeg', detail: `q${q}`, bytes: await jpeg(sharp(a.png), q), expected });

    const ppm = between(2, 3);
    add({
      damage: 'downscale',
      detail: `${ppm.toFixed(2)} px/module`,
      bytes: await sharp(a.png).resize(widthFor(ppm)).png().toBuffer(),
      format: 'png',
      expected,
    });

    const angle = Math.round(between(0, 360));
    add({
      damage: 'rotate',
      detail: `${angle}°`,
      bytes: await jpeg(sharp(a.png).rotate(angle, { background: '#808080' }), 85),
      expected,
    });

    const tilt = Math.round(between(-35, 35));
    add({
      damage: 'perspective',
      detail: `${tilt}°`,
      bytes: await jpeg(fromRaw(perspective(await toRaw(a.png), tilt)), 85),
      expected,
    });

    const sigma = between(0.6, 1.2);
    add({
      damage: 'blur',
      detail: `σ ${sigma.toFixed(2)} at 3 px/module`,
      // Blur is measured on a card photographed small, as in a screenshot: 3 px a module.
      bytes: await jpeg(sharp(a.png).resize(widthFor(3)).blur(sigma), 85),
      expected,
    });

    const shotQ = Math.round(between(40, 70));
    add({
      damage: 'screenshot',
      detail: `app chrome, q${shotQ}`,
      bytes: await jpeg(sharp(await screenshotFrame(a.png)).resize(720), shotQ),
      expected,
    });

    const b = art(i + 1);
    const pair = await sharp({
      create: { width: CARD_W * 2 + 60, height: CARD_H + 40, channels: 3, background: '#6b5b4b' },
    })
      .composite([
        { input: a.png, left: 20, top: 20 },
        { input: b.png, left: CARD_W + 40, top: 20 },
      ])
      .png()
      .toBuffer();
    add({
      damage: 'two-cards',
      detail: 'side by side, q80',
      bytes: await jpeg(sharp(pair), 80),
      expected: [a.text, b.text],
    });

    // A screenshot of a video, resized and recompressed by three apps, ending near the
    // smallest size the issue names.
    const mixAngle = Math.round(between(-25, 25));
    const mixPpm = between(2.4, 3);
    const tilted = perspective(await toRaw(a.png), Math.round(between(-20, 20)));
    let mixed = await jpeg(fromRaw(tilted).rotate(mixAngle, { background: '#808080' }), 70);
    for (const [step, quality] of [55, 45, 40].entries()) {
      const width = Math.round(widthFor(mixPpm) * (1.3 - step * 0.15));
      mixed = await jpeg(sharp(mixed).resize(width).blur(0.5), quality);
    }
    add({
      damage: 'everything',
      detail: `tilt, ${mixAngle}°, ~${mixPpm.toFixed(1)} px/module, blur, JPEG ×3`,
      bytes: mixed,
      expected,
    });
  }
  return images;
}
