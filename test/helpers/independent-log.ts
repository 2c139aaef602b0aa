// A second implementation of what a card's log proof claims, written apart from src/core from
// RFC 9162, C2SP signed-note, tlog-checkpoint and tlog-proof alone, on node:crypto: the test's
// stand-in for a journalist's own tool. True only if every part holds. It reads the three entry
// types the spec defines: a card's issuance (0x01), a reference photo of it (0x02) and a claim
// event on it (0x03).
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null. */
export function rootFrom(leaf: Buffer, index: number, size: number, path: Buffer[]): Buffer | null {
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return null;
    if (fn & 1n || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while (!(fn & 1n) && fn !== 0n) [fn, sn] = [fn >> 1n, sn >> 1n];
    } else r = sha(Buffer.from([1]), r, p);
    [fn, sn] = [fn >> 1n, sn >> 1n];
  }
  return sn === 0n ? r : null;
}

/** Whether `note` carries a valid Ed25519 signature (type 0x01) by the key of `vkey`. */
export function noteSignedBy(note: string, vkey: string): boolean {
  // name+id+base64(type ‖ key); the base64 may hold '+' itself.
  const [name, id, ...rest] = vkey.trim().split('+') as [string, string, ...string[]];
  const material = Buffer.from(rest.join('+'), 'base64');
  if (
    material[0] !== 1 ||
    sha(Buffer.from(`${name}\n`), material)
      .subarray(0, 4)
      .toString('hex') !== id
  ) {
    return false;
  }
  const split = note.lastIndexOf('\n\n');
  const body = Buffer.from(note.slice(0, split + 1));
  const spki = Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    material.subarray(1),
  ]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return note
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.startsWith(`— ${name} `))
    .some((line) => {
      const sig = Buffer.from(line.slice(`— ${name} `.length), 'base64');
      return sig.subarray(0, 4).toString('hex') === id && verify(null, body, key, sig.subarray(4));
    });
}

/** A tlog-proof's parts: its entry (extra), index, path and checkpoint; null if malformed. */
function proofParts(proof: string) {
  const blank = proof.indexOf('\n\n');
  const lines = proof.slice(0, blank).split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1' || !lines[1]?.startsWith('extra ')) return null;
  return {
    entry: Buffer.from(lines[1].slice(6), 'base64'),
    index: Number(/^index (\d+)$/.exec(lines[2] ?? '')?.[1] ?? NaN),
    path: lines.slice(3).map((l) => Buffer.from(l, 'base64')),
    checkpoint: proof.slice(blank + 2),
  };
}

/** The token's bytes from its 208 or 246 decimal digits. */
function tokenOf(digits: string): Buffer {
  return Buffer.from(
    BigInt(digits)
      .toString(16)
      .padStart(digits.length === 208 ? 172 : 204, '0'),
    'hex',
  );
}

/** The inclusion path leads from the entry's leaf to the root of a checkpoint `vkey` signed. */
function includedAndSigned(parts: NonNullable<ReturnType<typeof proofParts>>, vkey: string) {
  const [, size, root] = parts.checkpoint.split('\n');
  const computed = rootFrom(
    sha(Buffer.from([0]), parts.entry),
    parts.index,
    Number(size),
    parts.path,
  );
  return (
    computed !== null &&
    computed.toString('base64') === root &&
    noteSignedBy(parts.checkpoint, vkey)
  );
}

/** Whether `proof` shows the card of `digits` in the log of `vkey`. */
export function independentlyProven(proof: string, digits: string, vkey: string): boolean {
  const parts = proofParts(proof);
  if (!parts) return false;
  const { entry } = parts;
  // The entry: 0x01, u64 logged-at, u16 day, 4-byte key id, SHA-256("cachet/log/v1\0" ‖ token).
  const tokenBytes = tokenOf(digits);
  if (entry.length !== 47 || entry[0] !== 1) return false;
  if (!entry.subarray(11, 15).equals(tokenBytes.subarray(1, 5))) return false;
  if (!entry.subarray(9, 11).equals(tokenBytes.subarray(13, 15))) return false;
  if (!entry.subarray(15).equals(sha(Buffer.from('cachet/log/v1\0'), tokenBytes))) return false;
  return includedAndSigned(parts, vkey);
}

/** A reference entry (type 0x02) as this checker reads it, from spec/ct1.md alone. */
export interface IndependentReference {
  loggedAt: number;
  tokenHash: string;
  photoSha256: string;
  fingerprintSha256: string;
}

/**
 * Decodes a reference entry: 0x02, u64 logged-at, SHA-256("cachet/log/v1\0" ‖ token), the
 * photo's SHA-256 and the fingerprint's SHA-256, 105 bytes; null for anything else.
 */
export function decodeReferenceIndependently(entry: Buffer): IndependentReference | null {
  if (entry.length !== 105 || entry[0] !== 2) return null;
  return {
    loggedAt: Number(entry.readBigUInt64BE(1)),
    tokenHash: entry.subarray(9, 41).toString('hex'),
    photoSha256: entry.subarray(41, 73).toString('hex'),
    fingerprintSha256: entry.subarray(73, 105).toString('hex'),
  };
}

/**
 * Whether `proof` shows a reference photo of the card of `digits` in the log of `vkey` and,
 * given `photo`, that it is that very photo.
 */
export function independentlyProvenReference(
  proof: string,
  digits: string,
  vkey: string,
  photo?: Buffer,
): boolean {
  const parts = proofParts(proof);
  const reference = parts && decodeReferenceIndependently(parts.entry);
  if (!parts || !reference) return false;
  const tokenHash = sha(Buffer.from('cachet/log/v1\0'), tokenOf(digits)).toString('hex');
  if (reference.tokenHash !== tokenHash) return false;
  if (photo && sha(photo).toString('hex') !== reference.photoSha256) return false;
  return includedAndSigned(parts, vkey);
}

/** A claim entry (type 0x03) as this checker reads it, from spec/ct1.md alone. */
export interface IndependentClaim {
  loggedAt: number;
  tokenHash: string;
  event: 'claimed' | 'changed' | 'released' | 'voided';
  claim: number;
  shown: { handle: boolean; photo: boolean };
  handleHash: string;
}

const CLAIM_EVENT_NAMES = [undefined, 'claimed', 'changed', 'released', 'voided'] as const;

/**
 * Decodes a claim entry: 0x03, u64 logged-at, the token hash, event u8 (1 claimed, 2 changed,
 * 3 released, 4 voided), claim number u16 (never 0), shown u8 (bit 0 name, bit 1 photo, no other
 * bit) and the name hash (zeros unless bit 0), 77 bytes; null for anything else.
 */
export function decodeClaimIndependently(entry: Buffer): IndependentClaim | null {
  if (entry.length !== 77 || entry[0] !== 3) return null;
  const event = CLAIM_EVENT_NAMES[entry[41]!];
  const claim = entry.readUInt16BE(42);
  const flags = entry[44]!;
  const handleHash = entry.subarray(45, 77);
  if (!event || claim === 0 || flags > 3) return null;
  if (!(flags & 1) && handleHash.some((b) => b !== 0)) return null;
  if ((event === 'released' || event === 'voided') && flags !== 0) return null;
  return {
    loggedAt: Number(entry.readBigUInt64BE(1)),
    tokenHash: entry.subarray(9, 41).toString('hex'),
    event,
    claim,
    shown: { handle: (flags & 1) !== 0, photo: (flags & 2) !== 0 },
    handleHash: handleHash.toString('hex'),
  };
}

/** SHA-256("cachet/claim-handle/v1" ‖ 0x00 ‖ token ‖ the name's UTF-8 in NFC), as hex. */
export function claimNameHashIndependently(digits: string, name: string): string {
  return sha(
    Buffer.from('cachet/claim-handle/v1\0'),
    tokenOf(digits),
    Buffer.from(name.normalize('NFC'), 'utf8'),
  ).toString('hex');
}

/** The token hash of the card of `digits`: SHA-256("cachet/log/v1" ‖ 0x00 ‖ token), as hex. */
export function tokenHashIndependently(digits: string): string {
  return sha(Buffer.from('cachet/log/v1\0'), tokenOf(digits)).toString('hex');
}

/**
 * Whether `proof` shows `entry` (any type: the tree is over bytes) at its index in the log of
 * `vkey`: the proof's entry is these very bytes, and its path leads to a signed root.
 */
export function independentlyProvenEntry(proof: string, entry: Buffer, vkey: string): boolean {
  const parts = proofParts(proof);
  return !!parts && parts.entry.equals(entry) && includedAndSigned(parts, vkey);
}
