// Staff members: one rule for the admin API and `cachet staff` alike.
import {
  CachetError,
  isBoundToBoutique,
  type AdminStore,
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
