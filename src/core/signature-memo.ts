// Remembers which key verified a token's exact bytes, so a card scanned a million times on its
// viral day costs one Ed25519 verification. Everything that can change (key validity, registry,
// revocation) is still checked on every request.

/** A bounded, least-recently-used map from token bytes (hex) to the kid that verified them, or null. */
export class SignatureMemo {
  readonly capacity: number;
  readonly #entries = new Map<string, string | null>();

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  /** The remembered outcome: a kid, null for "no trusted key verified it", undefined if unknown. */
  get(token: string): string | null | undefined {
    const outcome = this.#entries.get(token);
    if (outcome !== undefined) {
      this.#entries.delete(token); // move to the most recent end
      this.#entries.set(token, outcome);
    }
    return outcome;
  }

  set(token: string, outcome: string | null): void {
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
