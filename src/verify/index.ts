// cachet/verify: check a Cachet card (CT1, spec/ct1.md) with no server, in any JavaScript
// runtime with WebCrypto: Node 22 and later, Deno, Bun, workerd, browsers. No Node modules.
//
//   import { loadTrust, verifyCard } from 'cachet/verify';
//   const trust = await loadTrust(bundleJws, revocationListBytes, { now: new Date(), trusted });
//   const verdict = await verifyCard(cardUrlOrDigits, { ...trust, now: new Date() });
//   verdict.status; // authentic, revoked, forged, unknown-key, malformed or look-alike
//
// `trusted` is the brand's JWK Set (`importKeyring(await (await fetch(
// 'https://verify.brand.co/.well-known/jwks.json')).json())`), obtained from a source you trust;
// without it the bundle vouches for its own key (trust on first use). Where WebCrypto has no
// Ed25519 the checks run on @noble/ed25519, with the same strict rules.
import { useEd25519Fallback } from '../core/ed25519.js';
import {
  verifyCardOffline,
  type OfflineContext,
  type OfflineVerdict,
} from '../core/verify-offline.js';
import { nobleEd25519 } from './noble.js';

useEd25519Fallback(nobleEd25519);

/**
 * The verdict for a card, from its link (`https://verify.brand.co/c/…`), its digits or its
 * token bytes, with what a device holds (see {@link loadTrust}). A link is read by the rule the
 * brand's server uses: one to any origin but the brand's (another host or port, a scheme such as
 * `intent:` or `ftp:`, a user name, a backslash, an escaped or non-ASCII host) is a `look-alike`,
 * with `leadsTo` naming where it leads, and is not checked further.
 */
export function verifyCard(
  input: string | Uint8Array,
  ctx: OfflineContext,
): Promise<OfflineVerdict> {
  return verifyCardOffline(input, ctx);
}

export { readCardInput, type CardInput } from '../core/card-url.js';
export {
  cardSchemes,
  readCodeTarget,
  readCodeTargetFor,
  type CodeTarget,
} from '../core/code-target.js';
export { CachetError, isCachetError, type ErrorCode } from '../core/errors.js';
export { importKeyring, Keyring, type PublicKeyJwk, type TrustedKey } from '../core/keys.js';
export { verifyEd25519, hasWebCryptoEd25519 } from '../core/ed25519.js';
export { decodeToken, parseTokenText, type CardClaims, type CardToken } from '../core/token.js';
export { dayToDate } from '../core/dates.js';
export { occasionName } from '../core/occasions.js';
export { formatSerial } from '../core/serial.js';
export {
  decodeRevocationList,
  revocationId,
  REVOCATION_CODES,
  type RevocationList,
} from '../core/revocation-list.js';
export {
  checkRevocationList,
  describeAge,
  verifyTrustBundle,
  TRUST_BUNDLE_TYPE,
  type TrustBundle,
  type VerifiedBundle,
} from '../core/trust-bundle.js';
export {
  loadTrust,
  type LoadedTrust,
  type LogCheck,
  type OfflineContext,
  type OfflineStages,
  type OfflineStatus,
  type OfflineVerdict,
} from '../core/verify-offline.js';
export {
  checkLogProof,
  checkReferenceProof,
  parseVkey,
  type ProvenEntry,
  type ProvenReference,
} from '../core/log/index.js';
export { nobleEd25519 } from './noble.js';
