// A print drawing: filled black shapes and images placed in millimetres, y down from the top-left
// corner. One drawing is written out as SVG (here), as a PDF page (pdf.ts) or rasterised to PNG
// (print-node.ts), so the three files of a card can never disagree.
import { MONO } from './glyphs.js';

/** A path command in millimetres: M and L take one point, Q two, C three; Z closes. */
export type PathCommand =
  | { op: 'M' | 'L'; pts: [number, number] }
  | { op: 'Q'; pts: [number, number, number, number] }
  | { op: 'C'; pts: [number, number, number, number, number, number] }
  | { op: 'Z'; pts: [] };

/** A raster image, ready for SVG (PNG bytes) and PDF (deflated 8-bit RGB and alpha planes). */
export interface PrintImage {
  widthPx: number;
  heightPx: number;
  png: Uint8Array;
  rgbDeflated: Uint8Array;
  alphaDeflated: Uint8Array | null;
}

export type Shape =
  /** Filled rectangles [x, y, width, height]. */
  | { kind: 'rects'; rects: [number, number, number, number][] }
  /** A filled path (non-zero winding). */
  | { kind: 'path'; commands: PathCommand[] }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: PrintImage };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Drawing {
  width: number;
  height: number;
  /** The finished size inside the bleed, when there is one. */
  trim?: Box;
  shapes: Shape[];
}

export const MM_PER_INCH = 25.4;
export const MM_PER_POINT = MM_PER_INCH / 72;

/** Moves shapes by (dx, dy) millimetres. */
export function translate(shapes: Shape[], dx: number, dy: number): Shape[] {
  return shapes.map((shape): Shape => {
    switch (shape.kind) {
      case 'rects':
        return { kind: 'rects', rects: shape.rects.map(([x, y, w, h]) => [x + dx, y + dy, w, h]) };
      case 'image':
        return { ...shape, x: shape.x + dx, y: shape.y + dy };
      case 'path':
        return {
          kind: 'path',
          commands: shape.commands.map(
            (c) => ({ op: c.op, pts: c.pts.map((v, i) => v + (i % 2 ? dy : dx)) }) as PathCommand,
          ),
        };
    }
  });
}

const GLYPH_TOKENS = /[MLQCZ]|-?\d*\.?\d+/g;
const glyphCache = new Map<string, PathCommand[]>();

/** A glyph's outline in font units, parsed once. */
function glyphCommands(char: string): PathCommand[] {
  let commands = glyphCache.get(char);
  if (commands) return commands;
  commands = [];
  const tokens = MONO.glyphs[char]?.match(GLYPH_TOKENS) ?? [];
  for (let i = 0; i < tokens.length;) {
    const op = tokens[i++] as PathCommand['op'];
    const count = op === 'Z' ? 0 : op === 'Q' ? 4 : op === 'C' ? 6 : 2;
    commands.push({ op, pts: tokens.slice(i, i + count).map(Number) } as PathCommand);
    i += count;
  }
  glyphCache.set(char, commands);
  return commands;
}

/** The width in millimetres of `text` set in the monospaced print font at `sizeMm` (the em). */
export function textWidth(text: string, sizeMm: number): number {
  return (text.length * MONO.advance * sizeMm) / MONO.unitsPerEm;
}

/** The cap height in millimetres at `sizeMm`. */
export function capHeight(sizeMm: number): number {
  return (MONO.capHeight * sizeMm) / MONO.unitsPerEm;
}

/** `text` as outlines, its baseline starting at (x, baseline). Characters outside ASCII are dropped. */
export function textShape(text: string, x: number, baseline: number, sizeMm: number): Shape {
  const scale = sizeMm / MONO.unitsPerEm;
  const step = MONO.advance * scale;
  const commands: PathCommand[] = [];
  [...text].forEach((char, i) => {
    const left = x + i * step;
    for (const c of glyphCommands(char)) {
      const pts = c.pts.map((v, j) => (j % 2 ? baseline + v * scale : left + v * scale));
      commands.push({ op: c.op, pts } as PathCommand);
    }
  });
  return { kind: 'path', commands };
}

/** Millimetres with at most three decimals (a micrometre), for compact files. */
export function mm(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** Base64 of bytes, without Buffer (Workers). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function svgPath(commands: PathCommand[]): string {
  return commands.map((c) => c.op + c.pts.map(mm).join(' ')).join('');
}

/**
 * The drawing as an SVG document sized in millimetres, or in pixels at `dpi` (for a rasteriser:
 * whole pixels, and no unit conversion left to guess).
 */
export function drawingToSvg(drawing: Drawing, title: string, dpi?: number): string {
  const { width, height } = drawing;
  const size = (v: number) => (dpi ? String(Math.round((v / MM_PER_INCH) * dpi)) : `${mm(v)}mm`);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size(width)}" height="${size(height)}" viewBox="0 0 ${mm(width)} ${mm(height)}">`,
    `<title>${title.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  for (const shape of drawing.shapes) {
    if (shape.kind === 'rects') {
      const d = shape.rects.map(
        ([x, y, w, h]) => `M${mm(x)} ${mm(y)}h${mm(w)}v${mm(h)}h${mm(-w)}z`,
      );
      parts.push(`<path d="${d.join('')}" shape-rendering="crispEdges"/>`);
    } else if (shape.kind === 'path') {
      parts.push(`<path d="${svgPath(shape.commands)}"/>`);
    } else {
      parts.push(
        `<image x="${mm(shape.x)}" y="${mm(shape.y)}" width="${mm(shape.width)}" height="${mm(shape.height)}" preserveAspectRatio="none" href="data:image/png;base64,${base64(shape.image.png)}"/>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
