// A registry row as staff see it: the verdict the public gets, the claims, the revocation note,
// and the client reference only for a role that may read it.
import {
  allows,
  CachetError,
  type AdminStore,
  cardUrl,
  dayToDate,
  formatSerial,
  fromHex,
  occasionName,
  verifyRecord,
  type Keyring,
  type Principal,
  type Reason,
  type StaffCard,
  type Status,
  type Warning,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';

/** The public verdict of a registered card, as staff see it beside the row. */
export interface StaffVerdict {
  status: Status;
  reason: Reason | null;
  warnings: Warning[];
}

/**
 * The verdict anyone scanning the card gets now (without the scan signals): its kept token
 * verified as every check is, so a key change that forged it shows here too. A row minted before
 * tokens were kept is judged by its key and dates alone.
 */
export async function staffVerdict(
  card: StaffCard,
  keyring: Keyring,
  now: Date,
): Promise<StaffVerdict> {
  const v = await verifyRecord(card, { keyring, now });
  return { status: v.status, reason: v.reason ?? null, warnings: v.warnings };
}

export interface StaffCardView {
  serial: string;
  serialText: string;
  /** The public verdict now: `forged` when a key change made it so. */
  status: Status;
  reason: Reason | null;
  warnings: Warning[];
  issued: string;
  occasion: string;
  boutique: { number: number; code: string; name: string; city: string; country: string };
  associate: { number: number; displayName: string };
  kid: string;
  mintedAt: string;
  url: string | null;
  revocation: { revokedAt: string; reason: string; note: string; by: string } | null;
  /** Only for roles that may read it (legal); absent otherwise. */
  clientRef?: string | null;
}

/** The card for `who`, with its verdict, and its public URL under `origin` when the token was kept. */
export function viewStaffCard(
  card: StaffCard,
  verdict: StaffVerdict,
  who: Principal,
  origin: string,
): StaffCardView {
  return {
    serial: card.serial,
    serialText: formatSerial(fromHex(card.serial)),
    ...verdict,
    issued: dayToDate(card.issued),
    occasion: occasionName(card.occasion) ?? 'unspecified',
    boutique: card.names.boutique,
    associate: { number: card.associate, displayName: card.names.associate.displayName },
    kid: card.kid,
    mintedAt: card.mintedAt,
    url: card.token && origin ? cardUrl(origin, card.token) : null,
    revocation: card.revocation && {
      ...card.revocation,
      note: card.revocationNote?.note ?? '',
      by: card.revocationNote?.by ?? '',
    },
    ...(allows(who, 'card.client-ref') && { clientRef: card.clientRef }),
  };
}

/**
 * The card with this serial (hex), once `who` may use `permission` on its boutique. `shown` is
 * the serial as the caller typed it, for the message.
 * @throws CachetError `ERR_NOT_FOUND` (subject `card`) or `ERR_FORBIDDEN`.
 */
export async function staffCardFor(
  admin: Pick<AdminStore, 'findStaffCard'>,
  who: Actor,
  serial: string,
  permission: 'card.read' | 'card.revoke' | 'card.evidence' | 'card.mint' | 'claim.void',
  shown = serial,
): Promise<StaffCard> {
  const card = await admin.findStaffCard(serial);
  if (!card) {
    throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${shown}`, { subject: 'card' });
  }
  ensure(who, permission, card.boutique);
  return card;
}

/**
 * A card whose insert may be printed again by `who`: one of their boutique, not revoked.
 * @throws CachetError `ERR_NOT_FOUND`, `ERR_FORBIDDEN` or `ERR_ALREADY_REVOKED`.
 */
export async function cardToReprint(
  admin: Pick<AdminStore, 'findStaffCard'>,
  who: Actor,
  serial: string,
  shown = serial,
  permission: 'card.mint' | 'claim.void' = 'card.mint',
): Promise<StaffCard> {
  const card = await staffCardFor(admin, who, serial, permission, shown);
  if (card.revocation) {
    throw new CachetError(
      'ERR_ALREADY_REVOKED',
      `card ${card.serial} is revoked: its insert is not printed again`,
    );
  }
  return card;
}
