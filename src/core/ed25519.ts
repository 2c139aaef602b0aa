// Strict Ed25519 over WebCrypto: the same accept/reject answer in Node, workerd and browsers.
//
// WebCrypto implementations differ at the edges (Node's OpenSSL accepts signatures under
// small-order public keys), so the encoding rules are checked here, in plain code, before the
// platform is asked about the curve equation.
import { CachetError } from './errors.js';
import { fromHex, ownBytes, toHex } from './bytes.js';

const ED25519 = { name: 'Ed25519' } as const;

// The checks below work on the little-endian bytes directly: they run on every verification.

/** The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1), little-endian. */
const L_BYTES = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/**
 * The y coordinates (little-endian, sign bit cleared) of the eight points of small order:
 * 1 (the identity), p − 1 (order 2), 0 (order 4), and the two of order 8 (libsodium's
 * blocklist). Each y stands for both signs of x, which also covers the non-canonical
 * "negative zero" encodings of y = 1 and y = p − 1.
 */
const SMALL_ORDER_Y = new Set([
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
]);

/** True when the 32 little-endian bytes `a` are below those of `b`. */
function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return false;
}

/** True when `point` is a canonical encoding of a point that is not of small order. */
function isStrictPoint(point: Uint8Array): boolean {
  // RFC 8032 §5.1.3: the low 255 bits are y; y ≥ p = 2^255 − 19 is a non-canonical encoding,
  // which in bytes is ed ff … ff 7f or above (the sign bit cleared).
  const y = point.slice(0, 32);
  y[31]! &= 0x7f;
  if (y[31] === 0x7f && y[0]! >= 0xed && y.subarray(1, 31).every((b) => b === 0xff)) return false;
  return !SMALL_ORDER_Y.has(toHex(y));
}

/**
 * True when `publicKey` is 32 bytes, canonically encoded and not of small order. Whether it is
 * on the curve at all is left to WebCrypto, which refuses such keys.
 */
export function isStrictPublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === 32 && isStrictPoint(publicKey);
}

/** True when `signature` is 64 bytes with a canonical, non-small-order R and S < L. */
function isStrictSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  // RFC 8032 §5.1.7 step 1: reject S ≥ L (malleability).
  if (!lessThan(signature.subarray(32), L_BYTES)) return false;
  return isStrictPoint(signature.subarray(0, 32));
}

function assertBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${what} must be a Uint8Array`);
  }
}

/**
 * Ed25519 verification in plain code, for a browser whose WebCrypto has no Ed25519: given to
 * {@link useEd25519Fallback} by the entries that run there (`cachet/verify`, the offline page),
 * never by the server. It is asked only after the strict checks above, and must itself verify
 * by RFC 8032 (cofactorless, not ZIP 215).
 */
export interface Ed25519Fallback {
  /** True when the 32 bytes decode to a point on the curve. */
  isPoint(publicKey: Uint8Array): boolean;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean>;
}

/** A public key held as bytes, for the fallback. */
export interface FallbackVerifyKey {
  readonly fallback: Ed25519Fallback;
  readonly raw: Uint8Array;
}

/** What {@link importVerifyKey} gives: a WebCrypto key, or bytes for the fallback. */
export type VerifyKey = CryptoKey | FallbackVerifyKey;

let fallback: Ed25519Fallback | null = null;
let fallbackAlways = false;
let webCryptoHasEd25519: Promise<boolean> | null = null;
/** The base point's encoding (RFC 8032 §5.1): a key every Ed25519 WebCrypto imports. */
const BASE_POINT = fromHex('5866666666666666666666666666666666666666666666666666666666666666');

/**
 * Lets verification go on where WebCrypto lacks Ed25519, with `impl` (see
 * {@link Ed25519Fallback}); null takes it away. Where WebCrypto has Ed25519 it is not used,
 * unless `always` (for cross-checking one against the other). Keys imported before keep theirs.
 */
export function useEd25519Fallback(
  impl: Ed25519Fallback | null,
  options: { always?: boolean } = {},
): void {
  fallback = impl;
  fallbackAlways = impl !== null && options.always === true;
}

/** True when this runtime's WebCrypto verifies Ed25519 (asked once). */
export function hasWebCryptoEd25519(): Promise<boolean> {
  webCryptoHasEd25519 ??= crypto.subtle
    .importKey('raw', BASE_POINT, ED25519, false, ['verify'])
    .then(
      () => true,
      () => false,
    );
  return webCryptoHasEd25519;
}

/**
 * Imports a raw public key for verification after the strict checks.
 * @throws CachetError `ERR_KEY_INVALID` for a key a strict verifier must refuse.
 */
export async function importVerifyKey(publicKey: Uint8Array): Promise<VerifyKey> {
  assertBytes(publicKey, 'publicKey');
  if (!isStrictPublicKey(publicKey)) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      'public key is not a canonical 32-byte Ed25519 point of large order',
    );
  }
  if (fallback && (fallbackAlways || !(await hasWebCryptoEd25519()))) {
    if (!fallback.isPoint(publicKey)) {
      throw new CachetError('ERR_KEY_INVALID', 'public key is not a point on Ed25519');
    }
    return { fallback, raw: publicKey.slice() };
  }
  try {
    return await crypto.subtle.importKey('raw', ownBytes(publicKey), ED25519, true, ['verify']);
  } catch (cause) {
    throw new CachetError('ERR_KEY_INVALID', 'public key is not a point on Ed25519', { cause });
  }
}

/**
 * Verifies `signature` over `message` with a key from {@link importVerifyKey}. A bad signature
 * is an answer (false), never an exception.
 */
export async function verifyWithKey(
  key: VerifyKey,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  assertBytes(message, 'message');
  assertBytes(signature, 'signature');
  if (!isStrictSignature(signature)) return false;
  try {
    if ('fallback' in key) return await key.fallback.verify(signature, message, key.raw);
    return await crypto.subtle.verify(ED25519, key, ownBytes(signature), ownBytes(message));
  } catch {
    return false; // e.g. an R that is not on the curve, in runtimes that throw for it
  }
}

/**
 * The strict raw check every verdict uses: true only for a valid Ed25519 signature whose S is
 * below L, whose R and public key are canonical encodings and not of small order.
 * Wrong lengths give false; only values that are not Uint8Arrays throw.
 */
export async function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  assertBytes(publicKey, 'publicKey');
  assertBytes(message, 'message');
  assertBytes(signature, 'signature');
  let key: VerifyKey;
  try {
    key = await importVerifyKey(publicKey);
  } catch {
    return false;
  }
  return verifyWithKey(key, message, signature);
}

/** Signs `message` with an Ed25519 private CryptoKey (RFC 8032 §5.1.6; deterministic). */
export async function signEd25519(
  privateKey: CryptoKey,
  message: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, ownBytes(message)));
}

/** Imports an Ed25519 private key for signing from its JWK members `x` and `d` (base64url). */
export function importEd25519PrivateJwk(x: string, d: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x, d }, ED25519, false, [
    'sign',
  ]);
}
