// The recipient's claim on a card: one rule for the claim page, the JSON API and the verdict.
// A claim code (the slip in the envelope, or a transfer code) makes the first claim that presents
// it; a holder secret, shown once, changes what the public sees or releases the claim with a
// fresh transfer code. Every event goes into the public log in the same transaction.
import { base64url } from 'jose';
import {
  CachetError,
  claimCodeHash,
  claimHandleHash,
  encodeClaimEntry,
  formatClaimCode,
  formatSerial,
  fromHex,
  generateClaimCode,
  generateClaimId,
  generateHolderSecret,
  holderSecretHash,
  holderSecretMatches,
  normaliseHandle,
  parseClaimCode,
  parseHolderSecret,
  parseTokenText,
  tokenLogHash,
  type AdminStore,
  type CardRecord,
  type ClaimEvent,
  type ClaimRecord,
  type ClaimStore,
  type PublicClaim,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';

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

/**
 * Failed attempts on one card (a used code presented again, a wrong holder secret for one of its
 * claims) allowed in a window, counted in the registry so that every process shares the count.
 * Past it such attempts answer `ERR_RATE_LIMITED` and leave no more audit entries; the right
 * holder secret still works, so nobody can lock a holder out by guessing.
 */
export const CARD_ATTEMPTS = { limit: 10, windowSeconds: 3600 } as const;

/** The longest reason legal may give for a void. */
export const MAX_VOID_REASON = 500;

/** The path a shown reference photo is served under: it names no serial. */
export const CLAIM_PHOTO_PATH = '/claim-photos/';

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const iso = (s: number) => new Date(s * 1000).toISOString();
const serialTextOf = (serial: string) => formatSerial(fromHex(serial));

/** A new random name for a shown photo's URL: 128 bits, base64url. */
function newPhotoId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}

/** The handle as kept: null for none (absent, null or blank). */
function handleOf(text: string | null | undefined): string | null {
  if (text === undefined || text === null || text.trim() === '') return null;
  return normaliseHandle(text);
}

/** The claim as the public sees it: the photo only while the claim stands on a card not revoked. */
function publicOf(record: ClaimRecord, card: Pick<CardRecord, 'revocation'>): PublicClaim {
  const ended = card.revocation !== null || record.endedAt !== null;
  return {
    status: ended ? 'ended' : 'active',
    claimedAt: iso(record.claimedAt),
    ...(record.handle !== null && { handle: record.handle }),
    ...(!ended &&
      record.showPhoto &&
      record.photoId !== null && { photo: `${CLAIM_PHOTO_PATH}${record.photoId}` }),
  };
}

/** The card's current reference photo (its record), or null when the house keeps none. */
async function currentReference(ports: ClaimPorts, serial: string) {
  const history = await ports.admin.referenceHistory(serial);
  return history.find((r) => r.replacedAt === null) ?? null;
}

async function cardOf(ports: ClaimPorts, serial: string): Promise<CardRecord> {
  const card = await ports.store.findCard(serial);
  if (!card) {
    throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`, { subject: 'card' });
  }
  return card;
}

/** The 0x03 entry of a claim event, with what is shown after it. */
async function claimEntry(
  card: CardRecord,
  event: ClaimEvent,
  number: number,
  shown: { handle: string | null; photo: boolean },
  at: number,
): Promise<Uint8Array> {
  if (!card.token) {
    throw new CachetError('ERR_NOT_AVAILABLE', 'the card has no kept token to log its claim by');
  }
  const token = parseTokenText(card.token).bytes;
  const tokenHash = await tokenLogHash(token);
  return encodeClaimEntry({
    loggedAt: at,
    tokenHash,
    event,
    claim: number,
    shown: { handle: shown.handle !== null, photo: shown.photo },
    handleHash:
      shown.handle === null ? new Uint8Array(32) : await claimHandleHash(token, shown.handle),
  });
}

/**
 * Counts a failed attempt on the card.
 * @throws CachetError `ERR_RATE_LIMITED` when the card's attempts for this window are used up.
 */
async function countFailure(ports: ClaimPorts, serial: string): Promise<void> {
  const now = seconds(ports.now());
  const windowStart = now - (now % CARD_ATTEMPTS.windowSeconds);
  if (!(await ports.claims.takeAttempt(serial, windowStart, CARD_ATTEMPTS.limit))) {
    const wait = windowStart + CARD_ATTEMPTS.windowSeconds - now;
    throw new CachetError(
      'ERR_RATE_LIMITED',
      `too many failed attempts on this card: try again in ${Math.ceil(wait / 60)} min`,
    );
  }
}

/**
 * Refuses a used code, and tells legal: the audit keeps the card and the time, never who tried.
 * @throws CachetError `ERR_CLAIM_TAKEN`, or `ERR_RATE_LIMITED` past the card's attempts.
 */
async function refuseTaken(ports: ClaimPorts, serial: string): Promise<never> {
  await countFailure(ports, serial);
  await ports.admin.appendAudit({
    at: ports.now().toISOString(),
    actor: 'public',
    role: 'public',
    action: 'claim.taken',
    target: serial,
    outcome: 409,
    detail: 'ERR_CLAIM_TAKEN',
  });
  throw new CachetError(
    'ERR_CLAIM_TAKEN',
    'this code no longer works: it was used to claim the card, or the house replaced it',
  );
}

function refuseRevoked(card: CardRecord): void {
  if (card.revocation) {
    throw new CachetError(
      'ERR_ALREADY_REVOKED',
      `the card was revoked at ${card.revocation.revokedAt}: it can no longer be claimed, passed on or show more (what is shown can still be hidden)`,
    );
  }
}

/** How many times a claim is tried again when a race left it out (a taken id or number). */
const CLAIM_TRIES = 3;

/**
 * Claims the card waiting for `code` (a slip or transfer code, as typed).
 * @throws CachetError `ERR_CLAIM_CODE` (a typo: the check character fails), `ERR_CLAIM_UNKNOWN`
 *   (no card waits for this code: said the same whether or not any card exists),
 *   `ERR_CLAIM_TAKEN` (the code was used: the attempt is audited for legal), `ERR_ALREADY_REVOKED`
 *   (the card was revoked), `ERR_INVALID_ARGUMENT` (the handle), `ERR_RATE_LIMITED` (too many
 *   attempts on this card).
 */
export async function claimCard(
  ports: ClaimPorts,
  request: { code: string } & ClaimChoice,
): Promise<ClaimMade> {
  const code = parseClaimCode(request.code);
  const handle = handleOf(request.handle);
  const codeHash = await claimCodeHash(code, await ports.claims.claimSalt());
  const waiting = await ports.claims.findCode(codeHash);
  if (!waiting) {
    throw new CachetError('ERR_CLAIM_UNKNOWN', 'no card waits for this claim code');
  }
  const card = await cardOf(ports, waiting.serial);
  if (waiting.spentAt !== null) return refuseTaken(ports, card.serial);
  refuseRevoked(card);
  const hasPhoto = (await currentReference(ports, card.serial)) !== null;
  const showPhoto = hasPhoto && request.showPhoto === true;
  for (let tries = 0; tries < CLAIM_TRIES; tries++) {
    const number = (await ports.claims.claimHistory(card.serial)).length + 1;
    const id = generateClaimId();
    const secret = generateHolderSecret(id);
    const at = seconds(ports.now());
    const photoId = showPhoto ? newPhotoId() : null;
    const made = await ports.claims.addClaim({
      id,
      serial: card.serial,
      number,
      codeHash,
      holderHash: await holderSecretHash(secret),
      claimedAt: at,
      handle,
      showPhoto,
      photoId,
      logEntry: await claimEntry(card, 'claimed', number, { handle, photo: showPhoto }, at),
    });
    if (made) {
      const record = (await ports.claims.findClaim(id))!;
      return {
        holderSecret: formatClaimCode(secret),
        claim: publicOf(record, card),
        serialText: serialTextOf(card.serial),
        hasPhoto,
      };
    }
    // Left out: another claim spent the code first (first claim wins), or a race took the id.
    const now = await ports.claims.findCode(codeHash);
    if (now?.spentAt !== null || (await ports.claims.currentClaim(card.serial))) {
      return refuseTaken(ports, card.serial);
    }
  }
  throw new CachetError('ERR_CONFLICT', 'the claim could not be written: try again');
}

/**
 * The standing claim a holder secret holds, and its card.
 * @throws CachetError `ERR_CLAIM_CODE`, `ERR_HOLDER_SECRET` or `ERR_RATE_LIMITED`.
 */
async function heldBy(
  ports: ClaimPorts,
  holderSecret: string,
): Promise<{ record: ClaimRecord; card: CardRecord }> {
  const { claimId, secret } = parseHolderSecret(holderSecret);
  const record = await ports.claims.findClaim(claimId);
  const refuse = () =>
    new CachetError('ERR_HOLDER_SECRET', 'no standing claim has this holder secret');
  if (!record) throw refuse();
  if (!(await holderSecretMatches(secret, record.holderHash))) {
    await countFailure(ports, record.serial);
    throw refuse();
  }
  if (record.endedAt !== null) {
    throw new CachetError(
      'ERR_HOLDER_SECRET',
      `this claim was ${record.end ?? 'ended'}: its holder secret no longer works`,
    );
  }
  return { record, card: await cardOf(ports, record.serial) };
}

async function heldView(ports: ClaimPorts, record: ClaimRecord, card: CardRecord) {
  return {
    claim: publicOf(record, card),
    serialText: serialTextOf(card.serial),
    hasPhoto: (await currentReference(ports, card.serial)) !== null,
  };
}

/**
 * The claim a holder secret holds.
 * @throws CachetError `ERR_CLAIM_CODE` (a typo), `ERR_HOLDER_SECRET` (no standing claim has it) or
 *   `ERR_RATE_LIMITED` (too many wrong secrets for this card).
 */
export async function readHeldClaim(ports: ClaimPorts, holderSecret: string): Promise<HeldClaim> {
  const { record, card } = await heldBy(ports, holderSecret);
  return heldView(ports, record, card);
}

/**
 * Changes what the public sees of the claim: a field left out stays as it is. The photo shown
 * again after being hidden gets a new URL, so a withdrawn one never shows it again.
 * @throws CachetError as readHeldClaim, `ERR_ALREADY_REVOKED` (a revoked card's claim may only
 *   hide what it shows), and `ERR_INVALID_ARGUMENT` for the handle.
 */
export async function changeClaim(
  ports: ClaimPorts,
  request: { holderSecret: string } & ClaimChoice,
): Promise<HeldClaim> {
  const { record, card } = await heldBy(ports, request.holderSecret);
  const handle = request.handle === undefined ? record.handle : handleOf(request.handle);
  const hasPhoto = (await currentReference(ports, card.serial)) !== null;
  const showPhoto =
    hasPhoto && (request.showPhoto === undefined ? record.showPhoto : request.showPhoto);
  // On a revoked card she may still take back what she made public, never show more.
  const showsMore =
    (handle !== null && handle !== record.handle) || (showPhoto && !record.showPhoto);
  if (showsMore) refuseRevoked(card);
  if (handle === record.handle && showPhoto === record.showPhoto) {
    return heldView(ports, record, card); // nothing changes: nothing is logged
  }
  const photoId = !showPhoto ? null : record.showPhoto ? record.photoId : newPhotoId();
  const at = seconds(ports.now());
  const changed = await ports.claims.changeClaim(
    record.id,
    { handle, showPhoto, photoId, at },
    await claimEntry(card, 'changed', record.number, { handle, photo: showPhoto }, at),
  );
  if (!changed) throw new CachetError('ERR_HOLDER_SECRET', 'this claim has ended meanwhile');
  return heldView(ports, (await ports.claims.findClaim(record.id))!, card);
}

/**
 * Releases the claim: the card waits for a fresh transfer code, which the holder hands on with
 * the card; the old slip and the holder secret stop working.
 * @throws CachetError as readHeldClaim, and `ERR_ALREADY_REVOKED`.
 */
export async function releaseClaim(
  ports: ClaimPorts,
  request: { holderSecret: string },
): Promise<{ transferCode: string; serialText: string }> {
  const { record, card } = await heldBy(ports, request.holderSecret);
  refuseRevoked(card);
  const transfer = generateClaimCode();
  const at = seconds(ports.now());
  const ended = await ports.claims.endClaim(
    record.id,
    {
      end: 'released',
      at,
      transferCodeHash: await claimCodeHash(transfer, await ports.claims.claimSalt()),
    },
    await claimEntry(card, 'released', record.number, { handle: null, photo: false }, at),
  );
  if (!ended) throw new CachetError('ERR_HOLDER_SECRET', 'this claim has ended meanwhile');
  return { transferCode: formatClaimCode(transfer), serialText: serialTextOf(card.serial) };
}

/**
 * The claim a verdict shows for this card, or null (none, or released, or voided): one look-up
 * on the index of standing claims.
 */
export async function publicClaimOf(
  ports: Pick<ClaimPorts, 'claims'>,
  card: Pick<CardRecord, 'serial' | 'revocation'>,
): Promise<PublicClaim | null> {
  const record = await ports.claims.currentClaim(card.serial);
  return record ? publicOf(record, card) : null;
}

/** The reference photo a standing claim shows under `photoId`, or null (never shown, or withdrawn). */
export async function shownClaimPhoto(
  ports: ClaimPorts,
  photoId: string,
): Promise<{ bytes: Uint8Array; type: string } | null> {
  if (!/^[\w-]{22}$/.test(photoId)) return null;
  const shown = await ports.claims.findShownPhoto(photoId);
  if (!shown) return null;
  const card = await ports.store.findCard(shown.serial);
  if (!card || card.revocation) return null;
  const reference = await currentReference(ports, shown.serial);
  const bytes = reference && (await ports.admin.referencePhoto(reference.id));
  return bytes ? { bytes, type: reference.type } : null;
}

/**
 * Every claim the card had, newest first, for legal (and the managers of its boutique).
 * @throws CachetError `ERR_FORBIDDEN` or `ERR_NOT_FOUND`.
 */
export async function claimHistoryOf(
  ports: ClaimPorts,
  who: Actor,
  serial: string,
): Promise<ClaimView[]> {
  ensure(who, 'claim.read');
  const card = await cardOf(ports, serial);
  ensure(who, 'claim.read', card.boutique);
  const history = await ports.claims.claimHistory(card.serial);
  return history.map((record) => claimViewOf(record, record.logIndex ?? null));
}

/**
 * Voids the card's standing claim (obtained by fraud): legal only, with a reason; logged publicly
 * as a void (the admin route audits it). The card then waits for a fresh claim code, answered
 * this once, for legal to hand to the rightful recipient; the holder secret and every earlier
 * code stop working.
 * @throws CachetError `ERR_FORBIDDEN`, `ERR_NOT_FOUND` (no card, or no standing claim) or
 *   `ERR_INVALID_ARGUMENT` (no reason).
 */
export async function voidClaim(
  ports: ClaimPorts,
  who: Actor,
  request: { serial: string; reason: string },
): Promise<{ claim: ClaimView; claimCode: string }> {
  ensure(who, 'claim.void');
  const reason = request.reason.trim();
  if (reason === '') {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a void needs a reason');
  }
  if (reason.length > MAX_VOID_REASON) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a reason has at most ${MAX_VOID_REASON} characters`,
    );
  }
  const card = await cardOf(ports, request.serial);
  const record = await ports.claims.currentClaim(card.serial);
  const none = () =>
    new CachetError('ERR_NOT_FOUND', `the card ${serialTextOf(card.serial)} has no standing claim`);
  if (!record) throw none();
  const at = seconds(ports.now());
  const fresh = await newClaimCode(ports.claims);
  const ended = await ports.claims.endClaim(
    record.id,
    { end: 'voided', at, reason, by: who.id, transferCodeHash: fresh.codeHash },
    await claimEntry(card, 'voided', record.number, { handle: null, photo: false }, at),
  );
  if (!ended) throw none();
  return {
    // From the history, which names the claim's place in the log (findClaim does not).
    claim: (await ports.claims.claimHistory(card.serial))
      .filter((c) => c.id === record.id)
      .map((c) => claimViewOf(c, c.logIndex ?? null))[0]!,
    claimCode: formatClaimCode(fresh.code),
  };
}

/**
 * Gives a card that no one has claimed a new claim code (its slip was lost, or never reached its
 * recipient): legal only, with a reason; the code it waited for stops working. The new code is
 * answered this once, for a new slip. A card with a standing claim is voided first.
 * @throws CachetError `ERR_FORBIDDEN`, `ERR_NOT_FOUND`, `ERR_ALREADY_REVOKED`, `ERR_CONFLICT` (a
 *   claim stands) or `ERR_INVALID_ARGUMENT` (no reason).
 */
export async function reissueClaimCode(
  ports: ClaimPorts,
  who: Actor,
  request: { serial: string; reason: string },
): Promise<{ claimCode: string }> {
  ensure(who, 'claim.void');
  const reason = request.reason.trim();
  if (reason === '' || reason.length > MAX_VOID_REASON) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a new code needs a reason of 1 to ${MAX_VOID_REASON} characters`,
    );
  }
  const card = await cardOf(ports, request.serial);
  refuseRevoked(card);
  const standing = () =>
    new CachetError(
      'ERR_CONFLICT',
      `the card ${serialTextOf(card.serial)} has a standing claim: void it first (its void gives a new code)`,
    );
  if (await ports.claims.currentClaim(card.serial)) throw standing();
  const fresh = await newClaimCode(ports.claims);
  const at = seconds(ports.now());
  if (!(await ports.claims.reissueCode(card.serial, fresh.codeHash, at))) throw standing();
  return { claimCode: formatClaimCode(fresh.code) };
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
