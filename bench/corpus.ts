// The robustness corpus: card art carrying real QR codes, then the damage a viral photo goes
// through (recompression, downscaling, rotation, perspective, blur, app chrome, two cards in one
// picture). Deterministic: the same seed gives the same images, so runs compare.
import sharp, { type Sharp } from 'sharp';
import { seededRandom } from './seeded-random.js';
import { renderQr } from '../src/node/render-qr.js';
import {
  cardUrl,
  formatToken,
  generateKeyPair,
  importKeyring,
  importSigner,
  randomSerial,
  signCard,
} from '../src/core/index.js';

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

const CARD_W = 900;
const CARD_H = 600;
/** Pixels per QR module on the clean card art. */
const ART_SCALE = 6;

/** A handwritten-looking card with the QR code in its lower right corner. */
async function cardArt(url: string): Promise<{
  png: Buffer;
  text: string;
  modules: number;
  qr: { x: number; y: number; size: number };
}> {
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
  const where = { x: CARD_W - size - 40, y: CARD_H - size - 40, size };
  return { png, text: qr.text, modules: size / ART_SCALE, qr: where };
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

    // A screenshot of a video, resized and recompressed by three apps, ending at 2.4 to 3 px a
    // module, near the smallest size the downscale row reads (2 px a module).
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

/**
 * The photos Cachet could not read before: each kind one row of `npm run bench:decode -- --hard`.
 * Module sizes are in pixels of the final image; the QR code has 41 or 45 modules and its quiet
 * zone.
 */
export const HARD_DAMAGE = [
  'tiny',
  'motion',
  'defocus',
  'moire',
  'glare',
  'blocky',
  'steep',
] as const;
export type HardDamage = (typeof HARD_DAMAGE)[number];

export interface HardImage extends Omit<CorpusImage, 'damage'> {
  damage: HardDamage;
}

/** A convolution kernel that sums to 1. */
function kernelOf(size: number, weight: (x: number, y: number) => number) {
  const kernel: number[] = [];
  const half = (size - 1) / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) kernel.push(weight(x - half, y - half));
  const sum = kernel.reduce((a, b) => a + b, 0);
  return { width: size, height: size, kernel: kernel.map((k) => k / sum) };
}

/** A straight smear of `length` pixels at `angle` radians: the camera moved while exposing. */
function motionKernel(length: number, angle: number) {
  const size = 2 * Math.ceil(length / 2) + 1;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  return kernelOf(size, (x, y) => {
    // Distance from the line through the centre, and how far along it.
    const across = Math.abs(x * dy - y * dx);
    const along = Math.abs(x * dx + y * dy);
    return Math.max(0, 1 - across) * (along <= length / 2 ? 1 : 0);
  });
}

/** A disc of `radius` pixels: the lens focused in front of or behind the card. */
function defocusKernel(radius: number) {
  const size = 2 * Math.ceil(radius) + 1;
  return kernelOf(size, (x, y) => Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x, y))));
}

/**
 * The card shown on a phone's screen and photographed by another phone: each pixel lit as red,
 * green and blue stripes with dark gaps between rows, turned a little, and sampled by the
 * camera at a pitch unrelated to the screen's, which aliases into moiré.
 */
function screenPhoto(src: Raw, angle: number, pitch: number): Raw {
  const sub = 3; // each screen pixel is 3 × 3 camera-scale cells: R, G, B columns, a dark last row
  const w = src.width * sub;
  const h = src.height * sub;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const outW = Math.floor(w / pitch);
  const outH = Math.floor(h / pitch);
  const out = Buffer.alloc(outW * outH * 3, 20);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      // The camera pixel's centre on the screen, turned about the screen's centre.
      const cx = (ox + 0.5) * pitch - w / 2;
      const cy = (oy + 0.5) * pitch - h / 2;
      const sx = cx * cos - cy * sin + w / 2;
      const sy = cx * sin + cy * cos + h / 2;
      if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
      // A camera pixel gathers the light of its whole area (4 × 4 samples), not of a point.
      const sum = [0, 0, 0];
      for (let jy = 0; jy < 4; jy++) {
        for (let jx = 0; jx < 4; jx++) {
          const ux = sx + ((jx + 0.5) / 4 - 0.5) * pitch;
          const uy = sy + ((jy + 0.5) / 4 - 0.5) * pitch;
          if (ux < 0 || uy < 0 || ux >= w || uy >= h) continue;
          const value = src.data[(Math.floor(uy / sub) * src.width + Math.floor(ux / sub)) * 3]!;
          const lit = Math.floor(uy) % sub === sub - 1 ? 0.3 : 1;
          sum[Math.floor(ux) % sub]! += value * lit;
        }
      }
      for (let c = 0; c < 3; c++) {
        // Each stripe lit in its colour: a third of the light each, brightened by the camera.
        out[(oy * outW + ox) * 3 + c] = Math.min(255, 20 + (sum[c]! / 16) * 3 * 1.05);
      }
    }
  }
  return { data: out, width: outW, height: outH };
}

/** A light reflected on glossy card: a white ellipse at (x, y), `strength` 1 saturating its core. */
function glare(src: Raw, x: number, y: number, radius: number, strength: number): Raw {
  const out = Buffer.from(src.data);
  for (let py = 0; py < src.height; py++) {
    for (let px = 0; px < src.width; px++) {
      const d2 = ((px - x) / (radius * 1.6)) ** 2 + ((py - y) / radius) ** 2;
      if (d2 > 9) continue;
      const a = Math.min(1, strength * 1.4 * Math.exp(-d2));
      for (let c = 0; c < 3; c++) {
        const i = (py * src.width + px) * 3 + c;
        out[i] = out[i]! + (255 - out[i]!) * a;
      }
    }
  }
  return { data: out, width: src.width, height: src.height };
}

type Art = Awaited<ReturnType<typeof cardArt>>;
const widthFor = (ppm: number) => Math.round((CARD_W * ppm) / ART_SCALE);

/** Each hard kind of damage, for one card, at a given severity: its detail and image. */
export const HARD = {
  /** A code of `ppm` pixels a module. */
  tiny: async (a: Art, ppm: number) => ({
    detail: `${ppm.toFixed(2)} px/module`,
    bytes: await jpeg(sharp(a.png).resize(widthFor(ppm)), 85),
  }),
  /** A smear of `length` pixels at `degrees`, at 4 pixels a module. */
  motion: async (a: Art, length: number, degrees: number) => ({
    detail: `${length.toFixed(1)} px smear at 4 px/module, ${Math.round(degrees)}°`,
    bytes: await jpeg(
      sharp(a.png)
        .resize(widthFor(4))
        .convolve(motionKernel(length, (degrees * Math.PI) / 180)),
      85,
    ),
  }),
  /** Out of focus: a blur disc of `radius` pixels, at 4 pixels a module. */
  defocus: async (a: Art, radius: number) => ({
    detail: `disc r ${radius.toFixed(1)} px at 4 px/module`,
    bytes: await jpeg(sharp(a.png).resize(widthFor(4)).convolve(defocusKernel(radius)), 85),
  }),
  /** The card on a screen at 4 px/module, photographed at `ppm` px/module, turned `degrees`. */
  moire: async (a: Art, ppm: number, degrees: number) => {
    const screen = await toRaw(await sharp(a.png).resize(widthFor(4)).png().toBuffer());
    const photo = screenPhoto(screen, (degrees * Math.PI) / 180, 12 / ppm);
    return {
      detail: `screen photographed, ${degrees.toFixed(1)}°, ${ppm.toFixed(1)} px/module`,
      bytes: await jpeg(fromRaw(photo), 80),
    };
  },
  /** A saturating highlight of radius `share` of the code's side at (fx, fy) across it. */
  glare: async (a: Art, share: number, fx: number, fy: number) => {
    const scale = 5 / ART_SCALE; // 5 px/module
    const art = await toRaw(await sharp(a.png).resize(widthFor(5)).png().toBuffer());
    const x = (a.qr.x + a.qr.size * fx) * scale;
    const y = (a.qr.y + a.qr.size * fy) * scale;
    return {
      detail: `highlight r ${Math.round(share * 100)} % of the code`,
      bytes: await jpeg(fromRaw(glare(art, x, y, share * a.qr.size * scale, 1)), 85),
    };
  },
  /** Blocks of 8 pixels over modules of 2.5: a small code saved at JPEG `quality`. */
  blocky: async (a: Art, quality: number) => ({
    detail: `JPEG q${quality} at 2.5 px/module`,
    bytes: await jpeg(sharp(a.png).resize(widthFor(2.5)), quality),
  }),
  /** Turned `degrees` about its vertical axis on a table, with room so its near edge shows. */
  steep: async (a: Art, degrees: number) => {
    const padded = await sharp(a.png)
      .extend({ top: 150, bottom: 150, left: 300, right: 300, background: '#808080' })
      .png()
      .toBuffer();
    return {
      detail: `held at ${Math.round(Math.abs(degrees))}°`,
      bytes: await jpeg(fromRaw(perspective(await toRaw(padded), degrees)).resize(1200), 85),
    };
  },
} satisfies Record<HardDamage, (a: Art, ...severity: number[]) => Promise<unknown>>;

/** The card art of `url`: for HARD's makers. */
export const artFor = cardArt;

/**
 * Builds `perKind` images of every hard kind from `urls`, deterministically from `seed`. Along
 * each row the damage grows from what a good reader should manage to past where readers stop.
 */
export async function buildHardCorpus(
  urls: string[],
  perKind: number,
  seed = 20261130,
): Promise<HardImage[]> {
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const images: HardImage[] = [];
  for (let i = 0; i < perKind; i++) {
    const a = await cardArt(urls[i % urls.length]!);
    const t = perKind === 1 ? 0.5 : i / (perKind - 1);
    const span = (lo: number, hi: number) => lo + (hi - lo) * (0.85 * t + 0.15 * random());
    const made: [HardDamage, { detail: string; bytes: Buffer }][] = [
      ['tiny', await HARD.tiny(a, span(2.0, 0.9))],
      ['motion', await HARD.motion(a, span(3, 12), between(0, 180))],
      ['defocus', await HARD.defocus(a, span(2, 5))],
      ['moire', await HARD.moire(a, span(3.5, 1.8), between(-8, 8))],
      ['glare', await HARD.glare(a, span(0.08, 0.3), between(0.3, 0.7), between(0.3, 0.7))],
      ['blocky', await HARD.blocky(a, Math.round(span(12, 2)))],
      ['steep', await HARD.steep(a, span(50, 80) * (random() < 0.5 ? -1 : 1))],
    ];
    for (const [damage, image] of made)
      images.push({ damage, ...image, format: 'jpeg', expected: [a.text] });
  }
  return images;
}

/** A picture with no code in it, the reader's worst case: blurred noise, as a JPEG. */
export function noisePicture(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#888',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .blur(2)
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** Card URLs with real CT1 tokens, on a 15-character host (a version 6 QR code). */
export async function signedCardUrls(
  count: number,
  origin = 'https://verify.bra.co',
): Promise<string[]> {
  const pair = await generateKeyPair({ validFrom: '2020-01-01' });
  const signer = await importSigner(
    pair.privateJwk,
    await importKeyring({ keys: [pair.publicJwk] }),
  );
  const urls = [];
  for (let i = 0; i < count; i++) {
    const claims = {
      keyId: signer.key.keyId,
      serial: randomSerial(),
      issued: 9800 + i,
      boutique: 1 + (i % 3),
      associate: 100 + i,
      occasion: i % 14,
    };
    urls.push(cardUrl(origin, formatToken(await signCard(claims, signer.privateKey))));
  }
  return urls;
}
