// QR codes for card URLs: the prefix in alphanumeric mode, the digits in numeric mode (docs/token.md, the QR code).
import QRCode, { type QRCodeSegment } from 'qrcode';
import { CachetError } from '../core/index.js';

export type Ecc = 'L' | 'M' | 'Q' | 'H';
export const ECC_LEVELS: readonly Ecc[] = ['L', 'M', 'Q', 'H'];

/** Characters QR alphanumeric mode can hold (ISO/IEC 18004 §7.4.4). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** A card URL split for the QR code: `HTTPS://HOST/C/` upper-cased, then the digits. */
function splitCardUrl(url: string): { prefix: string; digits: string } {
  const match = /^(.*\/c\/)(\d+)$/i.exec(url);
  if (!match) throw new CachetError('ERR_URL', `not a card URL: ${url}`);
  return { prefix: match[1]!.toUpperCase(), digits: match[2]! };
}

/**
 * The two segments of a card URL: the prefix in alphanumeric mode (hosts and schemes ignore
 * case, and the server answers /C/ like /c/), then the token digits in numeric mode.
 */
export function qrSegments(url: string): QRCodeSegment[] {
  const { prefix, digits } = splitCardUrl(url);
  const head: QRCodeSegment = ALPHANUMERIC.test(prefix)
    ? { data: prefix, mode: 'alphanumeric' }
    : { data: new TextEncoder().encode(prefix), mode: 'byte' };
  return [head, { data: digits, mode: 'numeric' }];
}

/** The exact text a phone reads out of the card's QR code. */
export function qrText(url: string): string {
  const { prefix, digits } = splitCardUrl(url);
  return prefix + digits;
}

/** The card URL's QR code alone as SVG, with the 4-module quiet zone: for designers. */
export function qrSvg(url: string, ecc: Ecc = 'M'): Promise<string> {
  return QRCode.toString(qrSegments(url), { errorCorrectionLevel: ecc, margin: 4, type: 'svg' });
}
