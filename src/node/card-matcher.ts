// The Node CardMatcher: photos of cards decoded and compared on the image pool's worker threads
// (sharp and zxing there), so a comparison holds up no verification.
import type { CardMatcher } from '../core/index.js';
import type { ImagePool } from './image-pool.js';

/** Compares cards on `pool` (a pool of 0 workers runs them on the calling thread). */
export function nodeCardMatcher(pool: Pick<ImagePool, 'run'>): CardMatcher {
  return {
    fingerprints: (photo) => pool.run({ kind: 'fingerprints', bytes: photo }),
    compare: (fingerprint, photo, options = {}) =>
      pool.run({ kind: 'compare', bytes: photo, fingerprint, views: !!options.views }),
  };
}
