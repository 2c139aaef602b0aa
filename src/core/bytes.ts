// Small byte helpers shared by the core; no Buffer, so they run unchanged in every runtime.

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** Hex digit values by character code; -1 for characters that are not hex digits. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Bytes of an even-length hex string; throws TypeError on anything else. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0) throw new TypeError('expected an even-length hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i)] ?? -1;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new TypeError('expected an even-length hex string');
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** The concatenation of `parts`. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when both arrays hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The big-endian unsigned integer held in `bytes`. */
export function readBigUintBE(bytes: Uint8Array): bigint {
  return BigInt(`0x0${toHex(bytes)}`);
}

/** `n` as exactly `length` big-endian bytes; the caller guarantees it fits. */
export function writeBigUintBE(n: bigint, length: number): Uint8Array<ArrayBuffer> {
  // One conversion to hex is far cheaper than `length` BigInt shifts.
  return fromHex(n.toString(16).padStart(2 * length, '0'));
}

/** A copy of `bytes` backed by its own ArrayBuffer, as WebCrypto's typings want. */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
