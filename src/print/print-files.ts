// The files of one card as a download: the print-ready insert (SVG, PDF, 600-dpi PNG) or the QR
// code alone as SVG for designers. Runs wherever the app runs; the PNG needs a rasteriser
// (sharp on Node) and the PDF is deflated where there is zlib.
import { CachetError } from '../core/index.js';
import { drawingToSvg, type Drawing } from './drawing.js';
import { layoutInsert, type InsertOptions } from './insert.js';
import { drawingsToPdf } from './pdf.js';
import { qrSvg } from './qr.js';
import { layoutSlip, type SlipContent } from './slip.js';

export const PRINT_FORMATS = ['pdf', 'png', 'svg', 'qr.svg'] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];

/** What the runtime offers: a rasteriser for PNG, zlib for smaller PDFs. */
export interface PrintTools {
  png?: ((drawing: Drawing) => Promise<Uint8Array<ArrayBuffer>>) | undefined;
  deflate?: ((bytes: Uint8Array) => Uint8Array) | undefined;
}

export interface PrintFile {
  body: Uint8Array<ArrayBuffer> | string;
  contentType: string;
  filename: string;
}

const CONTENT_TYPES: Record<PrintFormat, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  'qr.svg': 'image/svg+xml',
};

/**
 * One file of a card.
 * @throws CachetError `ERR_NOT_AVAILABLE` for PNG where there is no rasteriser, and like
 * {@link layoutInsert} for sizes out of range.
 */
export async function printFile(
  card: { url: string; serialText: string },
  format: PrintFormat,
  options: InsertOptions,
  tools: PrintTools,
): Promise<PrintFile> {
  const base = card.serialText;
  const file = (body: Uint8Array<ArrayBuffer> | string, suffix: string): PrintFile => ({
    body,
    contentType: CONTENT_TYPES[format],
    filename: `${base}${suffix}`,
  });
  if (format === 'qr.svg') return file(await qrSvg(card.url, options.ecc), '.svg');
  const { drawing } = layoutInsert(card.url, card.serialText, options);
  const title = `Cachet card ${card.serialText}`;
  switch (format) {
    case 'svg':
      return file(drawingToSvg(drawing, title), '.insert.svg');
    case 'pdf':
      return file(drawingsToPdf([drawing], { title, deflate: tools.deflate }), '.insert.pdf');
    case 'png':
      if (!tools.png) {
        throw new CachetError(
          'ERR_NOT_AVAILABLE',
          'this server cannot draw PNG files (no image library on this runtime): ask for the PDF or the SVG',
        );
      }
      return file(await tools.png(drawing), '.insert.png');
  }
}

/** The formats a claim slip comes in. */
export const SLIP_FORMATS = ['pdf', 'png', 'svg'] as const;
export type SlipFormat = (typeof SLIP_FORMATS)[number];

/**
 * The claim slip of a card minted with one, as a file of its own (`<serial>.slip.<format>`): it
 * goes in the envelope, apart from the card.
 * @throws CachetError `ERR_NOT_AVAILABLE` for PNG where there is no rasteriser.
 */
export async function printSlipFile(
  slip: SlipContent,
  format: SlipFormat,
  options: Pick<InsertOptions, 'mark'>,
  tools: PrintTools,
): Promise<PrintFile> {
  const { drawing } = layoutSlip(slip, options);
  const title = `Cachet claim slip for card ${slip.serialText}`;
  const file = (body: Uint8Array<ArrayBuffer> | string): PrintFile => ({
    body,
    contentType: CONTENT_TYPES[format],
    filename: `${slip.serialText}.slip.${format}`,
  });
  switch (format) {
    case 'svg':
      return file(drawingToSvg(drawing, title));
    case 'pdf':
      return file(drawingsToPdf([drawing], { title, deflate: tools.deflate }));
    case 'png':
      if (!tools.png) {
        throw new CachetError(
          'ERR_NOT_AVAILABLE',
          'this server cannot draw PNG files (no image library on this runtime): ask for the PDF or the SVG',
        );
      }
      return file(await tools.png(drawing));
  }
}
