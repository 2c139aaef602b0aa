// A Worker that only reads card photos (src/image/card-photo-wasm.ts) and answers what it read:
// the size and SHA-256 of the grey pixels and the codes with their corners. The test beside it
// runs it in workerd and compares each answer with the same reader's on Node.
import zxingModule from 'zxing-wasm/reader/zxing_reader.wasm';
import jpegModule from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
import { CachetError } from '../../src/core/index.js';
import { prepareCardPhotoReader, readCardPhotoWasm } from '../../src/image/card-photo-wasm.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const bytes = new Uint8Array(await request.arrayBuffer());
    try {
      await prepareCardPhotoReader({
        zxing: zxingModule as unknown as WebAssembly.Module,
        jpeg: jpegModule,
      });
      const { grey, codes } = await readCardPhotoWasm(bytes);
      const digest = new Uint8Array(
        await crypto.subtle.digest('SHA-256', new Uint8Array(grey.data)),
      );
      const greySha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      return Response.json({ width: grey.width, height: grey.height, greySha256, codes });
    } catch (error) {
      return Response.json({ error: error instanceof CachetError ? error.code : String(error) });
    }
  },
};
