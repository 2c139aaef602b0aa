// The print-ready card insert: the QR code with its 4-module quiet zone, the serial under it, the
// verify host, the brand mark above when there is one, and the guide where the associate signs
// across the code's edge; and the contact sheet that puts many inserts on an A4 or Letter page
// with crop marks. Sizes are in millimetres.
import QRCode from 'qrcode';
import { CachetError, cardUrl, CT1_LENGTHS, formatToken } from '../core/index.js';
import {
  capHeight,
  MM_PER_INCH,
  MM_PER_POINT,
  textShape,
  textWidth,
  translate,
  type Drawing,
  type PrintImage,
  type Shape,
} from './drawing.js';
import { qrSegments, type Ecc } from './qr.js';

/** The printer grid the modules snap to: 600 dpi, so the PNG has no grey module edges. */
export const PRINT_DPI = 600;
const DOT = MM_PER_INCH / PRINT_DPI;
/** The smallest module a phone reads reliably off a matt card. */
export const MIN_MODULE_MM = 0.33;
export const QUIET_ZONE_MODULES = 4;

export interface InsertOptions {
  /** Width of the QR code with its quiet zone (default 18 mm). */
  qrWidth?: number;
  /** White space from the trim edge to the content (default 3 mm). */
  margin?: number;
  /** Extra paper beyond the trim on every side, cut off by the printer (default 0 mm). */
  bleed?: number;
  ecc?: Ecc;
  /** The brand mark above the QR code, and its height (default 6 mm). */
  mark?: PrintImage | undefined;
  markHeight?: number;
}

export const INSERT_DEFAULTS = { qrWidth: 18, margin: 3, bleed: 0, markHeight: 6 } as const;
/** The least and most each size may be, in mm. */
export const INSERT_LIMITS = {
  qrWidth: { min: 10, max: 100 },
  margin: { min: 0, max: 30 },
  bleed: { min: 0, max: 10 },
  markHeight: { min: 2, max: 40 },
} as const;

const SERIAL_SIZE = 7 * MM_PER_POINT;
const HOST_SIZE = 6 * MM_PER_POINT;
const HOST_MIN_SIZE = 4.5 * MM_PER_POINT;

export interface InsertLayout {
  drawing: Drawing;
  /** The QR version and the module size actually printed. */
  version: number;
  moduleMm: number;
  qr: { x: number; y: number; side: number };
  /**
   * Where the associate signs across the code's edge: a short line from the card beside the code
   * into its quiet zone, and a small × where the stroke starts. A code cut out of the card keeps
   * the inner end of the stroke, broken at the cut, in every copy made of it.
   */
  sign: SignGuide;
}

/** The sign-across guide, in mm on the drawing. */
export interface SignGuide {
  /** The guide line: from its outer end (beside the code) to its inner end, in the quiet zone. */
  line: { x: number; y: number; width: number; height: number };
  /** The × where the stroke starts. */
  cross: { x: number; y: number; size: number };
}

/** The guide line's weight, and how many quiet-zone modules it leaves clear of the code. */
const SIGN_WEIGHT = 0.17;
const SIGN_CLEAR_MODULES = 2;
/** The × beside the line, and the most the line runs over the card outside the quiet zone. */
const SIGN_CROSS = 0.8;
const SIGN_OUTSIDE = 1.8;

/**
 * Checks that inserts with these options can be printed for cards of `origin`, before any card
 * is minted: a card URL of the longest token without an addressee, laid out once.
 * @throws CachetError like {@link layoutInsert}.
 */
export function checkInsertOptions(origin: string, options: InsertOptions): void {
  layoutInsert(
    cardUrl(origin, formatToken(new Uint8Array(CT1_LENGTHS[0]).fill(255))),
    'XXXX-XXXX-XXXX-X',
    options,
  );
}

/** The verify host as printed: the URL's host, port included. */
export function printedHost(url: string): string {
  return new URL(url).host;
}

function checkOption(name: string, value: number, { min, max }: { min: number; max: number }) {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${name} must be from ${min} to ${max} mm, not ${value}`,
    );
  }
}

/**
 * Lays out the insert of one card.
 * @throws CachetError when an option is out of range, or the QR code would need modules smaller
 * than 0.33 mm at the width asked for.
 */
export function layoutInsert(
  url: string,
  serialText: string,
  options: InsertOptions = {},
): InsertLayout {
  const qrWidth = options.qrWidth ?? INSERT_DEFAULTS.qrWidth;
  const margin = options.margin ?? INSERT_DEFAULTS.margin;
  const bleed = options.bleed ?? INSERT_DEFAULTS.bleed;
  const markHeight = options.markHeight ?? INSERT_DEFAULTS.markHeight;
  checkOption('the QR width', qrWidth, INSERT_LIMITS.qrWidth);
  checkOption('the margin', margin, INSERT_LIMITS.margin);
  checkOption('the bleed', bleed, INSERT_LIMITS.bleed);
  checkOption('the brand mark height', markHeight, INSERT_LIMITS.markHeight);

  const qr = QRCode.create(qrSegments(url), { errorCorrectionLevel: options.ecc ?? 'M' });
  const size = qr.modules.size;
  const modules = size + 2 * QUIET_ZONE_MODULES;
  // Whole 600-dpi dots per module, as close to the asked width as the 0.33 mm floor allows.
  const dots = Math.round(qrWidth / modules / DOT);
  if (dots * DOT < MIN_MODULE_MM) {
    const least = Math.ceil(Math.ceil(MIN_MODULE_MM / DOT) * DOT * modules * 10) / 10;
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `at ${qrWidth} mm the QR code's ${modules} modules (version ${qr.version}, quiet zone included) would be ${(qrWidth / modules).toFixed(3)} mm: under the 0.33 mm a phone needs; print it at least ${least} mm wide`,
    );
  }
  const moduleMm = dots * DOT;
  const side = modules * moduleMm;

  const host = printedHost(url);
  const serialWidth = textWidth(serialText, SERIAL_SIZE);
  let contentWidth = Math.max(side, serialWidth);
  const hostSize = Math.max(
    HOST_MIN_SIZE,
    Math.min(HOST_SIZE, (contentWidth / textWidth(host, HOST_SIZE)) * HOST_SIZE),
  );
  contentWidth = Math.max(contentWidth, textWidth(host, hostSize));
  // The trim width in whole dots, so the QR code lands on the dot grid.
  const trimWidth = Math.ceil((contentWidth + 2 * margin) / DOT) * DOT;
  const snap = (v: number) => Math.round(v / DOT) * DOT;

  const shapes: Shape[] = [];
  let y = bleed + margin;
  const mark = options.mark;
  if (mark) {
    const height = markHeight;
    const width = Math.min(contentWidth, (mark.widthPx / mark.heightPx) * height);
    const h = (mark.heightPx / mark.widthPx) * width;
    shapes.push({
      kind: 'image',
      image: mark,
      x: bleed + (trimWidth - width) / 2,
      y: y + (height - h) / 2,
      width,
      height: h,
    });
    y += height + 1;
  }
  const qrX = snap(bleed + (trimWidth - side) / 2);
  const qrY = snap(y);
  shapes.push({ kind: 'rects', rects: qrRects(qr.modules, qrX, qrY, moduleMm) });
  y = qrY + side;
  // The quiet zone's white is above the serial; cap heights sit on the line below it.
  y += capHeight(SERIAL_SIZE);
  shapes.push(textShape(serialText, bleed + (trimWidth - serialWidth) / 2, y, SERIAL_SIZE));
  y += 1.4 + capHeight(hostSize);
  shapes.push(textShape(host, bleed + (trimWidth - textWidth(host, hostSize)) / 2, y, hostSize));
  const trimHeight = Math.ceil((y - bleed + 0.3 * hostSize + margin) / DOT) * DOT;
  const sign = signGuide(
    qrX + side,
    snap(qrY + side * 0.72),
    bleed + trimWidth - (qrX + side),
    moduleMm,
  );
  shapes.push(...signShapes(sign));

  return {
    version: qr.version,
    moduleMm,
    qr: { x: qrX, y: qrY, side },
    sign,
    drawing: {
      width: trimWidth + 2 * bleed,
      height: trimHeight + 2 * bleed,
      ...(bleed > 0 && { trim: { x: bleed, y: bleed, width: trimWidth, height: trimHeight } }),
      shapes,
    },
  };
}

/**
 * The sign-across guide on the right edge of the code, in its lower part (away from the finder
 * patterns): it ends SIGN_CLEAR_MODULES modules short of the code's modules, so the code reads
 * as before, and starts on the card beside the code, within the trim.
 * @param edge the x of the quiet zone's right edge; `room` the card to the right of it, to the trim.
 */
function signGuide(edge: number, y: number, room: number, m: number): SignGuide {
  const inner = edge - (QUIET_ZONE_MODULES - SIGN_CLEAR_MODULES) * m;
  // Beside the code: as much as the margin allows, keeping clear of the trim by 0.4 mm.
  const outside = Math.max(0, Math.min(SIGN_OUTSIDE + SIGN_CROSS + 0.2, room - 0.4));
  const lineStart = edge + Math.max(0, outside - SIGN_CROSS - 0.2);
  const crossSize = Math.min(SIGN_CROSS, outside);
  return {
    line: { x: inner, y: y - SIGN_WEIGHT / 2, width: lineStart - inner, height: SIGN_WEIGHT },
    cross: { x: edge + outside - crossSize, y: y - crossSize / 2, size: crossSize },
  };
}

/** The guide as drawn: the line as a rectangle, the × as two thin bars. */
function signShapes({ line, cross }: SignGuide): Shape[] {
  const shapes: Shape[] = [{ kind: 'rects', rects: [[line.x, line.y, line.width, line.height]] }];
  if (cross.size <= 0) return shapes;
  const bar = (x0: number, y0: number, x1: number, y1: number): Shape => {
    // A bar SIGN_WEIGHT wide from (x0, y0) to (x1, y1).
    const length = Math.hypot(x1 - x0, y1 - y0);
    const nx = (-(y1 - y0) / length) * (SIGN_WEIGHT / 2);
    const ny = ((x1 - x0) / length) * (SIGN_WEIGHT / 2);
    return {
      kind: 'path',
      commands: [
        { op: 'M', pts: [x0 + nx, y0 + ny] },
        { op: 'L', pts: [x1 + nx, y1 + ny] },
        { op: 'L', pts: [x1 - nx, y1 - ny] },
        { op: 'L', pts: [x0 - nx, y0 - ny] },
        { op: 'Z', pts: [] },
      ],
    };
  };
  const { x, y, size } = cross;
  shapes.push(bar(x, y, x + size, y + size), bar(x + size, y, x, y + size));
  return shapes;
}

/** The dark modules as rectangles, one per horizontal run, offset by the quiet zone. */
function qrRects(
  matrix: { size: number; get(row: number, col: number): number | boolean },
  x0: number,
  y0: number,
  m: number,
): [number, number, number, number][] {
  const rects: [number, number, number, number][] = [];
  const q = QUIET_ZONE_MODULES;
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size;) {
      if (!matrix.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.get(row, col)) col++;
      rects.push([x0 + (start + q) * m, y0 + (row + q) * m, (col - start) * m, m]);
    }
  }
  return rects;
}

export const PAPER = {
  a4: { width: 210, height: 297, name: 'A4' },
  letter: { width: 215.9, height: 279.4, name: 'Letter' },
} as const;
export type Paper = keyof typeof PAPER;

/** Page margin of a contact sheet: inside every office printer's unprintable edge. */
const SHEET_MARGIN = 10;
/** Crop marks: this far from the trim corner, this long, this thick. */
const MARK_OFFSET = 1;
const MARK_LENGTH = 3;
const MARK_WEIGHT = 0.1;

/** Where inserts of one size go on a page: top-left corner of cell i. */
export interface SheetGrid {
  columns: number;
  rows: number;
  cell(i: number): { x: number; y: number };
}

/**
 * The grid of a contact sheet for inserts of this size: as many as fit inside the page margin,
 * centred, with gutters wide enough for the crop marks.
 * @throws CachetError when an insert does not fit on the paper.
 */
export function sheetGrid(width: number, height: number, paper: Paper): SheetGrid {
  const page = PAPER[paper];
  const gutter = 2 * (MARK_OFFSET + MARK_LENGTH) + 1;
  const columns = Math.floor((page.width - 2 * SHEET_MARGIN + gutter) / (width + gutter));
  const rows = Math.floor((page.height - 2 * SHEET_MARGIN + gutter) / (height + gutter));
  if (columns < 1 || rows < 1) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `an insert of ${width.toFixed(1)} × ${height.toFixed(1)} mm does not fit on ${page.name}`,
    );
  }
  const left = (page.width - (columns * width + (columns - 1) * gutter)) / 2;
  const top = (page.height - (rows * height + (rows - 1) * gutter)) / 2;
  return {
    columns,
    rows,
    cell: (i) => ({
      x: left + (i % columns) * (width + gutter),
      y: top + Math.floor(i / columns) * (height + gutter),
    }),
  };
}

/**
 * Contact-sheet pages, made one at a time as the PDF writer asks for them (a 10,000-card batch
 * never holds every insert at once): inserts in a grid, each with crop marks at its trim
 * corners. Inserts keep their own bleed; the gutter leaves room for the marks.
 * @throws CachetError when an insert does not fit on the paper.
 */
export function* contactSheet<T>(
  cards: readonly T[],
  insertOf: (card: T) => Drawing,
  paper: Paper,
): Generator<Drawing> {
  const page = PAPER[paper];
  let first = 0;
  while (first < cards.length) {
    // The grid comes from the first insert of the page; inserts of one batch share a size.
    const sample = insertOf(cards[first]!);
    const grid = sheetGrid(sample.width, sample.height, paper);
    const shapes: Shape[] = [];
    cards.slice(first, first + grid.columns * grid.rows).forEach((card, i) => {
      const insert = i === 0 ? sample : insertOf(card);
      const { x, y } = grid.cell(i);
      shapes.push(...translate(insert.shapes, x, y));
      const trim = insert.trim ?? { x: 0, y: 0, width: insert.width, height: insert.height };
      shapes.push({
        kind: 'rects',
        rects: cropMarks(x + trim.x, y + trim.y, trim.width, trim.height, trim.x),
      });
    });
    first += grid.columns * grid.rows;
    yield { width: page.width, height: page.height, shapes };
  }
}

/** Eight short lines extending the trim edges outwards from each corner, past the bleed. */
function cropMarks(
  x: number,
  y: number,
  w: number,
  h: number,
  bleed: number,
): [number, number, number, number][] {
  const gap = bleed + MARK_OFFSET;
  const t = MARK_WEIGHT;
  const marks: [number, number, number, number][] = [];
  for (const cx of [x, x + w]) {
    for (const cy of [y, y + h]) {
      const outX = cx === x ? -1 : 1;
      const outY = cy === y ? -1 : 1;
      // Horizontal mark on the trim's horizontal edge, vertical mark on its vertical edge.
      const hx = outX < 0 ? cx - gap - MARK_LENGTH : cx + gap;
      marks.push([hx, cy - t / 2, MARK_LENGTH, t]);
      const vy = outY < 0 ? cy - gap - MARK_LENGTH : cy + gap;
      marks.push([cx - t / 2, vy, t, MARK_LENGTH]);
    }
  }
  return marks;
}
