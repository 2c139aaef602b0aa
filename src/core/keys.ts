// Signing keys as data: public JWKs with a status and the dates they may sign for, and a keyring.
import { base64url, calculateJwkThumbprint } from 'jose';
import { CachetError } from './errors.js';
import { equalBytes } from './bytes.js';
import { dateToDay, dayToDate } from './dates.js';
import { importEd25519PrivateJwk, importVerifyKey, type VerifyKey } from './ed25519.js';

export type KeyStatus = 'active' | 'retired' | 'compromised';
const STATUSES: readonly KeyStatus[] = ['active', 'retired', 'compromised'];

/** A public key as published in `keys/jwks.json` and at `/.well-known/jwks.json`. */
export interface PublicKeyJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  /** RFC 7638 SHA-256 thumbprint, base64url. */
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
  status: KeyStatus;
  /** First issue date (YYYY-MM-DD) the key may sign for. */
  validFrom: string;
  /** Last issue date it may sign for, when it has one (a retired key has). */
  validTo?: string;
  /** Cards dated on or after this date are forged (a compromised key has it). */
  compromisedSince?: string;
  /** A key made for trying Cachet out; never for real cards. */
  development?: boolean;
  /** `receipt` for the key that signs verification receipts; absent for a card-signing key. */
  purpose?: 'receipt';
}

/** A private key file: the public JWK plus `d`. */
export interface PrivateKeyJwk extends PublicKeyJwk {
  d: string;
}

/** A public key ready for verification. */
export interface TrustedKey {
  kid: string;
  /** The first 4 bytes of the thumbprint: the key id a token carries. */
  keyId: Uint8Array;
  status: KeyStatus;
  validFrom: number;
  validTo: number | undefined;
  compromisedSince: number | undefined;
  development: boolean;
  /** What the key signs: cards (CT1 tokens) or verification receipts; never both. */
  purpose: 'card' | 'receipt';
  verifyKey: VerifyKey;
  jwk: PublicKeyJwk;
}

/** A key that can sign: its trusted public half and the private CryptoKey. */
export interface Signer {
  key: TrustedKey;
  privateKey: CryptoKey;
}

/** The RFC 7638 SHA-256 thumbprint of an Ed25519 public key `x`, base64url. */
export function thumbprint(x: string): Promise<string> {
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
}

/** The 4-byte key id a token carries for `kid`. */
export function keyIdOf(kid: string): Uint8Array {
  return base64url.decode(kid).slice(0, 4);
}

function invalid(kid: unknown, why: string): CachetError {
  return new CachetError(
    'ERR_KEY_INVALID',
    `key ${typeof kid === 'string' ? kid : '(no kid)'}: ${why}`,
  );
}

function optionalDay(jwk: Record<string, unknown>, field: string): number | undefined {
  const value = jwk[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(jwk.kid, `${field} must be a date string`);
  try {
    return dateToDay(value);
  } catch {
    throw invalid(jwk.kid, `${field} "${value}" is not a date like 2026-11-23`);
  }
}

/**
 * Checks a public JWK (shape, dates, kid = thumbprint, strict point) and imports it.
 * @throws CachetError `ERR_KEY_INVALID` naming the field at fault.
 */
export async function importTrustedKey(value: unknown): Promise<TrustedKey> {
  if (typeof value !== 'object' || value === null) throw invalid(undefined, 'not a JSON object');
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
    throw invalid(jwk.kid, 'kty must be OKP and crv Ed25519');
  if (typeof jwk.x !== 'string') throw invalid(jwk.kid, 'x is missing');
  if (typeof jwk.kid !== 'string' || jwk.kid !== (await thumbprint(jwk.x))) {
    throw invalid(jwk.kid, 'kid must be the RFC 7638 SHA-256 thumbprint of the key');
  }
  if (!STATUSES.includes(jwk.status as KeyStatus)) {
    throw invalid(jwk.kid, `status must be one of ${STATUSES.join(', ')}`);
  }
  if (jwk.purpose !== undefined && jwk.purpose !== 'receipt') {
    throw invalid(jwk.kid, 'purpose must be "receipt" or absent (a card-signing key)');
  }
  const validFrom = optionalDay(jwk, 'validFrom');
  if (validFrom === undefined) throw invalid(jwk.kid, 'validFrom is missing');
  let publicKey: Uint8Array;
  try {
    publicKey = base64url.decode(jwk.x);
  } catch {
    throw invalid(jwk.kid, 'x is not base64url');
  }
  const verifyKey = await importVerifyKey(publicKey).catch((cause: unknown) => {
    throw invalid(jwk.kid, cause instanceof Error ? cause.message : 'unusable public key');
  });
  const published: PublicKeyJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    kid: jwk.kid,
    alg: 'EdDSA',
    use: 'sig',
    status: jwk.status as KeyStatus,
    validFrom: jwk.validFrom as string,
    ...(jwk.validTo !== undefined && { validTo: jwk.validTo as string }),
    ...(jwk.compromisedSince !== undefined && { compromisedSince: jwk.compromisedSince as string }),
    ...(jwk.development === true && { development: true }),
    ...(jwk.purpose === 'receipt' && { purpose: 'receipt' as const }),
  };
  return {
    kid: jwk.kid,
    keyId: keyIdOf(jwk.kid),
    status: published.status,
    validFrom,
    validTo: optionalDay(jwk, 'validTo'),
    compromisedSince: optionalDay(jwk, 'compromisedSince'),
    development: jwk.development === true,
    purpose: jwk.purpose === 'receipt' ? 'receipt' : 'card',
    verifyKey,
    jwk: published,
  };
}

/** Why a key may not have signed a card dated `day`, or undefined when it may. */
export function keyRefusesDate(key: TrustedKey, day: number): string | undefined {
  if (key.compromisedSince !== undefined && day >= key.compromisedSince) {
    return `the key was compromised from ${dayToDate(key.compromisedSince)}`;
  }
  if (key.status === 'compromised' && key.compromisedSince === undefined) {
    return 'the key is compromised';
  }
  if (day < key.validFrom) return `the key may sign only from ${dayToDate(key.validFrom)}`;
  if (key.validTo !== undefined && day > key.validTo) {
    return `the key may sign only until ${dayToDate(key.validTo)}`;
  }
  return undefined;
}

/** The trusted public keys, found by the 4-byte key id a token carries. */
export class Keyring {
  readonly keys: readonly TrustedKey[];

  constructor(keys: readonly TrustedKey[]) {
    this.keys = keys;
  }

  /** Every card key whose thumbprint starts with `keyId` (almost always one, or none). */
  find(keyId: Uint8Array): TrustedKey[] {
    return this.keys.filter((key) => key.purpose === 'card' && equalBytes(key.keyId, keyId));
  }

  /** The key with this full kid. */
  get(kid: string): TrustedKey | undefined {
    return this.keys.find((key) => key.kid === kid);
  }

  /** The public JWK Set, as served at `/.well-known/jwks.json`. */
  toJwks(): { keys: PublicKeyJwk[] } {
    return { keys: this.keys.map((key) => key.jwk) };
  }
}

/**
 * A keyring from a JWK Set (`{ keys: [...] }`).
 * @throws CachetError `ERR_KEY_INVALID` for the first key that does not pass the checks.
 */
export async function importKeyring(jwks: unknown): Promise<Keyring> {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) {
    throw new CachetError('ERR_KEY_INVALID', 'a JWK Set is an object with a "keys" array');
  }
  return new Keyring(await Promise.all(keys.map(importTrustedKey)));
}

/**
 * A signer from a private JWK whose public half is in `keyring`.
 * @throws CachetError `ERR_KEY_INVALID` or `ERR_KEY_NOT_FOUND`.
 */
export async function importSigner(value: unknown, keyring: Keyring): Promise<Signer> {
  const jwk = value as Partial<PrivateKeyJwk> | null;
  if (typeof jwk?.x !== 'string' || typeof jwk.d !== 'string') {
    throw invalid(jwk?.kid, 'a private key is an Ed25519 JWK with x and d');
  }
  const kid = await thumbprint(jwk.x);
  const key = keyring.get(kid);
  if (!key) {
    throw new CachetError(
      'ERR_KEY_NOT_FOUND',
      `the private key ${kid} has no public key in the JWK Set`,
    );
  }
  try {
    const privateKey = await importEd25519PrivateJwk(jwk.x, jwk.d);
    return { key, privateKey };
  } catch (cause) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      `private key ${kid} does not import: x and d disagree or are not Ed25519`,
      { cause },
    );
  }
}

/** What a new key may sign for. */
export interface NewKeyOptions {
  validFrom: string;
  validTo?: string | undefined;
  development?: boolean | undefined;
  /** Make a receipt-signing key instead of a card-signing one. */
  receipt?: boolean | undefined;
}

/** A fresh Ed25519 key pair as JWKs, status `active`. */
export async function generateKeyPair(
  options: NewKeyOptions,
): Promise<{ publicJwk: PublicKeyJwk; privateJwk: PrivateKeyJwk }> {
  dateToDay(options.validFrom);
  if (options.validTo !== undefined && dateToDay(options.validTo) < dateToDay(options.validFrom)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a key may not stop signing (${options.validTo}) before it starts (${options.validFrom})`,
    );
  }
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const x = exported.x!;
  const publicJwk: PublicKeyJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x,
    kid: await thumbprint(x),
    alg: 'EdDSA',
    use: 'sig',
    status: 'active',
    validFrom: options.validFrom,
    ...(options.validTo !== undefined && { validTo: options.validTo }),
    ...(options.development && { development: true }),
    ...(options.receipt && { purpose: 'receipt' as const }),
  };
  return { publicJwk, privateJwk: { ...publicJwk, d: exported.d! } };
}
