// Staff sign-in: an API key (`Authorization: Bearer cachet_sk_…`) or a bearer token from the
// brand's identity provider (OIDC), verified with jose against the provider's JWKS.
import type { OidcConfig } from '../../config.js';
import type { Context } from 'hono';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import {
  CachetError,
  isBoundToBoutique,
  isRole,
  statusOf,
  toHex,
  type AdminStore,
  type Principal,
  type Store,
} from '../../core/index.js';
import { API_KEY_PREFIX, hashApiKey } from '../../services/api-keys.js';
import {
  isOidcSubject,
  MAX_OIDC_SUBJECT,
  MAX_STAFF_NAME,
  oidcStaffId,
} from '../../services/staff.js';
import { createProviderKeySet } from './provider-keys.js';

/** The identity provider Cachet trusts, and where its tokens carry the Cachet role. */

const unauthenticated = (why: string) => new CachetError('ERR_UNAUTHENTICATED', why);
const forbidden = (why: string) => new CachetError('ERR_FORBIDDEN', why);

/** How far ahead of this server's clock a token's `iat` may be: the provider's clock may run fast. */
export const OIDC_CLOCK_SKEW_SECONDS = 60;

/**
 * The claims jose leaves to us: a subject that names one person, and a token young enough. An
 * `exp` years away does not make a session of years: `iat` bounds it to `maxAgeSeconds`.
 */
function checkIdentityClaims(claims: JWTPayload, maxAgeSeconds: number, now: number): string {
  const sub = claims.sub as unknown;
  if (!isOidcSubject(sub)) {
    throw unauthenticated(
      `the identity token's "sub" claim must be text of 1 to ${MAX_OIDC_SUBJECT} characters, not blank, with no control or invisible character: it names the person`,
    );
  }
  const iat = claims.iat as unknown;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    throw unauthenticated(
      'the identity token has no "iat" claim (when it was issued): its age could not be bounded',
    );
  }
  if (iat > now + OIDC_CLOCK_SKEW_SECONDS) {
    throw unauthenticated(
      `the identity token's "iat" claim is ${Math.round(iat - now)} s in the future (more than the ${OIDC_CLOCK_SKEW_SECONDS} s of clock skew allowed)`,
    );
  }
  if (now - iat > maxAgeSeconds) {
    throw unauthenticated(
      `the identity token was issued ${Math.round(now - iat)} s ago, more than the ${maxAgeSeconds} s a token signs in for (CACHET_OIDC_MAX_AGE_SECONDS): sign in again`,
    );
  }
  return sub;
}

/**
 * A name from the provider's token, at most as long as a staff member's name may be (the console
 * and the evidence report show it): a longer one is cut, whole characters only, and ends in "…".
 */
function boundName(name: string): string {
  const characters = Array.from(name);
  return characters.length <= MAX_STAFF_NAME
    ? name
    : `${characters.slice(0, MAX_STAFF_NAME - 1).join('')}…`;
}

/** Signs in the caller of an admin route, or throws `ERR_UNAUTHENTICATED` / `ERR_FORBIDDEN`. */
export function createAuthenticator(store: Store, admin: AdminStore, oidc: OidcConfig | null) {
  const jwks = oidc ? createProviderKeySet(oidc) : null;

  async function byApiKey(key: string): Promise<Principal> {
    const member = await admin.findStaffByKey(await hashApiKey(key));
    if (!member) throw unauthenticated('this API key is unknown or was disabled');
    return {
      id: member.id,
      name: member.name,
      role: member.role,
      boutique: member.boutique,
      via: 'api-key',
    };
  }

  async function byOidc(token: string): Promise<Principal> {
    if (!oidc || !jwks) {
      throw unauthenticated(
        `not an API key (they start with ${API_KEY_PREFIX}) and no identity provider is set up`,
      );
    }
    let claims: JWTPayload;
    try {
      // An expiry and a subject are required: a token without them would sign in forever, as
      // nobody in particular. Only the listed algorithms are tried.
      ({ payload: claims } = await jwtVerify(token, jwks, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        algorithms: oidc.algorithms,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof CachetError) throw error;
      // jose says what is wrong with the token; anything else is the runtime's own words about a
      // key it could not use (they differ between Node and Workers), and stay in the server.
      throw unauthenticated(
        error instanceof errors.JOSEError
          ? `the identity token was refused: ${error.message}`
          : "the identity token was refused: its signature could not be checked with the provider's key",
      );
    }
    const subject = checkIdentityClaims(claims, oidc.maxAgeSeconds, Date.now() / 1000);
    // Checked at every request, as an API key is: a disable cuts off tokens already handed out.
    if (await admin.findDisabledIdentity({ issuer: oidc.issuer, subject })) {
      throw unauthenticated('this identity was disabled');
    }
    const claimName = oidc.roleClaim ?? 'cachet_role';
    const raw = claims[claimName];
    const named = (Array.isArray(raw) ? raw : [raw]).filter(isRole);
    if (named.length !== 1) {
      throw forbidden(
        named.length === 0
          ? `the identity token names no Cachet role in "${claimName}"`
          : `the identity token names several Cachet roles in "${claimName}"; give each person one`,
      );
    }
    const role = named[0]!;
    let boutique: number | null = null;
    if (isBoundToBoutique(role)) {
      const boutiqueClaim = oidc.boutiqueClaim ?? 'cachet_boutique';
      const code = claims[boutiqueClaim];
      const found = typeof code === 'string' ? await store.findBoutiqueByCode(code) : null;
      if (!found) throw forbidden(`a ${role} needs a known boutique code in "${boutiqueClaim}"`);
      boutique = found.number;
    }
    const name = [claims.name, claims.email, subject].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    )!;
    return {
      id: oidcStaffId(subject),
      name: boundName(name),
      role,
      boutique,
      via: 'oidc',
    };
  }

  return async function authenticate(c: Context): Promise<Principal> {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw unauthenticated('sign in: send Authorization: Bearer <API key or identity token>');
    const credential = match[1]!;
    return credential.startsWith(API_KEY_PREFIX) ? byApiKey(credential) : byOidc(credential);
  };
}

/**
 * Sign-in with its failures kept in check: each refused credential is audited (as
 * `staff.sign-in`, naming the first 12 hex digits of the credential's SHA-256, never the
 * credential) and counted per client network; past the limit the client is refused before its
 * credential is even looked at, with `ERR_RATE_LIMITED`.
 */
export function guardSignIn(
  authenticate: (c: Context) => Promise<Principal>,
  deps: {
    admin: Pick<AdminStore, 'appendAudit'>;
    now: () => Date;
    clientOf: (c: Context) => string;
    failures: {
      retryAfter(client: string): Promise<number>;
      fail(client: string): Promise<void>;
    };
  },
): (c: Context) => Promise<Principal> {
  return async (c) => {
    const client = deps.clientOf(c);
    const wait = await deps.failures.retryAfter(client);
    if (wait > 0) {
      throw new CachetError(
        'ERR_RATE_LIMITED',
        `too many refused sign-ins from here: try again in ${wait} s`,
      );
    }
    try {
      return await authenticate(c);
    } catch (error) {
      if (!(error instanceof CachetError)) throw error;
      if (error.code === 'ERR_UNAUTHENTICATED') await deps.failures.fail(client);
      await deps.admin.appendAudit({
        at: deps.now().toISOString(),
        actor: 'unknown',
        role: '',
        action: 'staff.sign-in',
        target: await credentialPrint(c.req.header('authorization')),
        outcome: statusOf(error.code),
        detail: error.code,
      });
      throw error;
    }
  };
}

/** `credential:<12 hex digits of SHA-256>` of what the Authorization header carried. */
async function credentialPrint(header: string | undefined): Promise<string> {
  const credential = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!credential) return 'credential:none';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(credential));
  return `credential:${toHex(new Uint8Array(digest)).slice(0, 12)}`;
}
