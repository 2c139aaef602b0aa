// The recipient's claim on a card: one rule for the claim page, the JSON API and the verdict.
// A claim code (the slip in the envelope, or a transfer code) makes the first claim that presents
// it; a holder secret, shown once, changes what the public sees or releases the claim with a
// fresh transfer code. Every event goes into the public log in the same transaction.
import {
  CachetError,
  claimCodeHash,
  generateClaimCode,
  type AdminStore,
  type CardRecord,
  type ClaimRecord,
  type ClaimStore,
  type PublicClaim,
  type Store,
} from '../core/index.js';
import type { Actor } from './access.js';

export interface ClaimPorts {
  claims: ClaimStore;
  store: Pick<Store, 'findCard'>;
  /** For the audit log (every attempt legal should see) and the card's reference photo. */
  admin: Pick<AdminStore, 'appendAudit' | 'referenceHistory' | 'referencePhoto'>;
  now: () => Date;
}

/** What the holder chooses to show: a public name (or none), and the reference photo or not. */
export interface ClaimChoice {
  /** A public name of at most 40 characters, shown as text; null or absent: none. */
  handle?: string | null;
  /** Show the card's reference photo (ignored when the card has none). */
  showPhoto?: boolean;
}

/** The answer to a claim: the holder secret, shown this once, and the claim as the public sees it. */
export interface ClaimMade {
  /** The holder secret, formatted in groups (formatClaimCode). */
  holderSecret: string;
  claim: PublicClaim;
  /** The claimed card's serial as printed, so the holder knows which card she claimed. */
  serialText: string;
  /** Whether the card has a reference photo she may show. */
  hasPhoto: boolean;
}

/** A claim as its holder sees it, through her holder secret. */
export interface HeldClaim {
  claim: PublicClaim;
  serialText: string;
  hasPhoto: boolean;
}

/** A claim as legal sees it: everything but the holder secret's hash, with dates as instants. */
export interface ClaimView {
  id: string;
  number: number;
  via: 'slip' | 'transfer';
  /** ISO 8601 instants. */
  claimedAt: string;
  changedAt: string | null;
  endedAt: string | null;
  status: 'standing' | 'released' | 'voided';
  handle: string | null;
  showPhoto: boolean;
  voidReason: string | null;
  voidedBy: string | null;
  /** Its claim entry's index in the public log; null until the log places it. */
  logIndex?: number | null;
}

/**
 * A new claim code for a card being minted with a slip: the code to print (canonical; format it
 * with formatClaimCode) and the hash the registry keeps (NewCard.claimCodeHash).
 */
export async function newClaimCode(
  claims: Pick<ClaimStore, 'claimSalt'>,
): Promise<{ code: string; codeHash: string }> {
  const code = generateClaimCode();
  return { code, codeHash: await claimCodeHash(code, await claims.claimSalt()) };
}

const notYet = () => new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');

/**
 * Claims the card waiting for `code` (a slip or transfer code, as typed).
 * @throws CachetError `ERR_CLAIM_CODE` (a typo: the check character fails), `ERR_CLAIM_UNKNOWN`
 *   (no card waits for this code: said the same whether or not any card exists),
 *   `ERR_CLAIM_TAKEN` (the code was used: the attempt is audited for legal), `ERR_INVALID_ARGUMENT`
 *   (the handle), `ERR_RATE_LIMITED` (too many attempts on this card).
 */
export async function claimCard(
  _ports: ClaimPorts,
  _request: { code: string } & ClaimChoice,
): Promise<ClaimMade> {
  throw notYet();
}

/**
 * The claim a holder secret holds.
 * @throws CachetError `ERR_CLAIM_CODE` (a typo) or `ERR_HOLDER_SECRET` (no standing claim has it).
 */
export async function readHeldClaim(_ports: ClaimPorts, _holderSecret: string): Promise<HeldClaim> {
  throw notYet();
}

/**
 * Changes what the public sees of the claim: a field left out stays as it is.
 * @throws CachetError as readHeldClaim, and `ERR_INVALID_ARGUMENT` for the handle.
 */
export async function changeClaim(
  _ports: ClaimPorts,
  _request: { holderSecret: string } & ClaimChoice,
): Promise<HeldClaim> {
  throw notYet();
}

/**
 * Releases the claim: the card waits for a fresh transfer code, which the holder hands on with
 * the card; the old slip and the holder secret stop working.
 * @throws CachetError as readHeldClaim.
 */
export async function releaseClaim(
  _ports: ClaimPorts,
  _request: { holderSecret: string },
): Promise<{ transferCode: string; serialText: string }> {
  throw notYet();
}

/** The claim a verdict shows for this card, or null (none, or released, or voided). */
export async function publicClaimOf(
  _ports: Pick<ClaimPorts, 'claims'>,
  _card: CardRecord,
): Promise<PublicClaim | null> {
  throw notYet();
}

/** The reference photo a standing claim shows under `photoId`, or null (never shown, or withdrawn). */
export async function shownClaimPhoto(
  _ports: ClaimPorts,
  _photoId: string,
): Promise<{ bytes: Uint8Array; type: string } | null> {
  throw notYet();
}

/**
 * Every claim the card had, newest first, for legal (and the managers of its boutique).
 * @throws CachetError `ERR_FORBIDDEN` or `ERR_NOT_FOUND`.
 */
export async function claimHistoryOf(
  _ports: ClaimPorts,
  _who: Actor,
  _serial: string,
): Promise<ClaimView[]> {
  throw notYet();
}

/**
 * Voids the card's standing claim (obtained by fraud): legal only, with a reason; audited and
 * logged publicly as a void. The card then waits for no code until legal mints a new slip.
 * @throws CachetError `ERR_FORBIDDEN`, `ERR_NOT_FOUND` (no card, or no standing claim) or
 *   `ERR_INVALID_ARGUMENT` (no reason).
 */
export async function voidClaim(
  _ports: ClaimPorts,
  _who: Actor,
  _request: { serial: string; reason: string },
): Promise<ClaimView> {
  throw notYet();
}

/** Converts a kept claim to legal's view. */
export function claimViewOf(record: ClaimRecord, logIndex: number | null = null): ClaimView {
  const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());
  return {
    id: record.id,
    number: record.number,
    via: record.via,
    claimedAt: iso(record.claimedAt)!,
    changedAt: iso(record.changedAt),
    endedAt: iso(record.endedAt),
    status: record.end ?? 'standing',
    handle: record.handle,
    showPhoto: record.showPhoto,
    voidReason: record.voidReason,
    voidedBy: record.voidedBy,
    logIndex,
  };
}
