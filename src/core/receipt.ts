// Verification receipts: a compact JWS, signed by a key kept only for receipts, that binds the
// digest of a token to the verdict it got and the time it got it. A journalist can cite one,
// and anyone holding the public JWK Set can check it offline.
import { base64url } from 'jose';
import { parseStatement, signStatement, verifyCompactJws } from './jws.js';
import { CachetError } from './errors.js';
import { dayToDate, instantToDay } from './dates.js';
import type { Keyring, Signer, TrustedKey } from './keys.js';

/** The JWS `typ` of a receipt. */
export const RECEIPT_TYPE = 'cachet-receipt+jws';

/** What a receipt says. */
export interface ReceiptClaims {
  /** The verification service that checked, like https://verify.brand.co. */
  iss: string;
  /** When it checked: seconds since the epoch, and the same instant in ISO 8601. */
  iat: number;
  checked_at: string;
  /** base64url SHA-256 of the token's decimal text (the digits after /c/). */
  token_sha256: string;
  /** The card's serial (16 hex digits) when the signature held, otherwise null. */
  serial: string | null;
  status: string;
  warnings: string[];
  /** The kid of the key that signed the card, when one is trusted. */
  card_kid: string | null;
  revoked_at: string | null;
}

const encoder = new TextEncoder();

/** The digest a receipt binds: SHA-256 of the token's decimal text, base64url. */
export async function tokenDigest(digits: string): Promise<string> {
  return base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(digits))),
  );
}

/** Signs a receipt with the receipt key. */
export function signReceipt(claims: ReceiptClaims, signer: Signer): Promise<string> {
  return signStatement(claims, RECEIPT_TYPE, signer);
}

const invalid = (why: string) => new CachetError('ERR_RECEIPT_INVALID', why);

/**
 * Checks a receipt against the published keys and, when given, the token it should be about.
 * @throws CachetError `ERR_RECEIPT_INVALID`, naming what does not hold.
 */
export async function verifyReceipt(
  jws: string,
  keyring: Keyring,
  options: { digits?: string | undefined } = {},
): Promise<{ claims: ReceiptClaims; key: TrustedKey }> {
  const parsed = parseStatement(jws, RECEIPT_TYPE, invalid);
  const { header } = parsed;
  const key = typeof header.kid === 'string' ? keyring.get(header.kid) : undefined;
  if (!key) throw invalid(`no published key has the kid ${String(header.kid)}`);
  if (key.purpose !== 'receipt') throw invalid(`key ${key.kid} signs cards, not receipts`);
  if (!(await verifyCompactJws(parsed, key.verifyKey))) {
    throw invalid('the signature does not verify');
  }
  const payload = parsed.payload;
  const claims = JSON.parse(new TextDecoder().decode(payload)) as ReceiptClaims;
  const day = instantToDay(new Date(claims.iat * 1000));
  if (key.compromisedSince !== undefined && day >= key.compromisedSince) {
    throw invalid(`key ${key.kid} was compromised from ${dayToDate(key.compromisedSince)}`);
  }
  if (options.digits !== undefined && (await tokenDigest(options.digits)) !== claims.token_sha256) {
    throw invalid('the receipt is about another token');
  }
  return { claims, key };
}
