// The guide where the associate signs across the code's edge, read back as a printer and a phone
// would: drawn in the 600-dpi PNG and in the PDF of the insert and the contact sheet, from the card
// beside the code into its quiet zone, never over a module, and the code still reads.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MM_PER_INCH } from '../../src/print/drawing.js';
import {
  contactSheet,
  layoutInsert,
  QUIET_ZONE_MODULES,
  sheetGrid,
} from '../../src/print/insert.js';
import { printFile } from '../../src/print/print-files.js';
import { drawingsToPdfNode, drawingToPng, nodePrintTools } from '../../src/node/print-node.js';
import { qrText } from '../../src/print/qr.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const URL_86 = `https://verify.brand.co/c/000${'7'.repeat(205)}`;
const SERIAL = 'K3QZ-8WXD-2M4T-C';

/** Grey level of each pixel of a PNG at `dpi`, with a mm-to-pixel helper. */
async function grey(png: Uint8Array, dpi = 600) {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const px = (mm: number) => Math.round((mm / MM_PER_INCH) * dpi);
  return { at: (x: number, y: number) => data[y * info.width + x]!, px, ...info };
}

describe('the sign-across guide', () => {
  it('runs from the card beside the code into its quiet zone, and the code still reads', async () => {
    const layout = layoutInsert(URL_86, SERIAL);
    const { qr, sign, moduleMm } = layout;
    const edge = qr.x + qr.side;
    const modulesEnd = edge - QUIET_ZONE_MODULES * moduleMm;
    // Starts outside the code's square, ends inside its quiet zone, clear of the modules.
    expect(sign.line.x + sign.line.width).toBeGreaterThan(edge + 0.5);
    expect(sign.line.x).toBeLessThan(edge - moduleMm);
    expect(sign.line.x).toBeGreaterThanOrEqual(modulesEnd + 2 * moduleMm - 1e-9);
    expect(sign.cross.x + sign.cross.size).toBeLessThanOrEqual(layout.drawing.width);
    // In the code's lower part, away from the top-right finder pattern.
    expect(sign.line.y).toBeGreaterThan(qr.y + qr.side / 2);

    const png = await drawingToPng(layout.drawing);
    expect(await decodeQr(png)).toEqual([qrText(URL_86)]);
    const image = await grey(png);
    const row = image.px(sign.line.y + sign.line.height / 2);
    const inkAt = (mm: number) => image.at(image.px(mm), row);
    // Ink along the line: beside the code, on the quiet zone's edge, and inside the quiet zone.
    for (const mm of [edge + 0.4, edge, sign.line.x + 0.1]) {
      expect(inkAt(mm), `guide at ${mm.toFixed(2)} mm`).toBeLessThan(64);
    }
    // The × beside it.
    const c = sign.cross;
    expect(image.at(image.px(c.x + c.size / 2), image.px(c.y + c.size / 2))).toBeLessThan(64);
    // White between the guide's inner end and the modules: it touches none of them.
    for (let x = image.px(modulesEnd) + 1; x < image.px(sign.line.x) - 1; x++) {
      expect(image.at(x, row), `clear at pixel ${x}`).toBeGreaterThan(250);
    }
  });

  it('is in the PDF and the PNG a boutique downloads, and on every insert of a contact sheet', async () => {
    const layout = layoutInsert(URL_86, SERIAL);
    const card = { url: URL_86, serialText: SERIAL };
    const file = await printFile(card, 'png', {}, nodePrintTools);
    const fromPng = await grey(file.body as Uint8Array);
    const y = fromPng.px(layout.sign.line.y + layout.sign.line.height / 2);
    expect(fromPng.at(fromPng.px(layout.qr.x + layout.qr.side + 0.4), y)).toBeLessThan(64);

    const [page] = pdfPages(drawingsToPdfNode([layout.drawing], 'insert'));
    const fromPdf = await grey(page!);
    expect(fromPdf.at(fromPdf.px(layout.qr.x + layout.qr.side + 0.4), y)).toBeLessThan(100);
    expect(await decodeQr(page!)).toEqual([qrText(URL_86)]);

    const cards = [0, 1, 2].map((i) => ({ url: `${URL_86.slice(0, -1)}${i}`, serial: SERIAL }));
    const insertOf = (c: (typeof cards)[number]) => layoutInsert(c.url, c.serial).drawing;
    const [sheet] = [...contactSheet(cards, insertOf, 'a4')];
    const rendered = await grey(pdfPages(drawingsToPdfNode([sheet!], 'sheet'), 300)[0]!, 300);
    const grid = sheetGrid(layout.drawing.width, layout.drawing.height, 'a4');
    for (const i of [0, 1, 2]) {
      const { x, y: top } = grid.cell(i);
      const at = (mm: number, v: number) => rendered.at(rendered.px(x + mm), rendered.px(top + v));
      const middle = layout.sign.line.y + layout.sign.line.height / 2;
      expect(at(layout.qr.x + layout.qr.side + 0.4, middle), `insert ${i}`).toBeLessThan(128);
    }
  });
});
