// The card corpus: freshly signed codes on rendered handwritten cards (script fonts with
// per-glyph jitter, ink colours, card stocks, a signature across the code's edge), photographed
// the ways a card is shown later, and the copies a forger could make. Seeded: reproducible.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type Font } from 'opentype.js';
import sharp, { type OverlayOptions } from 'sharp';
import { fitHomography, mapPoint } from '../src/core/card-match/homography.js';
import { renderQr } from '../src/node/render-qr.js';
import { signedCardUrls } from './corpus.js';
import { seededRandom } from './seeded-random.js';

export { seededRandom };

/** Card URLs with real CT1 tokens, as minting writes them. */
export const mintedUrls = signedCardUrls;

/** The handwriting fonts (SIL Open Font License, from @fontsource). */
export const FONTS = ['caveat', 'dancing-script', 'homemade-apple', 'indie-flower'] as const;
export type FontName = (typeof FONTS)[number];

const fonts = new Map<FontName, Font>();
function fontOf(name: FontName): Font {
  let font = fonts.get(name);
  if (!font) {
    const path = createRequire(import.meta.url).resolve(
      `@fontsource/${name}/files/${name}-latin-400-normal.woff`,
    );
    const bytes = readFileSync(path);
    font = opentype.parse(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    fonts.set(name, font);
  }
  return font;
}

const PHRASES = [
  'Dear Camille, thank you for your visit',
  'With our warmest wishes for the season',
  'For Hélène, a little something to remember',
  'Happy birthday Marc, from all of us',
  'Thank you for trusting our house again',
  'To Sophie, with love from rue Cambon',
  'Congratulations on the new home, Paul',
  'We hope this brings you as much joy',
  'A token of our gratitude, dear Anna',
  'Merry Christmas and a wonderful year',
  'For your wedding, all our best wishes',
  'Dear Mr Tanaka, it was an honour',
  'See you very soon in the boutique',
  'Made for you, with care and patience',
  'Joyeux anniversaire chère Louise',
  'Every stitch was chosen for you',
  'Thank you for a lovely afternoon',
  'With gratitude, the whole team',
  'To many more adventures together',
  'Dear Olivia, welcome to the family',
];
const NAMES = ['A. Moreau', 'Julie D.', 'K. Sato', 'Léa M.', 'R. Costa', 'Nina P.'];

/** A hand: how far each glyph strays from the font (position px, rotation °, scale, stroke px). */
export interface Hand {
  font: FontName;
  size: number;
  position: number;
  rotation: number;
  scale: number;
  stroke: number;
}

/** One glyph as written: where, turned, scaled, by which hand. */
interface Written {
  char: string;
  x: number;
  y: number;
  rotate: number;
  scale: number;
}

/** A written card, before it is rendered: everything a copy keeps or changes. */
export interface CardSpec {
  url: string;
  lines: string[];
  name: string;
  hand: Hand;
  glyphs: Written[];
  /** The signature's flourish across the code's edge, as points of a smooth path. */
  flourish: [number, number][];
  ink: string;
  stock: 'cream' | 'white' | 'textured';
  stockSeed: number;
}

export const CARD_W = 900;
export const CARD_H = 600;
/** Pixels per QR module on the card. */
const QR_SCALE = 5;
const INKS = ['#1f2a5a', '#1b1b1b', '#23408e', '#4a2e1c'];
const STOCKS = { cream: '#f4efe4', white: '#fbfbf8', textured: '#efe8da' } as const;

/** Where the code and its quiet zone sit on the card: the lower right, 36 px in. */
export async function codePlace(url: string) {
  const qr = await renderQr(url, { scale: QR_SCALE });
  const size = (await sharp(qr.png).metadata()).width!;
  const left = CARD_W - size - 36;
  const top = CARD_H - size - 36;
  const quiet = 4 * QR_SCALE;
  return {
    qr,
    size,
    left,
    top,
    quiet,
    code: { x: left + quiet, y: top + quiet, side: size - 2 * quiet },
  };
}

/** Lays out `lines` in `hand`: glyph by glyph, each strayed by the hand's jitter. */
function writeLines(
  lines: string[],
  name: string,
  hand: Hand,
  random: () => number,
  qrLeft: number,
  qrTop: number,
): Written[] {
  const font = fontOf(hand.font);
  const gauss = () => (random() + random() + random() - 1.5) * 1.41;
  const out: Written[] = [];
  const lineGap = hand.size * 1.35;
  let y = 70 + hand.size;
  const write = (text: string, x0: number, right: number, yy: number) => {
    let x = x0;
    let wander = 0;
    for (const char of text) {
      const advance = ((font.charToGlyph(char).advanceWidth ?? 500) / font.unitsPerEm) * hand.size;
      if (x + advance > right) break;
      wander += gauss() * hand.position * 0.3;
      out.push({
        char,
        x: x + gauss() * hand.position,
        y: yy + wander + gauss() * hand.position,
        rotate: gauss() * hand.rotation,
        scale: 1 + gauss() * hand.scale,
      });
      x += advance * (1 + gauss() * hand.scale * 0.5);
    }
  };
  for (const line of lines) {
    const right = y > qrTop - 10 ? qrLeft - 24 : CARD_W - 50;
    write(line, 50 + random() * 20, right, y);
    y += lineGap;
    if (y > CARD_H - 40) break;
  }
  // The associate's name, left of the code, before the flourish.
  write(name, Math.max(50, qrLeft - 330), qrLeft - 60, Math.min(CARD_H - 60, qrTop + 150));
  return out;
}

/** A new card: words, a hand, an ink and a stock drawn from `random`. */
export async function newCard(
  url: string,
  random: () => number,
  words?: string[],
): Promise<CardSpec> {
  const place = await codePlace(url);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const font = pick(FONTS);
  const hand: Hand = {
    font,
    size: font === 'homemade-apple' ? 30 : 40 + random() * 6,
    position: 1.5 + random(),
    rotation: 3 + random() * 2,
    scale: 0.04 + random() * 0.03,
    stroke: 0.6 + random() * 0.8,
  };
  const lines = words ?? [pick(PHRASES), pick(PHRASES), pick(PHRASES), pick(PHRASES)];
  const name = pick(NAMES);
  return {
    url,
    lines,
    name,
    hand,
    glyphs: writeLines(lines, name, hand, random, place.left, place.top),
    flourish: flourishFor(place, random),
    ink: pick(INKS),
    stock: pick(['cream', 'white', 'textured'] as const),
    stockSeed: Math.floor(random() * 1e9),
  };
}

/** The signature's flourish: from the card, over the quiet zone, into the code's edge. */
function flourishFor(place: Awaited<ReturnType<typeof codePlace>>, random: () => number) {
  const { code } = place;
  const y = code.y + code.side * (0.35 + random() * 0.3);
  const points: [number, number][] = [];
  const start = code.x - 150 - random() * 40;
  const end = code.x + code.side * (0.08 + random() * 0.06);
  for (let i = 0; i <= 8; i++) {
    const t = i / 8;
    points.push([
      start + (end - start) * t,
      y - Math.sin(t * Math.PI * (1.2 + random() * 0.3)) * (16 + random() * 8) + t * 20,
    ]);
  }
  return points;
}

/** The same card's words written again by `hand`: another hand, or a careful trace (`trace`). */
export function rewrite(
  card: CardSpec,
  random: () => number,
  how: 'hand' | 'trace',
): Promise<CardSpec> | CardSpec {
  if (how === 'hand') {
    return (async () => {
      const other = await newCard(card.url, random, card.lines);
      return { ...other, name: card.name, ink: card.ink, stock: card.stock };
    })();
  }
  // A trace follows every glyph, a little off: the tracer's own small tremor.
  const gauss = () => (random() + random() + random() - 1.5) * 1.41;
  const p = 2 + random() * 1.5;
  return {
    ...card,
    hand: { ...card.hand, stroke: card.hand.stroke * (0.8 + random() * 0.4) },
    glyphs: card.glyphs.map((g) => ({
      ...g,
      x: g.x + gauss() * p,
      y: g.y + gauss() * p,
      rotate: g.rotate + gauss() * 2,
      scale: g.scale * (1 + gauss() * 0.03),
    })),
    flourish: card.flourish.map(([x, y]) => [x + gauss() * p, y + gauss() * p * 1.5]),
    stockSeed: card.stockSeed + 1,
  };
}

/**
 * A glyph's outline as SVG path data, y down, from its TrueType points: opentype.js's own
 * path drops parts of some of these fonts' glyphs, the points are right.
 */
function glyphPath(font: Font, char: string, size: number): string {
  const glyph = font.charToGlyph(char);
  glyph.getPath(0, 0, size); // loads the points
  const points = glyph.points ?? [];
  const k = size / font.unitsPerEm;
  const at = (p: { x: number; y: number }) => `${(p.x * k).toFixed(1)} ${(-p.y * k).toFixed(1)}`;
  type P = { x: number; y: number; onCurve: boolean };
  let d = '';
  let start = 0;
  for (let i = 0; i < points.length; i++) {
    if (!points[i]!.lastPointOfContour) continue;
    const contour: P[] = points.slice(start, i + 1);
    start = i + 1;
    if (contour.length < 2) continue;
    const first = contour.findIndex((p) => p.onCurve);
    const pts: P[] =
      first < 0
        ? [
            {
              x: (contour[0]!.x + contour[1]!.x) / 2,
              y: (contour[0]!.y + contour[1]!.y) / 2,
              onCurve: true,
            },
            ...contour.slice(1),
            contour[0]!,
          ]
        : [...contour.slice(first), ...contour.slice(0, first)];
    d += `M${at(pts[0]!)}`;
    for (let j = 1; j <= pts.length; j++) {
      const p = pts[j % pts.length]!;
      if (p.onCurve) {
        d += `L${at(p)}`;
        continue;
      }
      const q = pts[(j + 1) % pts.length]!;
      const end = q.onCurve ? q : { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
      d += `Q${at(p)} ${at(end)}`;
      if (q.onCurve) j++;
    }
    d += 'Z';
  }
  return d;
}

/** A smooth path through points (Catmull-Rom as cubic Béziers). */
function smoothPath(points: [number, number][]): string {
  let d = `M${points[0]![0].toFixed(1)} ${points[0]![1].toFixed(1)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(0, i - 1)]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[Math.min(points.length - 1, i + 2)]!;
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += ` C${c1[0]!.toFixed(1)} ${c1[1]!.toFixed(1)} ${c2[0]!.toFixed(1)} ${c2[1]!.toFixed(1)} ${p2[0].toFixed(1)} ${p2[1].toFixed(1)}`;
  }
  return d;
}

/** The card as an RGB PNG: stock, printed house mark, the code, then the ink over it. */
export async function renderCard(card: CardSpec): Promise<Buffer> {
  const place = await codePlace(card.url);
  const font = fontOf(card.hand.font);
  const glyphs = card.glyphs
    .map((g) => {
      const d = glyphPath(font, g.char, card.hand.size);
      return d
        ? `<path transform="translate(${g.x.toFixed(1)} ${g.y.toFixed(1)}) rotate(${g.rotate.toFixed(2)}) scale(${g.scale.toFixed(3)})" d="${d}"/>`
        : '';
    })
    .join('');
  const base = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <rect width="100%" height="100%" fill="${STOCKS[card.stock]}"/>
    <rect x="14" y="14" width="${CARD_W - 28}" height="${CARD_H - 28}" fill="none" stroke="#b08d57" stroke-width="3"/>
    <text x="${CARD_W - 50}" y="52" text-anchor="end" font-family="serif" font-size="22" letter-spacing="4" fill="#8a6d3b">MAISON DEMO</text>
  </svg>`;
  const ink = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_W}" height="${CARD_H}">
    <g fill="${card.ink}" stroke="${card.ink}" stroke-width="${card.hand.stroke.toFixed(2)}" stroke-linejoin="round">${glyphs}</g>
    <path d="${smoothPath(card.flourish)}" fill="none" stroke="${card.ink}" stroke-width="${(2.2 + card.hand.stroke).toFixed(2)}" stroke-linecap="round"/>
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (card.stock === 'textured') {
    const grain = await sharp({
      create: {
        width: CARD_W,
        height: CARD_H,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .blur(1.2)
      .png()
      .toBuffer();
    layers.push({ input: grain, blend: 'soft-light' });
  }
  layers.push({ input: place.qr.png, left: place.left, top: place.top });
  layers.push({ input: Buffer.from(ink) });
  const flat = await sharp(Buffer.from(base)).composite(layers).removeAlpha().png().toBuffer();
  return flat;
}

/** The code and `margin` px around its quiet zone cut out of `from` and pasted onto `onto`. */
export async function pasteCode(from: Buffer, onto: Buffer, url: string, margin: number) {
  const place = await codePlace(url);
  const left = Math.max(0, Math.round(place.left - margin));
  const top = Math.max(0, Math.round(place.top - margin));
  const width = Math.min(CARD_W - left, Math.round(place.size + 2 * margin));
  const height = Math.min(CARD_H - top, Math.round(place.size + 2 * margin));
  const piece = await sharp(from).extract({ left, top, width, height }).png().toBuffer();
  return sharp(onto)
    .composite([{ input: piece, left, top }])
    .png()
    .toBuffer();
}

/** How a photo is taken: every field a kind of damage. */
export interface Shot {
  /** Turn about the vertical and horizontal axes, and in the picture's plane, in degrees. */
  yaw: number;
  pitch: number;
  roll: number;
  /** The card's width in the photo, in pixels. */
  cardWidth: number;
  /** Light falling off across the card: 0 even, 0.6 the dark side at 40 %. */
  light: number;
  blur: number;
  quality: number;
  /** The share of the card the photo shows (the part with the code), 1 all of it. */
  show: number;
  table: string;
  /** A screenshot of a social post: framed, captioned, downscaled, recompressed twice. */
  screenshot: boolean;
  /** Washed out (overexposed, under a bright lamp): 0.75 leaves a quarter of the contrast. */
  washOut?: number;
}

export const PLAIN_SHOT: Shot = {
  yaw: 0,
  pitch: 0,
  roll: 0,
  cardWidth: 1000,
  light: 0,
  blur: 0,
  quality: 92,
  show: 1,
  table: '#6b5b4b',
  screenshot: false,
};

/** A photo of a card image as a phone takes it: perspective, light, blur, crop, JPEG. */
export async function photograph(card: Buffer, shot: Shot, random: () => number): Promise<Buffer> {
  const [src, w, h] = [card, CARD_W, CARD_H];
  const { data } = await sharp(src).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // A pinhole camera at distance 1.6 card widths, the card turned by yaw, pitch and roll.
  const rad = Math.PI / 180;
  const [a, b, c] = [shot.yaw * rad, shot.pitch * rad, shot.roll * rad];
  const f = 1.6 * CARD_W;
  const project = (x: number, y: number): [number, number] => {
    let X = x - w / 2;
    let Y = y - h / 2;
    let Z = 0;
    [X, Y] = [X * Math.cos(c) - Y * Math.sin(c), X * Math.sin(c) + Y * Math.cos(c)];
    [X, Z] = [X * Math.cos(a) + Z * Math.sin(a), -X * Math.sin(a) + Z * Math.cos(a)];
    [Y, Z] = [Y * Math.cos(b) - Z * Math.sin(b), Y * Math.sin(b) + Z * Math.cos(b)];
    return [(f * X) / (f + Z), (f * Y) / (f + Z)];
  };
  const corners: [number, number][] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const projected = corners.map(([x, y]) => project(x, y));
  const xs = projected.map((p) => p[0]);
  const ys = projected.map((p) => p[1]);
  const k = (shot.cardWidth * (w / CARD_W)) / (Math.max(...xs) - Math.min(...xs));
  const pad = 0.08 * shot.cardWidth;
  const outW = Math.round((Math.max(...xs) - Math.min(...xs)) * k + 2 * pad);
  const outH = Math.round((Math.max(...ys) - Math.min(...ys)) * k + 2 * pad);
  const placed = projected.map(
    ([x, y]) =>
      [(x - Math.min(...xs)) * k + pad, (y - Math.min(...ys)) * k + pad] as [number, number],
  );
  const inverse = fitHomography(placed, corners)!;
  const table = [1, 3, 5].map((i) => parseInt(shot.table.slice(i, i + 2), 16));
  const out = Buffer.alloc(outW * outH * 3);
  const dir = random() * Math.PI * 2;
  const [lx, ly] = [Math.cos(dir), Math.sin(dir)];
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = mapPoint(inverse, x + 0.5, y + 0.5);
      const o = (y * outW + x) * 3;
      // Light across the whole picture, darker on one side.
      const t = ((x / outW - 0.5) * lx + (y / outH - 0.5) * ly) * 1.4 + 0.5;
      const light = 1 - shot.light * Math.min(1, Math.max(0, t));
      if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) {
        for (let ch = 0; ch < 3; ch++) out[o + ch] = table[ch]! * light;
        continue;
      }
      const x0 = Math.min(w - 2, Math.floor(sx));
      const y0 = Math.min(h - 2, Math.floor(sy));
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const p = (yy: number, xx: number) => data[(yy * w + xx) * 3 + ch]!;
        const top = p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx;
        const bottom = p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx;
        out[o + ch] = (top * (1 - fy) + bottom * fy) * light;
      }
    }
  let image = sharp(out, { raw: { width: outW, height: outH, channels: 3 } });
  if (shot.show < 1) {
    // Framed on the part of the card with the code (its lower right), `show` of its area.
    const fw = Math.min(1, Math.sqrt(shot.show) * (0.9 + random() * 0.2));
    const fh = Math.min(1, shot.show / fw);
    const [x1, y1] = [pad + (outW - 2 * pad), pad + (outH - 2 * pad)];
    const width = Math.round((outW - 2 * pad) * fw);
    const height = Math.round((outH - 2 * pad) * fh);
    image = sharp(
      await image
        .extract({ left: Math.round(x1 - width), top: Math.round(y1 - height), width, height })
        .png()
        .toBuffer(),
    );
  }
  if (shot.blur > 0.3) image = image.blur(shot.blur);
  const wash = shot.washOut ?? 0;
  if (wash > 0) image = sharp(await image.png().toBuffer()).linear(1 - wash, 255 * wash);
  let bytes: Buffer = await image
    .jpeg({ quality: shot.quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
  if (shot.screenshot) bytes = await screenshotOf(bytes, random);
  return bytes;
}

/** A phone screenshot of a social post of the photo, saved twice by apps on the way. */
async function screenshotOf(photo: Buffer, random: () => number): Promise<Buffer> {
  const W = 1080;
  const inner = await sharp(photo).resize(W, null).png().toBuffer();
  const innerH = (await sharp(inner).metadata()).height!;
  const top = 260;
  const H = top + innerH + 300;
  const chrome = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="100%" height="80" fill="#000"/>
    <text x="40" y="56" font-family="sans-serif" font-size="36" fill="#fff">9:41</text>
    <circle cx="90" cy="170" r="50" fill="#d62976"/>
    <text x="170" y="185" font-family="sans-serif" font-size="40" fill="#111">maison.fan.account</text>
    <text x="40" y="${top + innerH + 120}" font-family="sans-serif" font-size="36" fill="#111">Look what the boutique wrote me!! #gift</text>
  </svg>`;
  const shot = await sharp(Buffer.from(chrome))
    .composite([{ input: inner, left: 0, top }])
    .png()
    .toBuffer();
  const first = await sharp(shot)
    .resize(Math.round(720 + random() * 180))
    .jpeg({ quality: Math.round(55 + random() * 20) })
    .toBuffer();
  return sharp(first)
    .resize(Math.round(640 + random() * 80))
    .jpeg({ quality: Math.round(45 + random() * 20) })
    .toBuffer();
}

/** The kinds of photo of the same card, one row each in the bench. */
export const PHOTO_KINDS = [
  'perspective',
  'blur',
  'jpeg',
  'light',
  'crop',
  'screenshot',
  'washed out',
  'mixed',
] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** A shot of `kind`, its severity drawn from `random`, and its description. */
export function shotOf(kind: PhotoKind, random: () => number): { shot: Shot; detail: string } {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const sign = () => (random() < 0.5 ? -1 : 1);
  const tables = ['#6b5b4b', '#8a8a8a', '#3a3a3a', '#a08060', '#d0d0cc'];
  const base: Shot = {
    ...PLAIN_SHOT,
    yaw: between(-8, 8),
    pitch: between(-8, 8),
    roll: between(-10, 10),
    cardWidth: Math.round(between(900, 1400)),
    light: between(0, 0.15),
    quality: Math.round(between(80, 92)),
    table: tables[Math.floor(random() * tables.length)]!,
  };
  switch (kind) {
    case 'perspective': {
      const tilt = between(25, 45);
      const yaw = random() < 0.6;
      const shot = {
        ...base,
        yaw: yaw ? tilt * sign() : base.yaw,
        pitch: yaw ? base.pitch : tilt * sign(),
      };
      return { shot, detail: `${Math.round(tilt)}° ${yaw ? 'yaw' : 'pitch'}` };
    }
    case 'blur': {
      const blur = between(1, 2.5);
      return { shot: { ...base, blur }, detail: `σ ${blur.toFixed(1)} px` };
    }
    case 'jpeg': {
      const quality = Math.round(between(30, 45));
      return {
        shot: { ...base, quality, cardWidth: Math.round(between(700, 1000)) },
        detail: `q${quality}`,
      };
    }
    case 'light': {
      const light = between(0.4, 0.65);
      return {
        shot: { ...base, light },
        detail: `dark side at ${Math.round((1 - light) * 100)} %`,
      };
    }
    case 'crop':
      return { shot: { ...base, show: 0.6 }, detail: '60 % of the card' };
    case 'screenshot':
      return { shot: { ...base, screenshot: true }, detail: 'social post, recompressed twice' };
    case 'washed out': {
      const washOut = between(0.65, 0.8);
      return {
        shot: { ...base, washOut },
        detail: `${Math.round((1 - washOut) * 100)} % of the contrast left`,
      };
    }
    case 'mixed': {
      const shot = {
        ...base,
        yaw: between(10, 30) * sign(),
        pitch: between(5, 20) * sign(),
        blur: between(0.5, 1.5),
        light: between(0.2, 0.45),
        quality: Math.round(between(40, 70)),
      };
      return { shot, detail: `tilt, blur ${shot.blur.toFixed(1)}, light, q${shot.quality}` };
    }
  }
}

/** The reference photo the boutique takes: the card flat-ish, well lit, a good JPEG. */
export function referenceShot(random: () => number): Shot {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  return {
    ...PLAIN_SHOT,
    yaw: between(-6, 6),
    pitch: between(-6, 6),
    roll: between(-4, 4),
    cardWidth: Math.round(between(1100, 1500)),
    light: between(0, 0.1),
    quality: 90,
  };
}
