// Remembers which key verified a token's exact text, so a card scanned a million times on its
// viral day costs one parse and one Ed25519 verification. Everything that can change (key
// validity, registry, revocation) is still checked on every request.
import { BoundedMap } from './bounded-map.js';
import type { CardToken } from './token.js';

/** What one token text turned out to be: its parsed form and the kid that verified it, or null. */
export interface MemoEntry {
  token: CardToken;
  kid: string | null;
}

/**
 * A bounded, least-recently-used map from a token's text (its digits, or the hex of its bytes)
 * to what its check found. A text that parses has exactly one byte form, so the text is the key.
 * A capacity of 0 remembers nothing.
 */
export class SignatureMemo extends BoundedMap<string, MemoEntry> {
  constructor(capacity = 10_000) {
    super(capacity, 'least-recently-used');
  }
}
