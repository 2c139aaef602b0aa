// Reads QR codes out of real PNG/JPEG bytes with zxing-wasm, an independent decoder, fully offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready: Promise<unknown> | undefined;

/** The texts of every QR code zxing finds in the image. */
export async function decodeQr(image: Uint8Array): Promise<string[]> {
  ready ??= prepareZXingModule({
    // Hand over the local .wasm: by default zxing-wasm would fetch it from a CDN.
    overrides: {
      wasmBinary: new Uint8Array(
        readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')),
      ).buffer,
    },
    fireImmediately: true,
  });
  await ready;
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
