// Adding a staff member: one rule for the admin API and `cachet staff add` alike.
import {
  CachetError,
  isBoundToBoutique,
  type AdminStore,
  type Role,
  type Store,
} from '../core/index.js';
import { hashApiKey, newApiKey, newStaffId } from './api-keys.js';

/**
 * Adds a staff member with a fresh API key (shown once). Associates and managers need their
 * boutique; legal and admin have none.
 */
export async function createStaff(
  deps: { store: Pick<Store, 'findBoutiqueByCode'>; admin: Pick<AdminStore, 'addStaff'> },
  request: { name: string; role: Role; boutique?: string | undefined },
  at: Date,
) {
  let boutique: number | null = null;
  if (isBoundToBoutique(request.role)) {
    if (!request.boutique) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `a ${request.role} needs a boutique code`);
    }
    const found = await deps.store.findBoutiqueByCode(request.boutique);
    if (!found)
      throw new CachetError('ERR_NOT_FOUND', `no boutique has the code "${request.boutique}"`);
    boutique = found.number;
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
