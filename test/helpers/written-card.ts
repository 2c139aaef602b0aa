// A written card as a phone would photograph it: card stock, a few lines of "handwriting" (script
// text with per-glyph jitter and ink strokes drawn from a seed) and the card's real QR code, as
// JPEG, PNG or WebP, with camera EXIF (GPS too) when asked.
import sharp, { type OverlayOptions } from 'sharp';
import { renderQr } from '../../src/node/render-qr.js';

export interface WrittenCard {
  /** The URL the code holds (a card URL), or null for a card with no code in the frame. */
  url: string | null;
  /** The words written on the card; different words make a different card. */
  words?: string[];
  /** Jitter and strokes of the hand; the same seed writes the same card. */
  seed?: number;
  format?: 'jpeg' | 'png' | 'webp';
  /** Camera EXIF with a GPS position, as a phone writes it. */
  exif?: boolean;
}

const WIDTH = 1200;
const HEIGHT = 800;

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 10_000) / 10_000;
  };
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The card as image bytes. */
export async function renderWrittenCard(card: WrittenCard): Promise<Buffer> {
  const rnd = random(card.seed ?? 7);
  const words = card.words ?? ['Dear Camille,', 'with love', 'from Paris', 'A.'];
  let glyphs = '';
  words.forEach((line, row) => {
    let x = 80;
    for (const ch of line) {
      const y = 170 + row * 130 + (rnd() - 0.5) * 10;
      const rotate = (rnd() - 0.5) * 14;
      glyphs += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" transform="rotate(${rotate.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})" font-family="URW Chancery L, Z003, DejaVu Serif" font-style="italic" font-size="${(64 + rnd() * 8).toFixed(1)}" fill="#1b2a6b">${escape(ch)}</text>`;
      x += 30 + rnd() * 12;
    }
  });
  // A signature across the code's edge, as the print layout asks: from the card beside the code
  // (which sits at x 800 to 1140, y 60 to 400) over its left edge, a little way into its quiet
  // zone, clear of its modules.
  const start = { x: 560 + rnd() * 30, y: 300 + rnd() * 40 };
  const end = { x: 812 + rnd() * 6, y: 330 + rnd() * 30 };
  let path = `M ${start.x.toFixed(1)} ${start.y.toFixed(1)}`;
  for (let i = 1; i <= 6; i++) {
    const t = i / 6;
    const x = start.x + (end.x - start.x) * t;
    const y = start.y + (end.y - start.y) * t + (i < 6 ? (rnd() - 0.5) * 70 : 0);
    path += ` Q ${(x - 20).toFixed(1)} ${(y - 30 + rnd() * 60).toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)}`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <rect width="100%" height="100%" fill="#f4ecd8"/>
    ${glyphs}
    <path d="${path}" stroke="#1b2a6b" stroke-width="5" fill="none" stroke-linecap="round"/>
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (card.url) {
    const qr = await sharp((await renderQr(card.url, { scale: 8 })).png)
      .resize(340, 340, { kernel: 'nearest' })
      .toBuffer();
    layers.push({ input: qr, left: WIDTH - 400, top: 60 });
  }
  let image = sharp(Buffer.from(svg)).composite(layers).flatten({ background: '#f4ecd8' });
  if (card.exif) {
    image = image.withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Snap 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2412/100' },
    });
  }
  const format = card.format ?? 'jpeg';
  if (format === 'png') return image.png().toBuffer();
  if (format === 'webp') return image.webp({ quality: 92 }).toBuffer();
  return image.jpeg({ quality: 92 }).toBuffer();
}
