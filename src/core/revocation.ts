// Why a card was revoked: a reason from a fixed list, shown publicly in every language, and a
// free-text note that only staff read.

/** The reasons a brand revokes a card for. */
export const REVOCATION_REASONS = [
  'counterfeit',
  'lost-or-stolen',
  'issued-in-error',
  'client-request',
  'key-compromise',
  'other',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && (REVOCATION_REASONS as readonly string[]).includes(value);
}

/** What a revocation is asked with. */
export interface RevocationRequest {
  reason: RevocationReason;
  /** Free text for staff: a case number, where copies were seen. Never public. */
  note?: string | undefined;
  /** Who revoked: a staff id, oidc:<subject> or cli:<user>. */
  by?: string | undefined;
}

/** The longest note kept. */
export const MAX_REVOCATION_NOTE = 2000;
