// Reading QR codes on Workers: zxing-wasm alone decodes the image (JPEG, PNG and GIF through its
// built-in decoder; sharp does not run there) from a module compiled at deploy time.
import { CachetError, type ImageKind } from '../core/index.js';
import { prepareReader, readQrTexts } from './zxing.js';

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
    return readQrTexts(bytes);
  };
}
