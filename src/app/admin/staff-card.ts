// A registry row as staff see it: the public claims plus the revocation note, and the client
// reference only for a role that may read it.
import {
  allows,
  cardUrl,
  dayToDate,
  formatSerial,
  fromHex,
  occasionName,
  type Principal,
  type StaffCard,
} from '../../core/index.js';

export interface StaffCardView {
  serial: string;
  serialText: string;
  status: 'authentic' | 'revoked';
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

/** The card for `who`, with its public URL under `origin` when the token was kept. */
export function viewStaffCard(card: StaffCard, who: Principal, origin: string): StaffCardView {
  return {
    serial: card.serial,
    serialText: formatSerial(fromHex(card.serial)),
    status: card.revocation ? 'revoked' : 'authentic',
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
