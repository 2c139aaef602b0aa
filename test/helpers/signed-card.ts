// A written card as the print layout asks for it: card stock, a few lines of "handwriting" (script
// text with per-glyph jitter, drawn from a seed), the card's real QR code in the lower right, and
// the associate's signature running from the card across the code's edge. Another seed writes
// another card: other jitter, another signature.
import sharp from 'sharp';
import { renderQr } from '../../src/node/render-qr.js';

const WIDTH = 1200;
const HEIGHT = 800;
/** The code with its quiet zone, in pixels on the card, and where it sits. */
const QR_SIDE = 340;
const QR_LEFT = WIDTH - QR_SIDE - 50;
const QR_TOP = HEIGHT - QR_SIDE - 50;

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

/**
 * The card as JPEG (as a boutique's phone saves it): `words` in a hand drawn from `seed`, signed
 * across the code's edge.
 */
export async function renderSignedCard(url: string, words: string[], seed: number) {
  const rnd = random(seed);
  let glyphs = '';
  words.forEach((line, row) => {
    let x = 70 + rnd() * 20;
    const right = 160 + row * 110 > QR_TOP - 20 ? QR_LEFT - 40 : WIDTH - 80;
    for (const ch of line) {
      if (x > right) break;
      const y = 150 + row * 110 + (rnd() - 0.5) * 10;
      const rotate = (rnd() - 0.5) * 14;
      glyphs += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" transform="rotate(${rotate.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})" font-family="URW Chancery L, Z003, DejaVu Serif" font-style="italic" font-size="${(58 + rnd() * 8).toFixed(1)}" fill="#1b2a6b">${escape(ch)}</text>`;
      x += 27 + rnd() * 11;
    }
  });
  // The signature: from the card, over the quiet zone, into the code's edge a little way.
  const quiet = (QR_SIDE * 4) / 41; // a version-6 code's quiet zone, near enough for any version
  const codeX = QR_LEFT + quiet;
  const y0 = QR_TOP + QR_SIDE * (0.4 + rnd() * 0.2);
  const start = codeX - 260 - rnd() * 40;
  const end = codeX + 18 + rnd() * 10;
  let path = `M ${start.toFixed(1)} ${y0.toFixed(1)}`;
  for (let i = 1; i <= 10; i++) {
    const t = i / 10;
    const x = start + (end - start) * t;
    const y = y0 - Math.sin(t * Math.PI * (1.5 + rnd())) * (22 + rnd() * 14) + t * 18;
    path += ` L ${x.toFixed(1)} ${y.toFixed(1)}`;
  }
  const ink = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    ${glyphs}
    <path d="${path}" stroke="#1b2a6b" stroke-width="6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
  </svg>`;
  const qr = await sharp((await renderQr(url, { scale: 8 })).png)
    .resize(QR_SIDE, QR_SIDE, { kernel: 'nearest' })
    .toBuffer();
  return sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#f4ecd8' } })
    .composite([
      { input: qr, left: QR_LEFT, top: QR_TOP },
      { input: Buffer.from(ink), left: 0, top: 0 },
    ])
    .jpeg({ quality: 92 })
    .toBuffer();
}
