// Writes the example files the README's walk-through reads that must come from a card of the
// reader's own registry: examples/card-as-issued.jpg (the written card as the boutique
// photographs it, to record as its reference), examples/screenshot.jpg (a phone screenshot of a
// post showing the card) and examples/scraped-posts/ (the photos a brand's team collects).
//
//   npm run --silent examples -- <card URL>     (from the folder where npm start runs)
//
// The brand mark (examples/logo.png) and the campaign file (examples/holiday.csv) are committed.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { renderQr } from '../src/node/render-qr.js';

const CARD = { width: 900, height: 600, background: '#f6efe0', ink: '#2b2b52' };

/** The card as written: the brand mark, a few handwritten lines, its QR code, signed across its edge. */
async function drawCard(url: string, logo: string): Promise<Buffer> {
  const qr = await sharp((await renderQr(url, { scale: 10 })).png)
    .resize(320, 320, { kernel: 'nearest' })
    .toBuffer();
  const lines = [150, 230, 310, 390]
    .map((y, i) => {
      const end = 500 - i * 60;
      return `<path d="M60 ${y} C ${end / 3} ${y - 18}, ${(2 * end) / 3} ${y + 18}, ${end} ${y}" stroke="${CARD.ink}" stroke-width="5" fill="none" stroke-linecap="round"/>`;
    })
    .join('');
  // The associate's signature, from the card across the code's left edge, as the insert asks.
  const signature = `<path d="M330 430 C 380 380, 420 470, 470 420 S 560 400, 600 445" stroke="${CARD.ink}" stroke-width="5" fill="none" stroke-linecap="round"/>`;
  const art = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}"><rect width="100%" height="100%" fill="${CARD.background}"/>${lines}</svg>`,
  );
  const ink = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}">${signature}</svg>`,
  );
  const layers: OverlayOptions[] = [{ input: qr, left: 540, top: 200 }];
  if (existsSync(logo)) {
    const mark = await sharp(logo).resize({ height: 70 }).toBuffer();
    layers.push({ input: mark, left: 60, top: 30 });
  }
  layers.push({ input: ink, left: 0, top: 0 });
  return sharp(art).composite(layers).png().toBuffer();
}

/** The card photographed on a table, a little turned, as a phone saves it. */
async function photograph(card: Buffer): Promise<Buffer> {
  const turned = await sharp(card)
    .rotate(-7, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1280, height: 960, channels: 3, background: '#6b4f3a' } })
    .composite([{ input: turned, gravity: 'center' }])
    .jpeg({ quality: 72 })
    .toBuffer();
}

/** A phone screenshot of a post showing that photo, with the app's bars around it. */
async function screenshot(photo: Buffer): Promise<Buffer> {
  const inPost = await sharp(photo).resize(1080).toBuffer();
  const chrome = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1920"><rect width="100%" height="100%" fill="#ffffff"/><rect width="1080" height="90" fill="#111111"/><circle cx="80" cy="200" r="44" fill="#c7c7cc"/><rect x="150" y="180" width="360" height="36" rx="18" fill="#c7c7cc"/><rect x="40" y="1380" width="900" height="30" rx="15" fill="#d1d1d6"/><rect x="40" y="1440" width="700" height="30" rx="15" fill="#d1d1d6"/><rect y="1800" width="1080" height="120" fill="#f2f2f7"/></svg>`,
  );
  return sharp(chrome)
    .composite([{ input: inPost, left: 0, top: 280 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function main(argv: string[]): Promise<number> {
  const url = argv[0];
  if (argv.length !== 1 || !/^https?:\/\/[^/]+\/c\/\d+$/i.test(url!)) {
    console.error('usage: npm run --silent examples -- <card URL, as cachet mint prints it>');
    return 2;
  }
  const examples = join(process.env.INIT_CWD ?? process.cwd(), 'examples');
  const posts = join(examples, 'scraped-posts');
  const card = await drawCard(url!, join(examples, 'logo.png'));
  const photo = await photograph(card);
  await rm(posts, { recursive: true, force: true });
  await mkdir(posts, { recursive: true });
  const files: [string, Buffer][] = [
    [join(examples, 'card-as-issued.jpg'), await sharp(card).jpeg({ quality: 92 }).toBuffer()],
    [join(examples, 'screenshot.jpg'), await screenshot(photo)],
    [join(posts, 'post-1.jpg'), photo],
    [join(posts, 'post-2.png'), await sharp(card).resize(450).png().toBuffer()],
  ];
  for (const [path, bytes] of files) await writeFile(path, bytes);
  console.log(`Wrote ${files.map(([path]) => path).join(', ')}: card ${url}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
