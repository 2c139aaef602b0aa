// Telling the card as issued from a copy: the fingerprint of a reference photo and the
// comparison of a later photo with it. Portable: grey pixels and code corners in, no decoder.
import { CachetError } from '../errors.js';
import type { CardMatch, GreyImage, CodeCorners, MatchViews } from './types.js';

export * from './types.js';

/** A view of a card: its grey pixels and the corners of its code in them. */
export interface CardView {
  grey: GreyImage;
  corners: CodeCorners;
}

/**
 * The fingerprint of a reference photo: the card around its code, brought into the code's
 * frame, serialised so that the same photo always gives the same bytes (their SHA-256 is logged).
 */
export function cardFingerprint(_reference: CardView): Uint8Array<ArrayBuffer> {
  throw new CachetError('ERR_INTERNAL', 'the card comparison is not built yet');
}

/** Compares the card around the code in `photo` with a reference's fingerprint. */
export function compareWithFingerprint(
  _fingerprint: Uint8Array,
  _photo: CardView,
  _options: { views?: boolean } = {},
): CardMatch & { views?: MatchViews } {
  throw new CachetError('ERR_INTERNAL', 'the card comparison is not built yet');
}
