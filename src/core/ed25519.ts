// Strict Ed25519 over WebCrypto: the same accept/reject answer in Node, workerd and browsers.
//
// WebCrypto implementations differ at the edges (Node's OpenSSL accepts signatures under
// small-order public keys), so the encoding rules are checked here, in plain code, before the
// platform is asked about the curve equation.
import { CachetError } from './errors.js';
import { ownBytes, readBigUintLE } from './bytes.js';

const ED25519 = { name: 'Ed25519' } as const;

/** The field prime p = 2^255 − 19 (RFC 8032 §5.1). */
const P = 2n ** 255n - 19n;
/** The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
/** y of one point of order 8; the other order-8 points have y or p − y (libsodium's blocklist). */
const Y_ORDER_8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
/**
 * The y coordinates of the eight points of small order: 1 (the identity), p − 1 (order 2),
 * 0 (order 4) and ±Y_ORDER_8 (order 8). Each y stands for both signs of x, which also covers
 * the non-canonical "negative zero" encodings of y = 1 and y = p − 1.
 */
const SMALL_ORDER_Y = new Set([0n, 1n, P - 1n, Y_ORDER_8, P - Y_ORDER_8]);

/** The y coordinate of an encoded point, or undefined when the encoding is not canonical. */
function canonicalY(encoded: Uint8Array): bigint | undefined {
  // RFC 8032 §5.1.3: the low 255 bits are y; y ≥ p is a non-canonical encoding.
  const y = readBigUintLE(encoded) & (2n ** 255n - 1n);
  return y < P ? y : undefined;
}

/** True when `point` is a canonical encoding of a point that is not of small order. */
function isStrictPoint(point: Uint8Array): boolean {
  const y = canonicalY(point);
  return y !== undefined && !SMALL_ORDER_Y.has(y);
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
  if (readBigUintLE(signature.subarray(32)) >= L) return false;
  return isStrictPoint(signature.subarray(0, 32));
}

function assertBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${what} must be a Uint8Array`);
  }
}

/**
 * Imports a raw public key for verification after the strict checks.
 * @throws CachetError `ERR_KEY_INVALID` for a key a strict verifier must refuse.
 */
export async function importVerifyKey(publicKey: Uint8Array): Promise<CryptoKey> {
  assertBytes(publicKey, 'publicKey');
  if (!isStrictPublicKey(publicKey)) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      'public key is not a canonical 32-byte Ed25519 point of large order',
    );
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
  key: CryptoKey,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  assertBytes(message, 'message');
  assertBytes(signature, 'signature');
  if (!isStrictSignature(signature)) return false;
  try {
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
  let key: CryptoKey;
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
