// Staff members: one rule for the admin API and `cachet staff` alike.
import {
  CachetError,
  isBoundToBoutique,
  type AdminStore,
  type DisabledIdentity,
  type OidcIdentity,
  type Role,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';
import { boutiqueByCode } from './boutiques.js';
import { hashApiKey, newApiKey, newStaffId } from './api-keys.js';

/** The longest staff member's name Cachet takes, from the API or the CLI: the audit log names them by it. */
export const MAX_STAFF_NAME = 200;

/**
 * Adds a staff member with a fresh API key (shown once). Associates and managers need their
 * boutique; legal and admin have none.
 */
export async function createStaff(
  deps: { store: Pick<Store, 'findBoutiqueByCode'>; admin: Pick<AdminStore, 'addStaff'> },
  actor: Actor,
  request: { name: string; role: Role; boutique?: string | undefined },
  at: Date,
) {
  ensure(actor, 'staff.manage');
  if (request.name.length === 0 || request.name.length > MAX_STAFF_NAME) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a staff member's name is 1 to ${MAX_STAFF_NAME} characters`,
    );
  }
  let boutique: number | null = null;
  if (isBoundToBoutique(request.role)) {
    if (!request.boutique) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `a ${request.role} needs a boutique code`);
    }
    boutique = (await boutiqueByCode(deps.store, request.boutique)).number;
  } else if (request.boutique) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the ${request.role} role is not tied to a boutique`,
    );
  }
  const apiKey = newApiKey();
  const id = newStaffId();
  await deps.admin.addStaff(
    { id, name: request.name, role: request.role, boutique, keyHash: await hashApiKey(apiKey) },
    at,
  );
  const member = {
    id,
    name: request.name,
    role: request.role,
    boutique,
    createdAt: at.toISOString(),
    disabledAt: null,
    hasKey: true,
  };
  return { member, apiKey };
}

/**
 * Disables a staff member's API key at once.
 * @throws CachetError `ERR_FORBIDDEN`, or `ERR_NOT_FOUND` (subject `staff`) when no active member
 *   has the id.
 */
export async function disableStaff(
  admin: Pick<AdminStore, 'disableStaff'>,
  actor: Actor,
  id: string,
  at: Date,
): Promise<{ id: string; disabledAt: string }> {
  ensure(actor, 'staff.manage');
  await admin.disableStaff(id, at);
  return { id, disabledAt: at.toISOString() };
}

/** What the audit log says of a new staff member: their role, and their boutique's number. */
export function newStaffDetail(member: { role: Role; boutique: number | null }): string {
  return `role=${member.role}${member.boutique === null ? '' : ` boutique=${member.boutique}`}`;
}

/**
 * The longest subject (`sub`) taken from an identity provider: OpenID Connect Core 1.0 §2 says
 * it "MUST NOT exceed 255 ASCII characters".
 */
export const MAX_OIDC_SUBJECT = 255;
/** The longest issuer a disable names (a URL). */
export const MAX_OIDC_ISSUER = 2048;

/**
 * True for a subject that names one person: a string of 1 to MAX_OIDC_SUBJECT characters, with no
 * white space at either end, no control or invisible character and no lone surrogate (which the
 * registry would keep as U+FFFD, merging several subjects into one).
 */
export function isOidcSubject(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_OIDC_SUBJECT &&
    value.trim() === value &&
    !NOT_IN_A_SUBJECT.test(value)
  );
}

/**
 * What no subject holds: controls, format and invisible characters (joiners included), lone
 * surrogates, and any space but U+0020. Otherwise `u-42\u200c` or `u-42\u00a0b` would sign in as
 * another person who reads exactly like `u-42` or `u-42 b` in the audit.
 */
const NOT_IN_A_SUBJECT =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;

/** What the audit log says of a disabled or enabled identity, beside its `oidc:<subject>`. */
export function identityDetail(identity: OidcIdentity): string {
  return `issuer=${identity.issuer}`;
}

/** What staff and the audit log call an identity-provider sign-in: `oidc:<subject>`. */
export function oidcStaffId(subject: string): string {
  return `oidc:${subject}`;
}

/**
 * The identity a disable or an enable names: its subject, and its issuer, or else the issuer of
 * the identity provider set up here (CACHET_OIDC_ISSUER).
 * @throws CachetError `ERR_INVALID_ARGUMENT` for a subject or issuer out of bounds, or no issuer.
 */
export function nameOidcIdentity(
  request: { issuer?: string | undefined; subject: string },
  configuredIssuer: string | undefined,
): OidcIdentity {
  if (!isOidcSubject(request.subject)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `an identity's subject is 1 to ${MAX_OIDC_SUBJECT} characters`,
    );
  }
  const issuer = request.issuer ?? configuredIssuer;
  if (issuer === undefined || issuer === '') {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'name the identity provider (its issuer): no CACHET_OIDC_ISSUER is set here',
    );
  }
  if (issuer.length > MAX_OIDC_ISSUER) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `an issuer is at most ${MAX_OIDC_ISSUER} characters`,
    );
  }
  // Sign-in compares the issuer exactly (OpenID Connect says so): a disable under another
  // spelling ("…/" or another case) would be kept, said to be done, and cut nobody off.
  if (configuredIssuer !== undefined && configuredIssuer !== '' && issuer !== configuredIssuer) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the identity provider set up here is ${configuredIssuer} (CACHET_OIDC_ISSUER), exactly: tokens of ${issuer} never sign in here, so there is nothing to disable or enable under it`,
    );
  }
  return { issuer, subject: request.subject };
}

/**
 * Disables an identity-provider sign-in at once: its tokens, even unexpired ones, are refused
 * from the next request on.
 * @throws CachetError `ERR_FORBIDDEN`, or `ERR_CONFLICT` when it is disabled already.
 */
export async function disableOidcIdentity(
  admin: Pick<AdminStore, 'disableIdentity'>,
  actor: Actor,
  identity: OidcIdentity,
  at: Date,
): Promise<DisabledIdentity> {
  ensure(actor, 'staff.manage');
  return admin.disableIdentity(identity, at, actor.id);
}

/**
 * Lets a disabled identity-provider sign-in in again (a disable made by mistake).
 * @throws CachetError `ERR_FORBIDDEN`, or `ERR_NOT_FOUND` when it is not disabled.
 */
export async function enableOidcIdentity(
  admin: Pick<AdminStore, 'enableIdentity'>,
  actor: Actor,
  identity: OidcIdentity,
): Promise<OidcIdentity> {
  ensure(actor, 'staff.manage');
  await admin.enableIdentity(identity);
  return identity;
}

/** Every staff member, and the identity-provider sign-ins that were disabled. */
export async function listStaffAndIdentities(
  admin: Pick<AdminStore, 'listStaff' | 'listDisabledIdentities'>,
) {
  const [staff, disabledIdentities] = await Promise.all([
    admin.listStaff(),
    admin.listDisabledIdentities(),
  ]);
  return { staff, disabledIdentities };
}
