// The reference photo of a card as issued: one rule for recording it (the web page, the admin API
// and `cachet card reference`), for reading it back and for legal's comparison with a later photo.
// The photo must show this card's own code; it is kept with its metadata stripped, and its hashes
// go into the public log in the same transaction.
import {
  CachetError,
  checkImageSize,
  encodeReferenceEntry,
  equalBytes,
  formatSerial,
  fromHex,
  parseTokenText,
  readCardInput,
  serialToHex,
  sha256,
  sniffImage,
  stripPhotoMetadata,
  toHex,
  tokenLogHash,
  type AdminStore,
  type CardMatch,
  type CardMatcher,
  type MatchViews,
  type ReferenceRecord,
  type StaffCard,
  type Store,
} from '../core/index.js';
import { ensureMayReadReference, ensureMayRecordReference, type Actor } from './access.js';
import { worstMatch } from './card-compare.js';

/** The photo types a reference may be (a GIF is no photo). */
export const REFERENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export interface ReferencePorts {
  store: Pick<Store, 'findReference'>;
  admin: Pick<
    AdminStore,
    'findStaffCard' | 'recordReference' | 'referenceHistory' | 'referencePhoto'
  >;
  /** Reads codes and compares cards; null: this runtime cannot, and says so. */
  cardMatcher: CardMatcher | null;
  now: () => Date;
  /** Days after minting a reference may be recorded or replaced. */
  replaceDays: number;
  /** The most pixels a photo may have (its header is checked before decoding). */
  maxPixels: number;
}

/** One reference as staff see it: its hashes, who recorded it and when, its place in the log. */
export interface ReferenceView {
  id: number;
  type: string;
  bytes: number;
  photoSha256: string;
  fingerprintSha256: string;
  /** ISO 8601 instant. */
  recordedAt: string;
  recordedBy: string;
  /** ISO 8601 instant; null for the current reference. */
  replacedAt: string | null;
  /** Its 0x02 entry's index in the public log; null until the log places it. */
  logIndex: number | null;
}

/** A card's references: the current one, until when it may be replaced, and every one before. */
export interface CardReferences {
  serial: string;
  serialText: string;
  current: ReferenceView | null;
  /** ISO 8601 instant: after it no reference may be recorded or replaced. */
  replaceUntil: string;
  /** Every reference the card had, the current one first. */
  history: ReferenceView[];
}

export interface RecordedReference extends CardReferences {
  current: ReferenceView;
  /** The reference it replaced, or null for the card's first. */
  replaced: ReferenceView | null;
}

/** Legal's comparison of a photo with the card's reference. */
export interface ReferenceComparison {
  serial: string;
  serialText: string;
  /** The reference compared with. */
  reference: ReferenceView;
  match: CardMatch;
  /** Reference, rectified photo and difference, in the card's frame; only when asked. */
  views?: MatchViews;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A reference as staff see it. */
export function viewReference(r: ReferenceRecord): ReferenceView {
  return {
    id: r.id,
    type: r.type,
    bytes: r.photoBytes,
    photoSha256: r.photoSha256,
    fingerprintSha256: r.fingerprintSha256,
    recordedAt: iso(r.recordedAt),
    recordedBy: r.recordedBy,
    replacedAt: r.replacedAt === null ? null : iso(r.replacedAt),
    logIndex: r.logIndex,
  };
}

/** The last instant a reference of `card` may be recorded or replaced. */
export function replaceUntil(card: Pick<StaffCard, 'mintedAt'>, days: number): Date {
  return new Date(Date.parse(card.mintedAt) + days * 86_400_000);
}

async function cardOf(ports: ReferencePorts, serial: string): Promise<StaffCard> {
  const card = await ports.admin.findStaffCard(serial);
  if (!card) {
    throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`, { subject: 'card' });
  }
  return card;
}

function matcherOf(ports: ReferencePorts): CardMatcher {
  if (!ports.cardMatcher) {
    throw new CachetError('ERR_NOT_AVAILABLE', 'this server cannot read photos of cards');
  }
  return ports.cardMatcher;
}

/**
 * Checks that `bytes` are a JPEG, PNG or WebP photo within the pixel limit and, when the sender
 * declared a type, that the bytes are of it.
 * @throws CachetError `ERR_IMAGE_TYPE`, `ERR_IMAGE_UNREADABLE` or `ERR_IMAGE_TOO_LARGE`.
 */
export function checkReferencePhoto(bytes: Uint8Array, declared: string, maxPixels: number): void {
  const kind = sniffImage(bytes);
  const type = kind && `image/${kind.format}`;
  if (!kind || !(REFERENCE_TYPES as readonly string[]).includes(type!)) {
    throw new CachetError('ERR_IMAGE_TYPE', 'the photo is not a JPEG, PNG or WebP image');
  }
  if (declared && declared !== 'application/octet-stream' && declared !== type) {
    throw new CachetError('ERR_IMAGE_TYPE', `the photo is ${type} but was sent as ${declared}`);
  }
  checkImageSize(kind, maxPixels);
}

/** Whether a code's text holds this very token. */
function isOwnCode(text: string, token: Uint8Array): boolean {
  try {
    return equalBytes(parseTokenText(readCardInput(text).digits).bytes, token);
  } catch {
    return false;
  }
}

/** Which of the codes found is this card's own; refuses a photo with none, or another card's. */
function ownCode<T extends { text: string }>(found: T[], card: StaffCard, token: Uint8Array): T {
  const own = found.find((code) => isOwnCode(code.text, token));
  if (own) return own;
  if (found.length === 0) {
    throw new CachetError(
      'ERR_IMAGE_UNREADABLE',
      'no code found: photograph the card with its code in the frame',
    );
  }
  let named = '';
  for (const code of found) {
    try {
      const serial = parseTokenText(readCardInput(code.text).digits).claims.serial;
      if (serialToHex(serial) !== card.serial) named = ` (${formatSerial(serial)})`;
    } catch {
      // not a card's code at all
    }
  }
  throw new CachetError(
    'ERR_INVALID_ARGUMENT',
    `the photo shows the code of another card${named}, not of ${formatSerial(fromHex(card.serial))}`,
  );
}

/**
 * Refuses a reference that later photos could not be compared with: one that does not even read
 * `same-card` against itself shows too little of the written card around its code (a bare code,
 * a blank card, a photo cropped to the code). Kept, it would answer `cannot-tell` for ever.
 */
async function ensureComparable(
  matcher: ReturnType<typeof matcherOf>,
  fingerprint: Uint8Array,
  photo: Uint8Array,
  card: StaffCard,
  token: Uint8Array,
) {
  const { match } = ownCode(await matcher.compare(fingerprint, photo), card, token);
  if (match.result === 'same-card') return;
  throw new CachetError(
    'ERR_IMAGE_UNREADABLE',
    `the photo shows too little of the written card around its code to compare later photos with${match.compared.reason ? ` (${match.compared.reason})` : ''}: photograph the whole card, its handwriting and the signature across the code's edge`,
  );
}

/** The card's token bytes; a card the registry kept no token for cannot be tied to the log. */
function tokenOf(card: StaffCard): Uint8Array {
  if (!card.token) {
    throw new CachetError(
      'ERR_CONFLICT',
      'the registry kept no token for this card: a reference photo could not be tied to its log entry',
    );
  }
  return parseTokenText(card.token).bytes;
}

/**
 * Records `photo` as the reference of the card `serial` (hex): checked, its metadata stripped,
 * the card's own code found in it, its fingerprint taken there, and the photo, the fingerprint and
 * the 0x02 log entry of their hashes kept in one transaction. A reference already recorded is
 * replaced (and kept, marked replaced) while the card is within its window after minting.
 * @throws CachetError `ERR_NOT_FOUND` (subject `card`), `ERR_FORBIDDEN`, `ERR_ALREADY_REVOKED`,
 *   `ERR_CONFLICT` (no token kept, or the window closed), `ERR_IMAGE_*` (not a photo, or no code
 *   in it), `ERR_INVALID_ARGUMENT` (another card's code) or `ERR_NOT_AVAILABLE` (no reader).
 */
export async function recordReference(
  ports: ReferencePorts,
  who: Actor,
  serial: string,
  photo: Uint8Array,
  declaredType = '',
): Promise<RecordedReference> {
  const card = await cardOf(ports, serial);
  ensureMayRecordReference(who, card.boutique);
  if (card.revocation) {
    throw new CachetError(
      'ERR_ALREADY_REVOKED',
      'the card is revoked: a revoked card takes no reference photo',
    );
  }
  const token = tokenOf(card);
  const now = ports.now();
  const until = replaceUntil(card, ports.replaceDays);
  const history = await ports.admin.referenceHistory(card.serial);
  if (now > until) {
    throw new CachetError(
      'ERR_CONFLICT',
      `a reference photo may be ${history.length > 0 ? 'replaced' : 'recorded'} only within ${ports.replaceDays} days of minting: that closed at ${until.toISOString()}`,
    );
  }
  checkReferencePhoto(photo, declaredType, ports.maxPixels);
  const stripped = stripPhotoMetadata(photo);
  const matcher = matcherOf(ports);
  const { fingerprint } = ownCode(await matcher.fingerprints(stripped.bytes), card, token);
  await ensureComparable(matcher, fingerprint, stripped.bytes, card, token);
  const recordedAt = Math.floor(now.getTime() / 1000);
  const photoHash = await sha256(stripped.bytes);
  // The same photo sent again (a retry, a double tap) is the reference already kept: answered as
  // it stands, with no second entry in the log.
  const current = history[0]?.replacedAt === null ? history[0] : undefined;
  if (current?.photoSha256 === toHex(photoHash)) {
    return { ...(await listed(ports, card)), current: viewReference(current), replaced: null };
  }
  const fingerprintHash = await sha256(fingerprint);
  const recorded = await ports.admin.recordReference({
    serial: card.serial,
    type: stripped.type,
    photo: stripped.bytes,
    fingerprint,
    photoSha256: toHex(photoHash),
    fingerprintSha256: toHex(fingerprintHash),
    recordedAt,
    recordedBy: who.id,
    logEntry: encodeReferenceEntry({
      loggedAt: recordedAt,
      tokenHash: await tokenLogHash(token),
      photoHash,
      fingerprintHash,
    }),
  });
  const previous = history[0]?.replacedAt === null ? history[0] : undefined;
  return {
    ...(await listed(ports, card)),
    current: viewReference(recorded),
    replaced: previous ? viewReference({ ...previous, replacedAt: recordedAt }) : null,
  };
}

async function listed(ports: ReferencePorts, card: StaffCard): Promise<CardReferences> {
  const history = (await ports.admin.referenceHistory(card.serial)).map(viewReference);
  return {
    serial: card.serial,
    serialText: formatSerial(fromHex(card.serial)),
    current: history[0]?.replacedAt === null ? history[0] : null,
    replaceUntil: replaceUntil(card, ports.replaceDays).toISOString(),
    history,
  };
}

/**
 * The card's references (hashes, dates, log places), once `who` may see them.
 * @throws CachetError `ERR_NOT_FOUND` (subject `card`) or `ERR_FORBIDDEN`.
 */
export async function readReferences(
  ports: ReferencePorts,
  who: Actor,
  serial: string,
): Promise<CardReferences> {
  const card = await cardOf(ports, serial);
  ensureMayReadReference(who, card.boutique);
  return listed(ports, card);
}

/**
 * The photo of one of the card's references (the current one by default), as kept.
 * @throws CachetError `ERR_NOT_FOUND` (no card, or no such reference) or `ERR_FORBIDDEN`.
 */
export async function readReferencePhoto(
  ports: ReferencePorts,
  who: Actor,
  serial: string,
  id?: number,
): Promise<{ reference: ReferenceView; bytes: Uint8Array<ArrayBuffer> }> {
  const card = await cardOf(ports, serial);
  ensureMayReadReference(who, card.boutique);
  const history = await ports.admin.referenceHistory(card.serial);
  const chosen = history.find((r) => (id === undefined ? r.replacedAt === null : r.id === id));
  const bytes = chosen && (await ports.admin.referencePhoto(chosen.id));
  if (!chosen || !bytes) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      id === undefined
        ? 'this card has no reference photo'
        : `this card has no reference photo ${id}`,
    );
  }
  return { reference: viewReference(chosen), bytes };
}

/**
 * Compares `photo` with the card's current reference: the card's own code must be in it (its
 * corners anchor the comparison); the views only when asked, for the evidence report.
 * @throws CachetError `ERR_NOT_FOUND` (no card, or no reference), `ERR_FORBIDDEN`, `ERR_IMAGE_*`,
 *   `ERR_INVALID_ARGUMENT` (another card's code) or `ERR_NOT_AVAILABLE`.
 */
export async function compareWithReference(
  ports: ReferencePorts,
  who: Actor,
  serial: string,
  photo: Uint8Array,
  options: { views?: boolean; declaredType?: string } = {},
): Promise<ReferenceComparison> {
  const card = await cardOf(ports, serial);
  ensureMayReadReference(who, card.boutique);
  const kept = await ports.store.findReference(card.serial);
  const history = await ports.admin.referenceHistory(card.serial);
  const current = history.find((r) => r.photoSha256 === kept?.photoSha256 && !r.replacedAt);
  if (!kept || !current) {
    throw new CachetError('ERR_NOT_FOUND', 'this card has no reference photo to compare with');
  }
  checkReferencePhoto(photo, options.declaredType ?? '', ports.maxPixels);
  const token = tokenOf(card);
  const found = await matcherOf(ports).compare(kept.fingerprint, photo, { views: !!options.views });
  ownCode(found, card, token);
  // The same code more than once in the photo: the answer that speaks most against the card.
  const { views, ...answer } = worstMatch(
    found.filter((code) => isOwnCode(code.text, token)).map((code) => code.match),
  )!;
  return {
    serial: card.serial,
    serialText: formatSerial(fromHex(card.serial)),
    reference: viewReference(current),
    match: answer,
    ...(options.views && views && { views }),
  };
}
