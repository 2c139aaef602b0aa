// Print files on Node: the insert rasterised by sharp at 600 dpi, the PDF's streams deflated by
// zlib, and a brand mark read from any image file sharp opens (PNG, JPEG, WebP, SVG...).
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { CachetError } from '../core/index.js';
import { drawingToSvg, type Drawing, type PrintImage } from '../print/drawing.js';
import { PRINT_DPI } from '../print/insert.js';
import { drawingsToPdf } from '../print/pdf.js';
import type { PrintTools } from '../print/print-files.js';

export const deflate = (bytes: Uint8Array): Uint8Array => deflateSync(bytes);

/** A drawing as a 600-dpi PNG (density recorded in the file), white where nothing is drawn. */
export async function drawingToPng(drawing: Drawing): Promise<Buffer> {
  // Sized in pixels at the 72 "dpi" sharp assumes for SVG, so one pixel is one 600-dpi dot.
  return sharp(Buffer.from(drawingToSvg(drawing, '', PRINT_DPI)))
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 6 })
    .withMetadata({ density: PRINT_DPI })
    .toBuffer();
}

/** Print files on Node: PNG by sharp, PDF streams deflated by zlib. */
export const nodePrintTools: PrintTools = {
  png: async (drawing) => new Uint8Array(await drawingToPng(drawing)),
  deflate,
};

/** Drawings as a PDF, streams deflated. */
export function drawingsToPdfNode(pages: Iterable<Drawing>, title: string): Uint8Array {
  return drawingsToPdf(pages, { title, deflate });
}

/** The largest side a brand mark keeps: 40 mm at 600 dpi. */
const MARK_MAX_PX = 945;

/**
 * Reads a brand mark for print.
 * @throws CachetError when the file is missing or not an image.
 */
export async function loadMark(file: string): Promise<PrintImage> {
  let input: Buffer;
  try {
    input = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : code;
    throw new CachetError('ERR_NOT_FOUND', `cannot read the brand mark ${file}: ${why}`);
  }
  try {
    const { data, info } = await sharp(input, { density: PRINT_DPI })
      .resize(MARK_MAX_PX, MARK_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = info.width * info.height;
    const rgb = new Uint8Array(pixels * 3);
    const alpha = new Uint8Array(pixels);
    let opaque = true;
    for (let i = 0; i < pixels; i++) {
      rgb[3 * i] = data[4 * i]!;
      rgb[3 * i + 1] = data[4 * i + 1]!;
      rgb[3 * i + 2] = data[4 * i + 2]!;
      alpha[i] = data[4 * i + 3]!;
      if (alpha[i] !== 255) opaque = false;
    }
    const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
      .png()
      .toBuffer();
    return {
      widthPx: info.width,
      heightPx: info.height,
      png,
      rgbDeflated: deflate(rgb),
      alphaDeflated: opaque ? null : deflate(alpha),
    };
  } catch (error) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the brand mark ${file} is not an image sharp can read: ${(error as Error).message}`,
    );
  }
}
