// Turns verdicts and registry rows into the public JSON answers: names, never any client data.
import {
  dayToDate,
  formatSerial,
  fromHex,
  occasionName,
  toHex,
  type Associate,
  type Boutique,
  type CardMatch,
  type CardRecord,
  type PublicClaim,
  type Reason,
  type ScanSummary,
  type Store,
  type Verdict,
  type Warning,
} from '../core/index.js';

export interface PublicCard {
  serial: string;
  serialText: string;
  issued: string;
  boutique: { code: string; name: string; city: string; country: string } | null;
  associate: { displayName: string } | null;
  occasion: string;
}

/** How often a serial has been checked: `since` is the first recorded minute (UTC). */
export type PublicScans = ScanSummary;

export interface PublicVerdict {
  status: Verdict['status'];
  card: PublicCard | null;
  key: { kid: string; status: string; development: boolean } | null;
  revocation: { revokedAt: string; reason: string } | null;
  /** Why it is not authentic; for a key refused on the card's date, the dates as well. */
  reason: Reason | null;
  warnings: Warning[];
  /**
   * How often the card's serial was checked before this check (this one is not counted in it);
   * null when no signature held.
   */
  scans: PublicScans | null;
  /** Its place in the public issuance log; null when it has none (yet, or no log is kept). */
  log: { index: number; loggedAt: string } | null;
  /**
   * Present when the house keeps a photo of the card as issued: that it does, and nothing more
   * about it (a photo of a card can be compared with it, or the card reported).
   */
  reference?: { kept: true };
  /**
   * For a code read from a photo, when the house keeps a photo of its card as issued: whether the
   * card in the photo is that card. Never the reference itself.
   */
  match?: CardMatch;
  /**
   * Present when the card has a standing claim: when it was claimed, and the public name and
   * photo its holder chose to show (`ended` once the card is revoked).
   */
  claim?: PublicClaim;
}

/**
 * A registry look-up by the printed serial. Its status and warnings are the verdict a scan of the
 * card's code gets now; the proof is the registry's only, since a serial can be copied.
 */
export interface SerialAnswer {
  method: 'serial';
  status: Verdict['status'];
  proof: 'registry-only';
  card: PublicCard;
  revocation: { revokedAt: string; reason: string } | null;
  reason: Reason | null;
  warnings: Warning[];
  /** How often the card has been checked; a look-up by serial is not counted as a check. */
  scans: PublicScans;
  /** Present when the house keeps a photo of the card as issued; nothing more about it. */
  reference?: { kept: true };
  /** Present when the card has a standing claim, as in a verdict. */
  claim?: PublicClaim;
}

function publicCard(
  claims: { serial: Uint8Array; issued: number; occasion: number },
  boutique: Boutique | null,
  associate: Associate | null,
): PublicCard {
  return {
    serial: toHex(claims.serial),
    serialText: formatSerial(claims.serial),
    issued: dayToDate(claims.issued),
    boutique: boutique && {
      code: boutique.code,
      name: boutique.name,
      city: boutique.city,
      country: boutique.country,
    },
    associate: associate && { displayName: associate.displayName },
    occasion: occasionName(claims.occasion) ?? 'unspecified',
  };
}

/** The public answer for a verdict. Claims appear only when a trusted key's signature held. */
export async function presentVerdict(
  verdict: Verdict,
  store: Pick<Store, 'findBoutique' | 'findAssociate'>,
  scans: PublicScans | null,
): Promise<PublicVerdict> {
  const { claims, key } = verdict;
  let card: PublicCard | null = null;
  if (claims) {
    // Authentic and revoked verdicts carry the names from their registry look-up; an
    // unregistered card has no row, so its numbers are looked up one by one.
    const { boutique, associate } = verdict.record?.names ?? {
      boutique: await store.findBoutique(claims.boutique),
      associate: await store.findAssociate(claims.associate),
    };
    card = publicCard(claims, boutique, associate);
  }
  return {
    status: verdict.status,
    card,
    key: key ? { kid: key.kid, status: key.status, development: key.development } : null,
    revocation: verdict.revocation ?? null,
    reason: verdict.reason ?? null,
    warnings: [...verdict.warnings],
    scans,
    log: verdict.record?.log ?? null,
  };
}

/** The public answer for a registry row found by its serial, with the verdict of its code. */
export function presentSerial(
  record: CardRecord,
  verdict: Verdict,
  scans: PublicScans,
): SerialAnswer {
  const { boutique, associate } = record.names;
  return {
    method: 'serial',
    status: verdict.status,
    proof: 'registry-only',
    card: publicCard({ ...record, serial: fromHex(record.serial) }, boutique, associate),
    revocation: record.revocation,
    reason: verdict.status === 'authentic' ? null : (verdict.reason ?? null),
    warnings: [...verdict.warnings],
    scans,
  };
}
