// Who acts, what they may do, and the audit entry every staff action leaves: one rule for the
// admin API, the console and the CLI.
import {
  allows,
  CachetError,
  statusOf,
  type AdminStore,
  type Permission,
  type Principal,
} from '../core/index.js';

/**
 * The operator of this machine's CLI (`cli:<os user>`): whoever holds the registry file and the
 * private keys on disk may already do anything, so no role narrows them; every action is still
 * audited under their name.
 */
export interface Operator {
  id: string;
  role: 'operator';
  boutique: null;
}

/** Whoever performs a staff action: a signed-in staff member, or the CLI's operator. */
export type Actor = Principal | Operator;

export function operator(id: string): Operator {
  return { id, role: 'operator', boutique: null };
}

/**
 * Refuses unless `who` may use `permission` on something of `boutique`.
 * @throws CachetError `ERR_FORBIDDEN`.
 */
export function ensure(who: Actor, permission: Permission, boutique?: number): void {
  if (who.role === 'operator') return;
  if (!allows(who, permission, boutique)) {
    throw new CachetError(
      'ERR_FORBIDDEN',
      boutique !== undefined && who.boutique !== null && who.boutique !== boutique
        ? `a ${who.role} may do this only for their own boutique`
        : `the ${who.role} role does not have the ${permission} permission`,
    );
  }
}

/** What an action was about; the action sets it once it knows (a serial, a staff id, a code). */
export interface ActionRecord {
  target: string;
}

export interface AuditPorts {
  admin: Pick<AdminStore, 'appendAudit'>;
  now: () => Date;
}

/**
 * Runs a staff action and writes its audit entry whatever the outcome: the status it ended
 * with (`success` of the result, or the status of the error's code; 500 for a defect) and the
 * error code as the detail. The error, if any, is thrown again.
 */
export async function audited<T>(
  ports: AuditPorts,
  actor: Actor,
  action: string,
  record: ActionRecord,
  work: () => Promise<T>,
  success: (result: T) => number = () => 200,
  detail: (result: T) => string = () => '',
): Promise<T> {
  let outcome = 500;
  let said = '';
  let failed = false;
  try {
    const result = await work();
    outcome = success(result);
    said = detail(result);
    return result;
  } catch (error) {
    failed = true;
    outcome = error instanceof CachetError ? statusOf(error.code) : 500;
    said = error instanceof CachetError ? error.code : 'internal error';
    throw error;
  } finally {
    await ports.admin
      .appendAudit({
        at: ports.now().toISOString(),
        actor: actor.id,
        role: actor.role,
        action,
        target: record.target,
        outcome,
        detail: said,
      })
      .catch((error: unknown) => {
        // The work's own error says more (a full disk refuses the audit row for the same reason).
        if (!failed) throw error;
      });
  }
}

/**
 * Refuses unless `who` may record a reference photo of a card of `boutique`: staff who may mint
 * for that boutique (they photograph the card they wrote), and legal.
 * @throws CachetError `ERR_FORBIDDEN`.
 */
export function ensureMayRecordReference(who: Actor, boutique: number): void {
  if (who.role === 'operator' || who.role === 'legal') return;
  if (!allows(who, 'card.mint', boutique)) {
    throw new CachetError(
      'ERR_FORBIDDEN',
      "only staff who mint for the card's boutique, and legal, may record its reference photo",
    );
  }
}

/**
 * Refuses unless `who` may see a card's reference photo or compare a photo with it: legal, and
 * the managers of the boutique that issued the card. Nobody else, whatever else they may do.
 * @throws CachetError `ERR_FORBIDDEN`.
 */
export function ensureMayReadReference(who: Actor, boutique: number): void {
  if (who.role === 'operator' || who.role === 'legal') return;
  if (who.role !== 'manager' || who.boutique !== boutique) {
    throw new CachetError(
      'ERR_FORBIDDEN',
      "only legal and the managers of the card's boutique may see or compare its reference photo",
    );
  }
}
