// Revoking a card: one rule for the admin API, the console and `cachet revoke`.
import {
  CachetError,
  isRevocationReason,
  MAX_REVOCATION_NOTE,
  REVOCATION_REASONS,
  type AdminStore,
  type Revocation,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';

export interface RevokeInput {
  /** 16 hex digits. */
  serial: string;
  reason: string;
  /** For staff only; never public. */
  note?: string | undefined;
}

export interface Revoked {
  serial: string;
  revocation: Revocation & { note: string; by: string };
}

/**
 * Revokes the card with a public reason from the fixed list and a note of at most 2,000
 * characters, once the actor may revoke cards of its boutique.
 * @throws CachetError `ERR_INVALID_ARGUMENT`, `ERR_NOT_FOUND` (subject `card`), `ERR_FORBIDDEN`
 *   or `ERR_ALREADY_REVOKED`.
 */
export async function revokeCard(
  ports: { store: Pick<Store, 'revokeCard'>; admin: Pick<AdminStore, 'findStaffCard'> },
  actor: Actor,
  input: RevokeInput,
  at: Date,
): Promise<Revoked> {
  ensure(actor, 'card.revoke');
  if (!isRevocationReason(input.reason)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the reason is one of: ${REVOCATION_REASONS.join(', ')} (free text goes in the note)`,
    );
  }
  const note = input.note ?? '';
  if (note.length > MAX_REVOCATION_NOTE) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a revocation note is at most ${MAX_REVOCATION_NOTE} characters, not ${note.length}`,
    );
  }
  const card = await ports.admin.findStaffCard(input.serial);
  if (!card) {
    throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${input.serial}`, {
      subject: 'card',
    });
  }
  ensure(actor, 'card.revoke', card.boutique);
  const revocation = await ports.store.revokeCard(
    card.serial,
    { reason: input.reason, note: input.note, by: actor.id },
    at,
  );
  return { serial: card.serial, revocation: { ...revocation, note, by: actor.id } };
}
