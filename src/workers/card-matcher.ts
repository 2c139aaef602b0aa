// Comparing photos of cards on Workers: the photo read in the isolate (mozjpeg and fast-png to
// grey, zxing for the code's corners) and the portable comparison run there too. A Worker has
// no thread to hand it to; a comparison takes well under its CPU limit (`npm run bench:edge-cards`).
import type { CardMatcher } from '../core/index.js';
import { cardFingerprint, compareWithFingerprint } from '../core/index.js';
import {
  prepareCardPhotoReader,
  readCardPhotoWasm,
  WORKER_CARD_PIXELS,
  type CardPhotoModules,
} from '../image/card-photo-wasm.js';

/** The Workers' CardMatcher, over the modules the bundle imports compiled at deploy time. */
export function workersCardMatcher(
  modules: CardPhotoModules,
  maxPixels = WORKER_CARD_PIXELS,
): CardMatcher {
  const read = async (photo: Uint8Array) => {
    await prepareCardPhotoReader(modules);
    return readCardPhotoWasm(photo, maxPixels);
  };
  return {
    async fingerprints(photo) {
      const { grey, codes } = await read(photo);
      return codes.map(({ text, corners }) => ({
        text,
        fingerprint: cardFingerprint({ grey, corners }),
      }));
    },
    async compare(fingerprint, photo, options = {}) {
      const { grey, codes } = await read(photo);
      return codes.map(({ text, corners }) => ({
        text,
        match: compareWithFingerprint(fingerprint, { grey, corners }, options),
      }));
    },
  };
}
