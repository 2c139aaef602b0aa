// Reading QR codes on Workers: zxing-wasm alone decodes the image (JPEG, PNG and GIF through its
// built-in decoder; sharp does not run there) from a module compiled at deploy time.
//
// A Worker cannot stop a decode once it runs, and zxing's thorough pass (`tryHarder`) grows
// faster than the pixels on an image tiled with finder patterns: a crafted 300 KB PNG of 16 MP
// took a minute of CPU in workerd, past the Worker's CPU limit. So the Worker reads in two
// passes: the quick pass on every image, then the thorough one only for images of at most
// THOROUGH_MAX_PIXELS, where its worst case stays a few seconds (`npm run bench:edge-image`).
import { CachetError, type ImageKind } from '../core/index.js';
import { prepareReader, QR_READER_OPTIONS, readQrTexts } from './zxing.js';

/** The largest image the Worker reads with zxing's thorough pass as well as its quick one. */
export const THOROUGH_MAX_PIXELS = 4_000_000;

const QUICK = { ...QR_READER_OPTIONS, tryHarder: false };

/** The reader passes for an image of this size, in order, until one finds a code. */
export function readerPasses(kind: ImageKind) {
  return kind.width * kind.height <= THOROUGH_MAX_PIXELS ? [QUICK, QR_READER_OPTIONS] : [QUICK];
}

/** An image reader over the zxing module the Workers bundle imports. */
export function wasmImageReader(module: WebAssembly.Module) {
  return async (bytes: Uint8Array, kind: ImageKind): Promise<string[]> => {
    if (kind.format === 'webp') {
      throw new CachetError(
        'ERR_IMAGE_TYPE',
        'WebP is read by the start page in the browser and by the Node server; send JPEG, PNG or GIF here',
      );
    }
    await prepareReader({
      // Workers cannot compile WebAssembly at run time: instantiate the deploy-time module.
      instantiateWasm(imports: WebAssembly.Imports, receive: (i: WebAssembly.Instance) => void) {
        const instance = new WebAssembly.Instance(module, imports);
        receive(instance);
        return instance.exports;
      },
    } as never);
    let texts: string[] = [];
    for (const options of readerPasses(kind)) {
      texts = await readQrTexts(bytes, options);
      if (texts.length > 0) break;
    }
    return texts;
  };
}
