// Reads QR codes out of real PNG/JPEG bytes with zxing-wasm and its local .wasm (no CDN), with
// zxing's own image decoder: independent of sharp, which Cachet's reader uses.
import { prepareNodeReader } from '../../src/image/read-image-node.js';
import { readQrTexts } from '../../src/image/zxing.js';

/** The texts of every QR code zxing finds in the image. */
export async function decodeQr(image: Uint8Array): Promise<string[]> {
  await prepareNodeReader();
  return readQrTexts(image);
}
