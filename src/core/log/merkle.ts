// RFC 9162 (RFC 6962) Merkle trees over SHA-256: leaf and node hashes, tree heads, and inclusion
// and consistency proofs, made and checked. Sizes and indexes are plain numbers (exact up to
// 2^53), halved by division: JavaScript's bit operators stop at 32 bits.
import { concatBytes, equalBytes } from '../bytes.js';

export const HASH_SIZE = 32;

/** SHA-256 through WebCrypto, in every runtime. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
}

/** The hash of a leaf: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(concatBytes(new Uint8Array([0]), entry));
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(concatBytes(new Uint8Array([1]), left, right));
}

/** The largest power of two below `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * Where the hashes of a tree are read: the hash of the complete subtree of 2^level leaves that
 * starts at leaf `index · 2^level` (level 0: leaf hashes). A log answers from its tiles, a
 * test from an array.
 */
export type HashReader = (level: number, index: number) => Promise<Uint8Array>;

/** The tree head MTH(D[start : start + n]) from complete subtrees. */
export async function subtreeHash(start: number, n: number, read: HashReader): Promise<Uint8Array> {
  if (n === 0) return sha256(new Uint8Array());
  if (isPowerOfTwo(n) && start % n === 0) return read(Math.log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(await subtreeHash(start, k, read), await subtreeHash(start + k, n - k, read));
}

/** The root of a tree of `size` leaves. */
export function rootHash(size: number, read: HashReader): Promise<Uint8Array> {
  return subtreeHash(0, size, read);
}

/** A reader over leaf hashes held in memory: each complete subtree hashed once, then kept. */
export function memoryReader(leaves: Uint8Array[]): HashReader {
  const known = new Map<string, Promise<Uint8Array>>();
  const read: HashReader = (level, index) => {
    if ((index + 1) * 2 ** level > leaves.length) {
      return Promise.reject(new RangeError(`no complete subtree ${level}/${index}`));
    }
    if (level === 0) return Promise.resolve(leaves[index]!);
    const key = `${level}/${index}`;
    let hash = known.get(key);
    if (!hash) {
      hash = Promise.all([read(level - 1, 2 * index), read(level - 1, 2 * index + 1)]).then(
        ([left, right]) => nodeHash(left, right),
      );
      known.set(key, hash);
    }
    return hash;
  };
  return read;
}

/** The audit path of leaf `index` in a tree of `size` leaves (RFC 9162 §2.1.3.1), leaf side first. */
export async function inclusionProof(
  index: number,
  size: number,
  read: HashReader,
): Promise<Uint8Array[]> {
  if (!(index >= 0 && index < size))
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Uint8Array[] = [];
  // Walk down from the root, keeping the sibling subtree at each split; reverse at the end.
  let start = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      path.push(await subtreeHash(start + k, n - k, read));
      n = k;
    } else {
      path.push(await subtreeHash(start, k, read));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return path.reverse();
}

/** The proof that a tree of `size1` leaves is a prefix of one of `size2` (RFC 9162 §2.1.4.1). */
export async function consistencyProof(
  size1: number,
  size2: number,
  read: HashReader,
): Promise<Uint8Array[]> {
  if (!(size1 >= 0 && size1 <= size2)) throw new RangeError(`no proof from ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[start : start + n], whole), unrolled.
  let start = 0;
  let n = size2;
  let m = size1;
  let whole = true;
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(await subtreeHash(start + k, n - k, read));
      n = k;
    } else {
      proof.push(await subtreeHash(start, k, read));
      start += k;
      m -= k;
      n -= k;
      whole = false;
    }
  }
  if (!whole) proof.push(await subtreeHash(start, m, read));
  return proof.reverse();
}

/**
 * True when `proof` leads from the leaf hash at `index` to `root` in a tree of `size` leaves
 * (RFC 9162 §2.1.3.2).
 */
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!(index >= 0 && index < size) || leaf.length !== HASH_SIZE) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * True when `proof` shows the tree of `size1` leaves with `root1` is a prefix of the tree of
 * `size2` leaves with `root2` (RFC 9162 §2.1.4.2).
 */
export async function verifyConsistency(
  size1: number,
  size2: number,
  proof: Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Promise<boolean> {
  if (!(size1 >= 0 && size1 <= size2)) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}
