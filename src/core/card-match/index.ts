// Telling the card as issued from a copy: the fingerprint of a reference photo and the
// comparison of a later photo with it. Portable: grey pixels and code corners in, no decoder.
import { compareCard } from './compare.js';
import { decodeFingerprint, encodeFingerprint, makeFingerprint } from './fingerprint.js';
import type { CardMatch, GreyImage, CodeCorners, MatchViews } from './types.js';

export * from './types.js';
export { FINGERPRINT_VERSION } from './fingerprint.js';

/** A view of a card: its grey pixels and the corners of its code in them. */
export interface CardView {
  grey: GreyImage;
  corners: CodeCorners;
}

/**
 * The fingerprint of a reference photo: the card around its code, brought into the code's
 * frame (the code's side 80 pixels, up to 5 sides around it, cropped to what the photo shows),
 * as grey bytes after a 14-byte header, so that the same photo always gives the same bytes
 * (their SHA-256 is logged).
 * @throws CachetError `ERR_INVALID_ARGUMENT` when the corners do not make a code in the photo.
 */
export function cardFingerprint(reference: CardView): Uint8Array<ArrayBuffer> {
  return encodeFingerprint(makeFingerprint(reference.grey, reference.corners));
}

/**
 * Compares the card around the code in `photo` with a reference's fingerprint: the photo is
 * brought into the reference's frame by the code's corners, the fit refined on the ink coarse
 * to fine, then the ink around the code (the code's own modules left out, its edge kept) is
 * correlated block by block. `views` adds the pictures a legal report shows.
 * @throws CachetError `ERR_INVALID_ARGUMENT` when `fingerprint` is not one.
 */
export function compareWithFingerprint(
  fingerprint: Uint8Array,
  photo: CardView,
  options: { views?: boolean } = {},
): CardMatch & { views?: MatchViews } {
  return compareCard(decodeFingerprint(fingerprint), photo.grey, photo.corners, !!options.views);
}
