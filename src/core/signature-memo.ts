// Remembers which key verified a token's exact text, so a card scanned a million times on its
// viral day costs one parse and one Ed25519 verification. Everything that can change (key
// validity, registry, revocation) is still checked on every request.
import type { CardToken } from './token.js';

/** What one token text turned out to be: its parsed form and the kid that verified it, or null. */
export interface MemoEntry {
  token: CardToken;
  kid: string | null;
}

/**
 * A bounded, least-recently-used map from a token's text (its digits, or the hex of its bytes)
 * to what its check found. A text that parses has exactly one byte form, so the text is the key.
 */
export class SignatureMemo {
  readonly capacity: number;
  readonly #entries = new Map<string, MemoEntry>();

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  /** The remembered outcome (kid null: no trusted key verified it), or undefined if unknown. */
  get(token: string): MemoEntry | undefined {
    const outcome = this.#entries.get(token);
    if (outcome !== undefined) {
      this.#entries.delete(token); // move to the most recent end
      this.#entries.set(token, outcome);
    }
    return outcome;
  }

  set(token: string, outcome: MemoEntry): void {
    if (this.capacity <= 0) return;
    if (this.#entries.size >= this.capacity && !this.#entries.has(token)) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(token, outcome);
  }

  get size(): number {
    return this.#entries.size;
  }
}
