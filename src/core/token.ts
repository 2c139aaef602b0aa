// The CT1 card token: its byte layout, its signing input, and its text form.
import { CachetError } from './errors.js';
import { concatBytes } from './bytes.js';
import { bytesToDigits, digitsToBytes } from './digits.js';
import { MAX_DAY } from './dates.js';
import { occasionName } from './occasions.js';
import { signEd25519 } from './ed25519.js';

/** Byte 0 of every CT1 token. */
export const CT1_VERSION = 0x01;
/** Flags bit 0: a 16-byte addressee commitment follows the flags byte. */
export const FLAG_ADDRESSEE = 0x01;
/** Bytes before the optional commitment: version, key id, serial, date, boutique, associate, occasion, flags. */
const HEADER_LENGTH = 22;
const ADDRESSEE_LENGTH = 16;
const SIGNATURE_LENGTH = 64;
/** The byte lengths a CT1 token can have: without and with the addressee commitment. */
export const CT1_LENGTHS = [
  HEADER_LENGTH + SIGNATURE_LENGTH,
  HEADER_LENGTH + ADDRESSEE_LENGTH + SIGNATURE_LENGTH,
] as const;
/** The most a boutique number may be: two bytes in the token. */
export const MAX_BOUTIQUE = 0xffff;
/** The most an associate number may be: three bytes in the token. */
export const MAX_ASSOCIATE = 0xffffff;
/** The context the signature covers before the token bytes: ASCII `cachet/card/v1`, then 0x00. */
const CONTEXT = new TextEncoder().encode('cachet/card/v1\0');

/** What a card token claims; everything the signature covers but the version and flags. */
export interface CardClaims {
  /** First 4 bytes of the signing key's RFC 7638 thumbprint. */
  keyId: Uint8Array;
  /** 8 random bytes, unique in the registry. */
  serial: Uint8Array;
  /** Issue date, in days since 2000-01-01 UTC. */
  issued: number;
  /** Boutique number, 0 to 65535. */
  boutique: number;
  /** Sales associate number, 0 to 16777215. */
  associate: number;
  /** Occasion code from the fixed table in occasions.ts. */
  occasion: number;
  /** Optional 16-byte commitment to the addressee (flags bit 0). */
  addressee?: Uint8Array | undefined;
}

/** A parsed token: its claims, the bytes the signature covers, and the signature. */
export interface CardToken {
  claims: CardClaims;
  /** Every token byte before the signature. */
  body: Uint8Array;
  signature: Uint8Array;
  bytes: Uint8Array;
}

function checkRange(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${field} must be an integer from 0 to ${max}`);
  }
}

/** The token bytes before the signature, for `claims`. Throws for claims out of range. */
export function encodeClaims(claims: CardClaims): Uint8Array<ArrayBuffer> {
  if (claims.keyId.length !== 4)
    throw new CachetError('ERR_INVALID_ARGUMENT', 'keyId must be 4 bytes');
  if (claims.serial.length !== 8)
    throw new CachetError('ERR_INVALID_ARGUMENT', 'serial must be 8 bytes');
  checkRange(claims.issued, MAX_DAY, 'issued');
  checkRange(claims.boutique, MAX_BOUTIQUE, 'boutique');
  checkRange(claims.associate, MAX_ASSOCIATE, 'associate');
  if (occasionName(claims.occasion) === undefined) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `occasion ${claims.occasion} is not in the table`,
    );
  }
  const addressee = claims.addressee;
  if (addressee && addressee.length !== ADDRESSEE_LENGTH) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'addressee must be 16 bytes');
  }
  const out = new Uint8Array(HEADER_LENGTH + (addressee ? ADDRESSEE_LENGTH : 0));
  const view = new DataView(out.buffer);
  out[0] = CT1_VERSION;
  out.set(claims.keyId, 1);
  out.set(claims.serial, 5);
  view.setUint16(13, claims.issued);
  view.setUint16(15, claims.boutique);
  view.setUint16(17, claims.associate >>> 8);
  out[19] = claims.associate & 0xff;
  out[20] = claims.occasion;
  out[21] = addressee ? FLAG_ADDRESSEE : 0;
  if (addressee) out.set(addressee, HEADER_LENGTH);
  return out;
}

/** What the signature covers: the context string, 0x00, then every token byte before it. */
export function signingInput(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(CONTEXT, body);
}

/**
 * Parses token bytes into claims, body and signature. Does not check the signature.
 * @throws CachetError with an `ERR_TOKEN_*` code naming the field that is wrong.
 */
export function decodeToken(bytes: Uint8Array): CardToken {
  if (bytes.length < HEADER_LENGTH + SIGNATURE_LENGTH) {
    throw new CachetError(
      'ERR_TOKEN_LENGTH',
      `a token has at least 86 bytes, this one ${bytes.length}`,
    );
  }
  if (bytes[0] !== CT1_VERSION) {
    throw new CachetError('ERR_TOKEN_VERSION', `format version ${bytes[0]} is not CT1 (1)`);
  }
  const flags = bytes[21]!;
  if ((flags & ~FLAG_ADDRESSEE) !== 0) {
    throw new CachetError('ERR_TOKEN_FLAGS', `flags ${flags} set bits other than bit 0`);
  }
  const bodyLength = HEADER_LENGTH + (flags & FLAG_ADDRESSEE ? ADDRESSEE_LENGTH : 0);
  if (bytes.length !== bodyLength + SIGNATURE_LENGTH) {
    throw new CachetError(
      'ERR_TOKEN_LENGTH',
      `flags ${flags} make a ${bodyLength + SIGNATURE_LENGTH}-byte token, this one has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issued = view.getUint16(13);
  const occasion = bytes[20]!;
  if (occasionName(occasion) === undefined) {
    throw new CachetError('ERR_TOKEN_OCCASION', `occasion code ${occasion} is not in the table`);
  }
  const claims: CardClaims = {
    keyId: bytes.slice(1, 5),
    serial: bytes.slice(5, 13),
    issued,
    boutique: view.getUint16(15),
    associate: (view.getUint16(17) << 8) | bytes[19]!,
    occasion,
    addressee: flags & FLAG_ADDRESSEE ? bytes.slice(HEADER_LENGTH, bodyLength) : undefined,
  };
  return {
    claims,
    body: bytes.slice(0, bodyLength),
    signature: bytes.slice(bodyLength),
    bytes: bytes.slice(),
  };
}

/** Parses a token's decimal text form. Throws like {@link decodeToken} and `digitsToBytes`. */
export function parseTokenText(digits: string): CardToken {
  return decodeToken(digitsToBytes(digits, CT1_LENGTHS));
}

/** The decimal text form of token bytes. */
export function formatToken(bytes: Uint8Array): string {
  return bytesToDigits(bytes);
}

/** Signs `claims` into complete CT1 token bytes. */
export async function signCard(
  claims: CardClaims,
  privateKey: CryptoKey,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = encodeClaims(claims);
  return concatBytes(body, await signEd25519(privateKey, signingInput(body)));
}
