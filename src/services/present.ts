// Turns verdicts and registry rows into the public JSON answers: names, never any client data.
import {
  dayToDate,
  formatSerial,
  fromHex,
  occasionName,
  toHex,
  type Associate,
  type Boutique,
  type CardRecord,
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
  reason: { code: string; message: string } | null;
  warnings: Warning[];
  /** How often the card's serial has been checked; null when no signature held. */
  scans: PublicScans | null;
  /** Its place in the public issuance log; null when it has none (yet, or no log is kept). */
  log: { index: number; loggedAt: string } | null;
}

/** A registry look-up by the printed serial: no signature was checked, and it says so. */
export interface SerialAnswer {
  method: 'serial';
  status: 'authentic' | 'revoked';
  proof: 'registry-only';
  card: PublicCard;
  revocation: { revokedAt: string; reason: string } | null;
  warnings: Warning[];
  scans: PublicScans;
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

/** The public answer for a registry row found by its serial. */
export function presentSerial(record: CardRecord, scans: PublicScans): SerialAnswer {
  const { boutique, associate } = record.names;
  return {
    method: 'serial',
    status: record.revocation ? 'revoked' : 'authentic',
    proof: 'registry-only',
    card: publicCard({ ...record, serial: fromHex(record.serial) }, boutique, associate),
    revocation: record.revocation,
    warnings: [],
    scans,
  };
}
