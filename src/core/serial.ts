// Card serials: 64 random bits, shown to people in Crockford base32 grouped by four.
import { CachetError } from './errors.js';
import { toHex, writeBigUintBE } from './bytes.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Symbols of a 64-bit serial: ceil(64 / 5). */
const SYMBOLS = 13;

/** A fresh random 8-byte serial, from the runtime's CSPRNG. */
export function randomSerial(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(8));
}

/** The serial's canonical machine form: 16 lower-case hex digits. */
export function serialToHex(serial: Uint8Array): string {
  return toHex(serial);
}

/** Bytes (a multiple of 5) in Crockford base32, 8 symbols for each 5 bytes: ids people can read. */
export function crockfordBase32(bytes: Uint8Array): string {
  let text = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(acc >>> bits) & 31];
    }
  }
  return text;
}

/** The serial as people read it under the QR code: `7K3M-Q9XP-2HT4-W`. */
export function formatSerial(serial: Uint8Array): string {
  // 64 bits as 13 symbols of 5 bits, most significant first; the first symbol holds 4 bits.
  let text = '';
  let acc = 0;
  let bits = 1; // one leading zero bit makes 65 = 13 × 5
  for (const byte of serial) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(acc >>> bits) & 31];
      if (text.length % 5 === 4 && text.length < 15) text += '-';
    }
    acc &= (1 << bits) - 1;
  }
  return text;
}

/**
 * Reads a serial typed by a person: Crockford base32 (dashes, spaces and case ignored; O reads
 * as 0, I and L as 1), or the 16-digit hex machine form.
 * @throws CachetError `ERR_SERIAL_TEXT` naming what is wrong.
 */
export function parseSerial(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (/^[0-9A-F]{16}$/.test(compact)) return writeBigUintBE(BigInt(`0x${compact}`), 8);
  if (compact.length !== SYMBOLS) {
    throw new CachetError(
      'ERR_SERIAL_TEXT',
      `a serial has ${SYMBOLS} characters (like 7K3M-Q9XP-2HT4-W), this one has ${compact.length}`,
    );
  }
  let n = 0n;
  for (const ch of compact.replace(/O/g, '0').replace(/[IL]/g, '1')) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) {
      throw new CachetError('ERR_SERIAL_TEXT', `"${ch}" is not a character of a serial`);
    }
    n = (n << 5n) | BigInt(value);
  }
  if (n >= 1n << 64n) {
    throw new CachetError('ERR_SERIAL_TEXT', 'a serial starts with 0 to 9 or A to F');
  }
  return writeBigUintBE(n, 8);
}

/**
 * The hex prefix every serial starting with `text` shares: a printed serial typed in part
 * (`7K3M-Q9`), or 16 hex digits. Each base32 symbol holds 5 bits (the first one 4), so a prefix
 * of k symbols fixes ⌊(5k − 1) / 4⌋ hex digits.
 * @throws CachetError `ERR_SERIAL_TEXT`.
 */
export function serialPrefixToHex(text: string): string {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (/^[0-9A-F]{16}$/.test(compact) || compact.length === SYMBOLS) {
    return toHex(parseSerial(text));
  }
  if (compact.length === 0 || compact.length > SYMBOLS) {
    throw new CachetError('ERR_SERIAL_TEXT', `give 1 to ${SYMBOLS} characters of a serial`);
  }
  let n = 0n;
  for (const ch of compact.replace(/O/g, '0').replace(/[IL]/g, '1')) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0)
      throw new CachetError('ERR_SERIAL_TEXT', `"${ch}" is not a character of a serial`);
    n = (n << 5n) | BigInt(value);
  }
  const bits = 5 * compact.length - 1;
  const digits = Math.floor(bits / 4);
  if (digits === 0) return '';
  return (n >> BigInt(bits - 4 * digits)).toString(16).padStart(digits, '0');
}
