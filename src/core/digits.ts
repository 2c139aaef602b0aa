// The CT1 text form: the token as one big-endian integer in fixed-width decimal (QR numeric mode).
import { CachetError } from './errors.js';
import { readBigUintBE, writeBigUintBE } from './bytes.js';

/**
 * The number of digits for an n-byte token: ceil(8 · n · log10 2), computed exactly as the
 * length of 256^n − 1 written in decimal (8 · n · log10 2 is never an integer for n > 0).
 */
export function digitWidth(byteLength: number): number {
  let width = widths.get(byteLength);
  if (width === undefined) {
    width = (256n ** BigInt(byteLength) - 1n).toString().length;
    widths.set(byteLength, width);
  }
  return width;
}
const widths = new Map<number, number>();

/** `bytes` as a big-endian integer in decimal, left-padded to {@link digitWidth}. */
export function bytesToDigits(bytes: Uint8Array): string {
  return readBigUintBE(bytes).toString().padStart(digitWidth(bytes.length), '0');
}

/**
 * The bytes of a token's text form. `byteLengths` lists the lengths a token may have; the
 * width of `digits` picks one.
 * @throws CachetError for any other character, any other width, or a value too large.
 */
export function digitsToBytes(
  digits: string,
  byteLengths: readonly number[],
): Uint8Array<ArrayBuffer> {
  if (digits.length === 0) throw new CachetError('ERR_TOKEN_EMPTY', 'the token is empty');
  if (!/^[0-9]+$/.test(digits)) {
    throw new CachetError('ERR_TOKEN_CHARACTERS', 'a token holds decimal digits 0-9 only');
  }
  const byteLength = byteLengths.find((n) => digitWidth(n) === digits.length);
  if (byteLength === undefined) {
    const widths = byteLengths.map(digitWidth).join(' or ');
    throw new CachetError(
      'ERR_TOKEN_WIDTH',
      `a token has ${widths} digits, this one has ${digits.length}`,
    );
  }
  const value = BigInt(digits);
  if (value >> BigInt(8 * byteLength) !== 0n) {
    throw new CachetError('ERR_TOKEN_OVERFLOW', `the number does not fit in ${byteLength} bytes`);
  }
  return writeBigUintBE(value, byteLength);
}
