// Print-ready inserts read back the way a print shop and a phone would: the 600-dpi PNG by an
// independent QR decoder (zxing-wasm), the PDF rasterised by Poppler (pdftoppm) and decoded
// again, page sizes and boxes read by pdfinfo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { drawingToSvg, MM_PER_INCH } from '../../src/print/drawing.js';
import {
  contactSheet,
  layoutInsert,
  MIN_MODULE_MM,
  QUIET_ZONE_MODULES,
  sheetGrid,
} from '../../src/print/insert.js';
import { drawingsToPdfNode, drawingToPng, loadMark } from '../../src/node/print-node.js';
import { qrText } from '../../src/print/qr.js';
import { tempDir } from '../helpers/fixture.js';
import { pdfInfo, pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const DIGITS_86 = '000' + '7'.repeat(205);
const URL_86 = `https://verify.brand.co/c/${DIGITS_86}`;
const SERIAL = 'K3QZ-8WXD-2M4T-C';
const dir = tempDir('cachet-print-');
const DPI = 600;
const px = (mm: number) => Math.round((mm / MM_PER_INCH) * DPI);

/** Grey level of each pixel of a PNG, row by row. */
async function grey(png: Uint8Array) {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { at: (x: number, y: number) => data[y * info.width + x]!, ...info };
}

describe('the print-ready insert', () => {
  it('is a 600-dpi PNG whose QR code reads back, on whole dots of at least 0.33 mm', async () => {
    const layout = layoutInsert(URL_86, SERIAL);
    expect(layout.version).toBe(6);
    expect(layout.moduleMm).toBeGreaterThanOrEqual(MIN_MODULE_MM);
    // 41 modules + 2 × 4 quiet-zone modules across the default 18 mm, each a whole 600-dpi dot.
    expect(Math.abs(layout.qr.side - 18)).toBeLessThan(1);
    expect((layout.moduleMm / MM_PER_INCH) * DPI).toBeCloseTo(9, 9);

    const png = await drawingToPng(layout.drawing);
    const meta = await sharp(png).metadata();
    expect(meta.density).toBe(DPI);
    expect(meta.width).toBe(px(layout.drawing.width));
    expect(await decodeQr(png)).toEqual([qrText(URL_86)]);

    const image = await grey(png);
    const m = px(layout.moduleMm);
    const x0 = px(layout.qr.x);
    const y0 = px(layout.qr.y);
    // The quiet zone is white all round, but for the sign-across guide that runs into it (its
    // rows, and a pixel either side); the first module past it is the finder's dark corner.
    const { line } = layout.sign;
    const guide = (y: number) => y >= px(line.y) - 1 && y <= px(line.y + line.height) + 1;
    for (let i = 0; i < px(layout.qr.side); i += 3) {
      for (const [x, y] of [
        [x0 + i, y0 + 1],
        [x0 + i, y0 + px(layout.qr.side) - 2],
        [x0 + 1, y0 + i],
        [x0 + px(layout.qr.side) - 2, y0 + i],
      ] as const)
        if (!guide(y)) expect(image.at(x, y), `quiet zone at ${x},${y}`).toBeGreaterThan(250);
    }
    const q = QUIET_ZONE_MODULES * m;
    expect(image.at(x0 + q + 1, y0 + q + 1)).toBe(0);
    expect(image.at(x0 + q - 1, y0 + q - 1)).toBe(255);
    // Ink below the QR code: the serial and the host.
    let ink = 0;
    for (let y = y0 + px(layout.qr.side); y < image.height; y++)
      for (let x = 0; x < image.width; x++) if (image.at(x, y) < 128) ink++;
    expect(ink).toBeGreaterThan(2000);
  });

  it('draws the serial and the host as outlines, the same in SVG, PNG and PDF', async () => {
    const layout = layoutInsert(URL_86, SERIAL);
    const svg = drawingToSvg(layout.drawing, `Cachet card ${SERIAL}`);
    expect(svg).toMatch(/width="[\d.]+mm"/);
    expect(svg).not.toContain('<text');
    const [page] = pdfPages(drawingsToPdfNode([layout.drawing], 'insert'));
    expect(await decodeQr(page!)).toEqual([qrText(URL_86)]);
    // Poppler's picture and sharp's differ by anti-aliasing only: ink in the same places.
    const a = await grey(page!);
    const b = await grey(await drawingToPng(layout.drawing));
    // Poppler rounds the page up to whole pixels: at most one more.
    expect(Math.abs(a.width - b.width) + Math.abs(a.height - b.height)).toBeLessThanOrEqual(2);
    const w = Math.min(a.width, b.width);
    const h = Math.min(a.height, b.height);
    let differ = 0;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) if (Math.abs(a.at(x, y) - b.at(x, y)) > 128) differ++;
    expect(differ / (w * h)).toBeLessThan(0.005);
  });

  it('puts margins and bleed in the PDF boxes the printer reads', () => {
    const layout = layoutInsert(URL_86, SERIAL, { margin: 4, bleed: 3 });
    const { drawing } = layout;
    expect(drawing.trim).toMatchObject({ x: 3, y: 3 });
    expect(drawing.width).toBeCloseTo(drawing.trim!.width + 6, 9);
    // The QR code sits at least margin + bleed from the page edge.
    expect(layout.qr.x).toBeGreaterThanOrEqual(7 - 1e-9);
    const info = pdfInfo(drawingsToPdfNode([drawing], 'boxes'));
    const box = (name: string) =>
      new RegExp(`${name}:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`)
        .exec(info)!
        .slice(1)
        .map(Number);
    const pt = (mm: number) => (mm / MM_PER_INCH) * 72;
    expect(box('MediaBox')[2]).toBeCloseTo(pt(drawing.width), 1);
    expect(box('TrimBox')[0]).toBeCloseTo(pt(3), 1);
    expect(box('TrimBox')[2]! - box('TrimBox')[0]!).toBeCloseTo(pt(drawing.trim!.width), 1);
    expect(box('BleedBox')).toEqual(box('MediaBox'));
  });

  it('refuses a width that would make modules under 0.33 mm, and says how wide to print', () => {
    // A 39-character host needs version 8: 57 modules with the quiet zone.
    const url = `https://${'v'.repeat(30)}.brand.co/c/${DIGITS_86}`;
    expect(() => layoutInsert(url, SERIAL)).toThrow(/0\.33 mm.*at least 19\.\d mm/);
    expect(layoutInsert(url, SERIAL, { qrWidth: 19.4 }).moduleMm).toBeGreaterThanOrEqual(0.33);
    expect(() => layoutInsert(URL_86, SERIAL, { margin: -1 })).toThrow(/margin/);
  });

  it('places a brand mark from a file above the QR code, in the PNG and the PDF', async () => {
    // A red disc with a transparent background.
    const markFile = join(dir, 'mark.png');
    await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><circle cx="100" cy="50" r="45" fill="#c00"/></svg>',
      ),
    )
      .png()
      .toFile(markFile);
    const mark = await loadMark(markFile);
    expect(mark.alphaDeflated).not.toBeNull();
    const layout = layoutInsert(URL_86, SERIAL, { mark, markHeight: 8 });
    const [image] = layout.drawing.shapes.filter((s) => s.kind === 'image');
    expect(image).toMatchObject({ height: 8, width: 16 });
    const redAbove = async (png: Uint8Array) => {
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      let red = 0;
      let blackCorner = 0;
      for (let y = 0; y < px(layout.qr.y); y++) {
        for (let x = 0; x < info.width; x++) {
          const i = (y * info.width + x) * info.channels;
          if (data[i]! > 150 && data[i + 1]! < 60) red++;
          if (data[i]! < 30 && data[i + 1]! < 30) blackCorner++;
        }
      }
      return { red, blackCorner };
    };
    const fromPng = await redAbove(await drawingToPng(layout.drawing));
    const [page] = pdfPages(drawingsToPdfNode([layout.drawing], 'mark'));
    const fromPdf = await redAbove(page!);
    // About π·(45/100·8 mm)² of red: roughly 40 mm² at 600 dpi, and no black where it is clear.
    for (const seen of [fromPng, fromPdf]) {
      expect(seen.red).toBeGreaterThan(px(1) ** 2 * 30);
      expect(seen.blackCorner).toBe(0);
    }
    expect(await decodeQr(page!)).toEqual([qrText(URL_86)]);
    await expect(loadMark(join(dir, 'missing.png'))).rejects.toThrow(/cannot read the brand mark/);
  });
});

describe('the contact sheet', () => {
  const cards = Array.from({ length: 70 }, (_, i) => ({
    url: `https://verify.brand.co/c/${String(1000 + i).padStart(4, '0')}${'7'.repeat(204)}`,
    serial: `K3QZ-8WXD-2M4T-${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[i % 32]}`,
  }));
  const insertOf = (c: (typeof cards)[number]) => layoutInsert(c.url, c.serial).drawing;

  it.each([
    ['a4', '595.28 x 841.89'],
    ['letter', '612 x 792'],
  ] as const)(
    'fills %s pages with inserts a phone reads, every one of them',
    async (paper, size) => {
      const pages = [...contactSheet(cards, insertOf, paper)];
      const insert = insertOf(cards[0]!);
      const grid = sheetGrid(insert.width, insert.height, paper);
      const perPage = grid.columns * grid.rows;
      expect(perPage).toBeGreaterThanOrEqual(30);
      expect(pages.length).toBe(Math.ceil(cards.length / perPage));
      const pdf = drawingsToPdfNode(pages, `sheet ${paper}`);
      expect(pdfInfo(pdf)).toMatch(new RegExp(`Page size:\\s+${size} pts`));
      // Each cell of each page, cut out of Poppler's 300-dpi rendering and read on its own.
      const rendered = pdfPages(pdf, 300);
      const at300 = (mm: number) => Math.round((mm / MM_PER_INCH) * 300);
      const read: string[] = [];
      for (const [p, page] of rendered.entries()) {
        for (let i = 0; i < perPage && p * perPage + i < cards.length; i++) {
          const { x, y } = grid.cell(i);
          const cell = await sharp(page)
            .extract({
              left: at300(x),
              top: at300(y),
              width: at300(insert.width),
              height: at300(insert.height),
            })
            .png()
            .toBuffer();
          read.push(...(await decodeQr(cell)));
        }
      }
      expect(read).toEqual(cards.map((c) => qrText(c.url)));
    },
  );

  it('marks every trim corner with two crop marks on its edges, outside the insert', () => {
    const insert = layoutInsert(cards[0]!.url, cards[0]!.serial, { bleed: 2 }).drawing;
    const [page] = contactSheet(cards.slice(0, 1), () => insert, 'a4');
    const [pageQr] = page!.shapes;
    const [insertQr] = insert.shapes;
    const marks = page!.shapes.at(-1)!;
    if (pageQr?.kind !== 'rects' || insertQr?.kind !== 'rects' || marks.kind !== 'rects')
      throw new Error('expected the QR code first and the crop marks last');
    // Where the insert landed on the page, from its QR code's first module.
    const dx = pageQr.rects[0]![0] - insertQr.rects[0]![0];
    const dy = pageQr.rects[0]![1] - insertQr.rects[0]![1];
    const t = { x: dx + 2, y: dy + 2, w: insert.trim!.width, h: insert.trim!.height };
    expect(marks.rects).toHaveLength(8);
    const corners = new Map<string, number>();
    for (const [x, y, w, h] of marks.rects) {
      const vertical = h > w;
      const cx = x + w / 2;
      const cy = y + h / 2;
      // On the line of a trim edge, beyond the bleed, never over the insert and its bleed.
      const edge = vertical ? [t.x, t.x + t.w] : [t.y, t.y + t.h];
      const along = vertical ? cx : cy;
      expect(edge.some((e) => Math.abs(e - along) < 1e-6)).toBe(true);
      const across = vertical ? [y, y + h] : [x, x + w];
      const span = vertical ? [t.y - 2, t.y + t.h + 2] : [t.x - 2, t.x + t.w + 2];
      expect(across[1]! <= span[0]! + 1e-6 || across[0]! >= span[1]! - 1e-6).toBe(true);
      const corner = `${Math.abs(cx - t.x) < Math.abs(cx - t.x - t.w) ? 'L' : 'R'}${Math.abs(cy - t.y) < Math.abs(cy - t.y - t.h) ? 'T' : 'B'}`;
      corners.set(corner, (corners.get(corner) ?? 0) + 1);
    }
    expect(Object.fromEntries(corners)).toEqual({ LT: 2, RT: 2, LB: 2, RB: 2 });
  });
});

describe('src/print/glyphs.ts', () => {
  it('is what scripts/make-glyphs.mjs writes from the packaged font', async () => {
    // @ts-expect-error: a plain ESM script without types
    const { glyphsModule } = await import('../../scripts/make-glyphs.mjs');
    expect(readFileSync(new URL('../../src/print/glyphs.ts', import.meta.url), 'utf8')).toBe(
      glyphsModule(),
    );
  });
});
