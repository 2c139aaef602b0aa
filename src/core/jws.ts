// Compact JWS (RFC 7515) with EdDSA, checked by the same strict Ed25519 as the cards: receipts
// and trust bundles verify alike in Node, workerd and a browser without WebCrypto Ed25519.
import { base64url, CompactSign } from 'jose';
import { CachetError } from './errors.js';
import { verifyWithKey, type VerifyKey } from './ed25519.js';
import type { Signer } from './keys.js';

/** A compact JWS taken apart: its protected header and payload, not yet verified. */
export interface CompactJws {
  header: Record<string, unknown>;
  payload: Uint8Array;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/**
 * Splits a compact JWS and decodes its parts; nothing is verified.
 * @throws CachetError `ERR_INVALID_ARGUMENT` for text that is not one.
 */
export function parseCompactJws(jws: string): CompactJws {
  const parts = jws.trim().split('.');
  const refuse = () => new CachetError('ERR_INVALID_ARGUMENT', 'this is not a compact JWS');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw refuse();
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(parts[0]!)));
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw refuse();
    return {
      header: header as Record<string, unknown>,
      payload: base64url.decode(parts[1]!),
      signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
      signature: base64url.decode(parts[2]!),
    };
  } catch {
    throw refuse();
  }
}

/** True when `jws` is EdDSA, has no `crit` it would ignore, and its signature holds under `key`. */
export async function verifyCompactJws(jws: CompactJws, key: VerifyKey): Promise<boolean> {
  if (jws.header.alg !== 'EdDSA' && jws.header.alg !== 'Ed25519') return false;
  if (jws.header.crit !== undefined || jws.header.b64 === false) return false;
  return verifyWithKey(key, jws.signingInput, jws.signature);
}

/**
 * Signs `payload` (as JSON) into a compact JWS of type `typ` with the receipt key: the brand's
 * statement key, which signs receipts and trust bundles and never a card.
 * @throws CachetError `ERR_KEY_INVALID` for a card key.
 */
export function signStatement(payload: unknown, typ: string, signer: Signer): Promise<string> {
  if (signer.key.purpose !== 'receipt') {
    throw new CachetError('ERR_KEY_INVALID', `a ${typ} is signed only by a receipt key`);
  }
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.key.kid, typ })
    .sign(signer.privateKey);
}

/**
 * A statement of type `typ` taken apart, not yet verified; `refuse` makes the caller's error.
 * @throws what `refuse` returns, for text that is not a compact JWS or of another type.
 */
export function parseStatement(
  jws: string,
  typ: string,
  refuse: (why: string) => Error,
): CompactJws {
  let parsed: CompactJws;
  try {
    parsed = parseCompactJws(jws);
  } catch {
    throw refuse('this is not a compact JWS');
  }
  if (parsed.header.typ !== typ) {
    throw refuse(`typ is "${String(parsed.header.typ)}", not ${typ}`);
  }
  return parsed;
}
