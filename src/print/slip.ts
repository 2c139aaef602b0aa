// The claim slip: a separate little page for the envelope, never printed on the card. It names the
// house (its mark, the boutique), says what it is for, and carries the claim page's URL as a small
// QR code and the claim code in groups of four, in the print font (Crockford's alphabet has no I,
// L, O or U, so nothing on it reads two ways). The card's serial, small, lets the packer match
// slip and card.
import QRCode from 'qrcode';
import { CachetError, formatClaimCode } from '../core/index.js';
import {
  capHeight,
  MM_PER_INCH,
  MM_PER_POINT,
  textShape,
  textWidth,
  type Drawing,
  type Shape,
} from './drawing.js';
import { MIN_MODULE_MM, PRINT_DPI, QUIET_ZONE_MODULES, type InsertOptions } from './insert.js';

/** What a slip carries. */
export interface SlipContent {
  /** The claim code, canonical or formatted. */
  claimCode: string;
  /** `<origin>/claim?code=<formatted code>`: what the QR code holds. */
  claimUrl: string;
  /** The card's serial as printed on it. */
  serialText: string;
  /** The boutique the card is from, by name. */
  boutique: string;
}

/** The one line that says what the slip is for, in the print font's alphabet. */
export const SLIP_LINE = 'Claim this card as its recipient';

/** The slip's size: a business card, which every envelope takes. */
export const SLIP_WIDTH = 85;
export const SLIP_HEIGHT = 55;
const MARGIN = 4;
const QR_WIDTH = 20;
const DOT = MM_PER_INCH / PRINT_DPI;
const NAME_SIZE = 9 * MM_PER_POINT;
const LINE_SIZE = 7 * MM_PER_POINT;
const CODE_SIZE = 10 * MM_PER_POINT;
const SMALL_SIZE = 5.5 * MM_PER_POINT;

export interface SlipLayout {
  drawing: Drawing;
  /** Where the QR code is, quiet zone included, and its module size. */
  qr: { x: number; y: number; side: number; moduleMm: number };
  /** The code's lines as printed. */
  codeLines: string[];
}

/**
 * Text the print font can draw: accents taken off (Saint-Honoré → Saint-Honore), anything else
 * outside printable ASCII left out.
 */
export function printableText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `text` cut to fit `width` mm at `size`, with an ellipsis of three dots when cut. */
function fitText(text: string, size: number, width: number): string {
  if (textWidth(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 0 && textWidth(`${cut}...`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}...`;
}

/**
 * Lays out the claim slip of one card: the brand mark (when the insert has one) and the
 * boutique on top, the line saying what it is for, then the QR code on the left and the code
 * in two lines beside it, the claim page's host and the serial under them.
 * @throws CachetError `ERR_INVALID_ARGUMENT` when the URL does not fit a QR code this small.
 */
export function layoutSlip(
  slip: SlipContent,
  options: Pick<InsertOptions, 'mark'> = {},
): SlipLayout {
  const width = SLIP_WIDTH;
  const inner = width - 2 * MARGIN;
  const shapes: Shape[] = [];
  const centred = (text: string, size: number, baseline: number) =>
    shapes.push(textShape(text, (width - textWidth(text, size)) / 2, baseline, size));
  let y = MARGIN;
  if (options.mark) {
    const height = 6;
    const w = Math.min(inner, (options.mark.widthPx / options.mark.heightPx) * height);
    const h = (options.mark.heightPx / options.mark.widthPx) * w;
    shapes.push({ kind: 'image', image: options.mark, x: (width - w) / 2, y, width: w, height: h });
    y += height + 1.5;
  }
  y += capHeight(NAME_SIZE);
  centred(fitText(printableText(slip.boutique), NAME_SIZE, inner), NAME_SIZE, y);
  y += 2 + capHeight(LINE_SIZE);
  centred(SLIP_LINE, LINE_SIZE, y);
  y += 3;

  // The QR code: byte mode (the query's ? and = are outside the alphanumeric set), level M.
  let qr;
  try {
    qr = QRCode.create(slip.claimUrl, { errorCorrectionLevel: 'M' });
  } catch {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a claim URL too long for a slip: ${slip.claimUrl}`,
    );
  }
  const modules = qr.modules.size + 2 * QUIET_ZONE_MODULES;
  // Whole 600-dpi dots, never under the 0.33 mm a phone needs (a long host makes it wider).
  const moduleMm =
    Math.max(Math.ceil(MIN_MODULE_MM / DOT), Math.round(QR_WIDTH / modules / DOT)) * DOT;
  const side = modules * moduleMm;
  const qrX = Math.round(MARGIN / DOT) * DOT;
  const qrY = Math.round(y / DOT) * DOT;
  const rects: [number, number, number, number][] = [];
  for (let row = 0; row < qr.modules.size; row++) {
    for (let col = 0; col < qr.modules.size;) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.modules.size && qr.modules.get(row, col)) col++;
      rects.push([
        qrX + (start + QUIET_ZONE_MODULES) * moduleMm,
        qrY + (row + QUIET_ZONE_MODULES) * moduleMm,
        (col - start) * moduleMm,
        moduleMm,
      ]);
    }
  }
  shapes.push({ kind: 'rects', rects });

  // The code beside it, groups of four: four groups on the first line, three on the second.
  const groups = formatClaimCode(slip.claimCode.replace(/[\s-]/g, '').toUpperCase()).split('-');
  const codeLines = [groups.slice(0, 4).join(' '), groups.slice(4).join(' ')];
  const textX = qrX + side + 1;
  const room = width - MARGIN - textX;
  const codeSize = Math.min(CODE_SIZE, (room / textWidth(codeLines[0]!, CODE_SIZE)) * CODE_SIZE);
  let ty = qrY + side / 2 - capHeight(codeSize) * 0.6;
  for (const line of codeLines) {
    shapes.push(textShape(line, textX, ty, codeSize));
    ty += capHeight(codeSize) * 1.9;
  }
  const host = new URL(slip.claimUrl);
  const where = fitText(`${host.host}${host.pathname}`, SMALL_SIZE, room);
  shapes.push(textShape(where, textX, ty + 0.6, SMALL_SIZE));

  const serial = `Card ${slip.serialText}`;
  shapes.push(
    textShape(
      serial,
      width - MARGIN - textWidth(serial, SMALL_SIZE),
      SLIP_HEIGHT - MARGIN + 0.5,
      SMALL_SIZE,
    ),
  );
  const height = Math.max(SLIP_HEIGHT, qrY + side + MARGIN);
  return {
    drawing: { width, height, shapes },
    qr: { x: qrX, y: qrY, side, moduleMm },
    codeLines,
  };
}
