// The card as issued, compared with a later photo of it: the shapes every runtime shares. The
// code's four corners anchor a photo to the card's own frame; the fingerprint is the reference
// brought into that frame, the only form of it a comparison needs.

export interface Point {
  x: number;
  y: number;
}

/** A QR code's four corners in an image, as the reader reports them (in the code's own sense). */
export interface CodeCorners {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

/** Grey levels, one byte a pixel (0 black), row by row. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A code found in a photo: its text and where it lies. */
export interface FoundCode {
  text: string;
  corners: CodeCorners;
}

/** A photo read for comparison: its grey pixels (upright, EXIF applied) and the codes in it. */
export interface CardPhoto {
  grey: GreyImage;
  codes: FoundCode[];
}

export type MatchResult = 'same-card' | 'different-card' | 'cannot-tell';

/** The answer of one comparison, as the JSON field `match` carries it. */
export interface CardMatch {
  result: MatchResult;
  /** How alike the card around the code is, 0 (nothing alike) to 1 (the same). */
  score: number;
  /** What was compared, in words a reader of the JSON understands. */
  compared: {
    /** The part of the reference's area around the code the photo shows, 0 to 1. */
    coverage: number;
    /** Blocks of ink compared, and how many of them matched. */
    blocks: number;
    matched: number;
    /**
     * Of those, the blocks in the strip around the code's edge (where the associate signs across
     * it, so a code cut out of another card shows a broken stroke), and how many matched.
     */
    edge?: { blocks: number; matched: number };
    /** Why the answer is `cannot-tell`, when it is. */
    reason?: string;
  };
}

/** The pictures a legal report shows: all in the card's frame, the same size. */
export interface MatchViews {
  reference: GreyImage;
  /** The photo brought into the card's frame. */
  photo: GreyImage;
  /** Where the two differ: dark where they differ most. */
  difference: GreyImage;
}

/**
 * The runtime's part of comparing cards: it decodes photos (sharp in a worker thread on Node, a
 * decoder made for Workers there) and runs the portable comparison where it blocks nothing.
 */
export interface CardMatcher {
  /**
   * The codes a reference photo shows, each with the fingerprint of the card around it.
   * @throws CachetError `ERR_IMAGE_UNREADABLE`, `ERR_IMAGE_TOO_LARGE` or `ERR_IMAGE_TYPE`.
   */
  fingerprints(photo: Uint8Array): Promise<{ text: string; fingerprint: Uint8Array }[]>;
  /**
   * Each code the photo shows, with the card around it compared with the fingerprint; the views
   * (reference, rectified photo, difference) only when asked, for legal's report.
   */
  compare(
    fingerprint: Uint8Array,
    photo: Uint8Array,
    options?: { views?: boolean },
  ): Promise<{ text: string; match: CardMatch & { views?: MatchViews } }[]>;
}
