// zxing-wasm's QR reader, set up without the network: by default it fetches its .wasm from a
// CDN, so every runtime hands it the local binary (Node a file, Workers a compiled module).
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { CachetError } from '../core/index.js';

/** Settings tuned for photos and screenshots of cards: QR only, every symbol, try hard. */
export const QR_READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
};

type Overrides = NonNullable<Parameters<typeof prepareZXingModule>[0]>['overrides'];

let ready: Promise<unknown> | undefined;

/** Prepares the reader once per process or isolate; later calls reuse the first. */
export function prepareReader(overrides: Overrides): Promise<unknown> {
  ready ??= prepareZXingModule({ overrides, fireImmediately: true });
  return ready;
}

/** Pixels as zxing reads them: RGBA, four bytes a pixel. */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The texts of the valid QR codes zxing finds in pixels or in encoded image bytes.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when zxing's own decoder cannot load the bytes.
 */
export async function readQrTexts(input: Pixels | Uint8Array, options = QR_READER_OPTIONS) {
  return (await readQrCodes(input, options)).texts;
}

/**
 * The texts of the valid QR codes, and whether zxing saw a symbol it could not decode (found
 * where it is, lost in its modules): then filters that restore modules are worth their time.
 * @throws CachetError `ERR_IMAGE_UNREADABLE` when zxing's own decoder cannot load the bytes.
 */
export async function readQrCodes(
  input: Pixels | Uint8Array,
  options = QR_READER_OPTIONS,
): Promise<{ texts: string[]; seen: boolean }> {
  const results = await readBarcodes(input as Parameters<typeof readBarcodes>[0], {
    ...options,
    returnErrors: true,
  });
  const failed = results.find((r) => /failed to load image/i.test(r.error));
  if (failed) throw new CachetError('ERR_IMAGE_UNREADABLE', `the image could not be decoded`);
  const texts = results.filter((r) => r.isValid).map((r) => r.text);
  return { texts, seen: texts.length < results.length };
}
