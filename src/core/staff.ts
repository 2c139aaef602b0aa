// Who may do what: staff roles, the permissions each grants, and the boutique each is held to.

/** The four staff roles. */
export const ROLES = ['associate', 'manager', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a staff member can ask the admin API for. */
export const PERMISSIONS = [
  'card.mint',
  'card.read',
  'card.client-ref',
  'card.revoke',
  'card.evidence',
  'flagged.read',
  'report.read',
  'report.manage',
  'associate.manage',
  'boutique.read',
  'boutique.manage',
  'staff.manage',
  'key.read',
  'audit.read',
  'claim.read',
  'claim.void',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What each role may do. Deny by default: a permission not listed here is refused. Associates
 * and managers are held to their own boutique for every permission (see `allows`).
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  associate: ['card.mint', 'boutique.read'],
  manager: [
    'card.mint',
    'card.read',
    'card.revoke',
    'associate.manage',
    'boutique.read',
    'claim.read',
  ],
  legal: [
    'card.read',
    'card.client-ref',
    'card.revoke',
    'card.evidence',
    'flagged.read',
    'report.read',
    'report.manage',
    'boutique.read',
    'audit.read',
    'claim.read',
    'claim.void',
  ],
  admin: [
    'boutique.read',
    'boutique.manage',
    'associate.manage',
    'staff.manage',
    'key.read',
    'audit.read',
  ],
};

/** Roles held to one boutique. */
const BOUND_TO_BOUTIQUE: readonly Role[] = ['associate', 'manager'];

/** A signed-in staff member, from an API key or an identity provider's token. */
export interface Principal {
  /** The staff id (`stf_…`) or `oidc:<subject>`. */
  id: string;
  name: string;
  role: Role;
  /** The boutique number an associate or manager works at; null for legal and admin. */
  boutique: number | null;
  via: 'api-key' | 'oidc';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether the role grants the permission at all, whatever the boutique. */
export function grants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** True when the role is held to its own boutique. */
export function isBoundToBoutique(role: Role): boolean {
  return BOUND_TO_BOUTIQUE.includes(role);
}

/**
 * Whether `who` may use `permission` on something of `boutique` (undefined: nothing in
 * particular, such as a search that the caller then narrows to the principal's boutique).
 */
export function allows(who: Principal, permission: Permission, boutique?: number): boolean {
  if (!grants(who.role, permission)) return false;
  if (!isBoundToBoutique(who.role) || boutique === undefined) return true;
  return who.boutique !== null && who.boutique === boutique;
}
