// Turns a verdict into the public JSON answer: claims resolved to names, never any client data.
import {
  dayToDate,
  formatSerial,
  occasionName,
  toHex,
  type Store,
  type Verdict,
} from '../core/index.js';

export interface PublicVerdict {
  status: Verdict['status'];
  card: {
    serial: string;
    serialText: string;
    issued: string;
    boutique: { code: string; name: string; city: string; country: string } | null;
    associate: { displayName: string } | null;
    occasion: string;
  } | null;
  key: { kid: string; status: string; development: boolean } | null;
  revocation: { revokedAt: string; reason: string } | null;
  reason: { code: string; message: string } | null;
  warnings: string[];
}

/** The public answer for a verdict. Claims appear only when a trusted key's signature held. */
export async function presentVerdict(verdict: Verdict, store: Store): Promise<PublicVerdict> {
  const { claims, key } = verdict;
  let card: PublicVerdict['card'] = null;
  if (claims) {
    // Authentic and revoked verdicts carry the names from their registry look-up; an
    // unregistered card has no row, so its numbers are looked up one by one.
    const { boutique, associate } = verdict.record?.names ?? {
      boutique: await store.findBoutique(claims.boutique),
      associate: await store.findAssociate(claims.associate),
    };
    card = {
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
  return {
    status: verdict.status,
    card,
    key: key ? { kid: key.kid, status: key.status, development: key.development } : null,
    revocation: verdict.revocation ?? null,
    reason: verdict.reason ?? null,
    warnings: [...verdict.warnings],
  };
}
