// The trust bundle: everything a device needs to reach a verdict with no server, in one compact
// JWS signed by the brand's statement key (the receipt key). It names the keys with their dates,
// the issuance log's verifier key, and the revocation list by its SHA-256, so that a list fetched
// from anywhere (a cache, a colleague, a USB stick) is the brand's or is refused.
import { parseStatement, signStatement, verifyCompactJws } from './jws.js';
import { toHex } from './bytes.js';
import { CachetError } from './errors.js';
import { instantToDay, dayToDate } from './dates.js';
import { importKeyring, type Keyring, type PublicKeyJwk, type Signer } from './keys.js';
import { decodeRevocationList, type RevocationList } from './revocation-list.js';

/** The JWS `typ` of a trust bundle. */
export const TRUST_BUNDLE_TYPE = 'cachet-trust+jws';
/** How long a bundle may be used after it was signed: a week, then a device refuses it. */
export const TRUST_BUNDLE_LIFETIME_S = 7 * 24 * 3600;

/** What a trust bundle says. */
export interface TrustBundle {
  /** The verification service, like https://verify.brand.co. */
  iss: string;
  /** Signed at, and usable until: Unix seconds. */
  iat: number;
  exp: number;
  /** The hosts (`host[:port]`) the brand's cards point to. */
  verifyHosts: string[];
  /** Every key, card and receipt, with its status and dates: the JWK Set. */
  keys: PublicKeyJwk[];
  /** The issuance log's origin and note verifier key; null where the brand keeps no log. */
  log: { origin: string; vkey: string } | null;
  /** The revocation list this bundle vouches for. */
  revocations: {
    /** SHA-256 of the list's bytes, lower-case hex. */
    sha256: string;
    /** The list's own generated-at, Unix seconds. */
    generatedAt: number;
    count: number;
  };
}

/** A bundle that verified: its claims, its keys ready for use, and how it was trusted. */
export interface VerifiedBundle {
  bundle: TrustBundle;
  keyring: Keyring;
  /** The kid of the receipt key that signed it. */
  signedBy: string;
  /**
   * True when the signing key came from a JWK Set the caller already trusted; false when the
   * bundle vouched for its own key (trust on first use).
   */
  pinned: boolean;
}

const invalid = (why: string) => new CachetError('ERR_TRUST_INVALID', `trust bundle: ${why}`);

/** Signs a bundle with the receipt key. */
export function signTrustBundle(bundle: TrustBundle, signer: Signer): Promise<string> {
  return signStatement(bundle, TRUST_BUNDLE_TYPE, signer);
}

function checkShape(value: unknown): TrustBundle {
  const b = value as Partial<TrustBundle> | null;
  const isInt = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (typeof b !== 'object' || b === null) throw invalid('the payload is not a JSON object');
  if (typeof b.iss !== 'string') throw invalid('iss is missing');
  if (!isInt(b.iat) || !isInt(b.exp) || b.exp! < b.iat!) throw invalid('iat and exp are not times');
  if (!Array.isArray(b.verifyHosts) || !b.verifyHosts.every((h) => typeof h === 'string')) {
    throw invalid('verifyHosts is not a list of hosts');
  }
  if (!Array.isArray(b.keys)) throw invalid('keys is not a list');
  const log = b.log;
  if (log !== null && (typeof log?.origin !== 'string' || typeof log.vkey !== 'string')) {
    throw invalid('log is neither null nor {origin, vkey}');
  }
  const r = b.revocations;
  if (!r || !/^[0-9a-f]{64}$/.test(String(r.sha256)) || !isInt(r.generatedAt) || !isInt(r.count)) {
    throw invalid('revocations is not {sha256, generatedAt, count}');
  }
  return b as TrustBundle;
}

/**
 * Checks a trust bundle: its type, its signature by a receipt key not compromised when it was
 * signed, its shape and its keys, and that it is not past `exp` at `now`.
 *
 * With `trusted` (a JWK Set the caller already holds) the signing key must be in it; without,
 * the key must be in the bundle itself, and the answer says the bundle was trusted on first use.
 * @throws CachetError `ERR_TRUST_INVALID`, or `ERR_TRUST_STALE` for a bundle past its `exp`.
 */
export async function verifyTrustBundle(
  jws: string,
  options: { now: Date; trusted?: Keyring | undefined },
): Promise<VerifiedBundle> {
  const parsed = parseStatement(jws, TRUST_BUNDLE_TYPE, invalid);
  const { header } = parsed;
  const kid = typeof header.kid === 'string' ? header.kid : '';
  // Before trusting the payload's own keys, read them unverified only to find the signer.
  let claimed: unknown;
  try {
    claimed = JSON.parse(new TextDecoder().decode(parsed.payload));
  } catch {
    throw invalid('the payload is not JSON');
  }
  const own = await importKeyring({ keys: checkShape(claimed).keys }).catch((cause: unknown) => {
    throw invalid(cause instanceof Error ? cause.message : 'a key does not import');
  });
  const source = options.trusted ?? own;
  const key = source.get(kid);
  if (!key) {
    throw invalid(
      options.trusted
        ? `its key ${kid} is not in the trusted JWK Set`
        : `no key has the kid ${kid}`,
    );
  }
  if (key.purpose !== 'receipt') throw invalid(`key ${kid} signs cards, not statements`);
  if (!(await verifyCompactJws(parsed, key.verifyKey))) {
    throw invalid('the signature does not verify');
  }
  const bundle = claimed as TrustBundle;
  if (key.compromisedSince !== undefined) {
    if (instantToDay(new Date(bundle.iat * 1000)) >= key.compromisedSince) {
      throw invalid(`its key ${kid} was compromised from ${dayToDate(key.compromisedSince)}`);
    }
  }
  const nowS = Math.floor(options.now.getTime() / 1000);
  if (nowS > bundle.exp) {
    throw new CachetError(
      'ERR_TRUST_STALE',
      `the trust bundle expired ${describeAge(nowS - bundle.exp)} ago (${new Date(bundle.exp * 1000).toISOString()}): fetch a fresh one`,
    );
  }
  return { bundle, keyring: own, signedBy: kid, pinned: options.trusted !== undefined };
}

/**
 * Reads a revocation list and checks that it is the one `bundle` vouches for.
 * @throws CachetError `ERR_TRUST_INVALID` for another list, `ERR_INVALID_ARGUMENT` for bytes
 *   that are not a list.
 */
export async function checkRevocationList(
  bytes: Uint8Array,
  bundle: TrustBundle,
): Promise<RevocationList> {
  const digest = toHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))),
  );
  if (digest !== bundle.revocations.sha256) {
    throw invalid('the revocation list is not the one the bundle names (its SHA-256 differs)');
  }
  const list = decodeRevocationList(bytes);
  if (
    list.generatedAt !== bundle.revocations.generatedAt ||
    list.count !== bundle.revocations.count
  ) {
    throw invalid('the revocation list disagrees with the bundle on its date or count');
  }
  return list;
}

/** An age in words: "3 days", "5 hours", "12 minutes", "40 seconds". */
export function describeAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [n, unit] =
    s >= 86400
      ? [Math.floor(s / 86400), 'day']
      : s >= 3600
        ? [Math.floor(s / 3600), 'hour']
        : s >= 60
          ? [Math.floor(s / 60), 'minute']
          : [s, 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
