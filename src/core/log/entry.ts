// The issuance log's entry: 47 bytes that say a card was issued, when it was logged, its day
// and key, and a hash of its token. No serial, boutique, associate or token: only someone who
// holds the card can find its entry.
import { concatBytes, equalBytes } from '../bytes.js';
import { CachetError } from '../errors.js';
import { sha256 } from './merkle.js';

export const LOG_ENTRY_LENGTH = 47;
/** The entry's first byte: a card was issued. */
export const ENTRY_ISSUANCE = 0x01;

export interface LogEntry {
  /** When the log took the card: Unix seconds. */
  loggedAt: number;
  /** The card's issue day, days since 2000-01-01 UTC (as in the token). */
  day: number;
  /** The first 4 bytes of the signing key's thumbprint (the token's key id). */
  keyId: Uint8Array;
  /** SHA-256(`cachet/log/v1` ‖ 0x00 ‖ the token's bytes). */
  tokenHash: Uint8Array;
}

const TOKEN_CONTEXT = new TextEncoder().encode('cachet/log/v1\0');

/** SHA-256, however the runtime computes it fastest (WebCrypto by default). */
export type Sha256 = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** The hash of a token as its log entry holds it. */
export async function tokenLogHash(token: Uint8Array, hash: Sha256 = sha256): Promise<Uint8Array> {
  return hash(concatBytes(TOKEN_CONTEXT, token));
}

/** 0x01 ‖ logged-at u64 ‖ day u16 ‖ key id (4) ‖ token hash (32), big-endian. */
export function encodeLogEntry(entry: LogEntry): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(entry.loggedAt) || entry.loggedAt < 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'loggedAt must be whole seconds since 1970');
  }
  if (!Number.isInteger(entry.day) || entry.day < 0 || entry.day > 0xffff) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'day must fit in 16 bits');
  }
  if (entry.keyId.length !== 4 || entry.tokenHash.length !== 32) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a key id is 4 bytes and a token hash 32');
  }
  const out = new Uint8Array(LOG_ENTRY_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = ENTRY_ISSUANCE;
  view.setBigUint64(1, BigInt(entry.loggedAt));
  view.setUint16(9, entry.day);
  out.set(entry.keyId, 11);
  out.set(entry.tokenHash, 15);
  return out;
}

/** @throws CachetError `ERR_LOG_FORMAT` for any other length or kind. */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (bytes.length !== LOG_ENTRY_LENGTH || bytes[0] !== ENTRY_ISSUANCE) {
    throw new CachetError(
      'ERR_LOG_FORMAT',
      `a log entry is ${LOG_ENTRY_LENGTH} bytes starting 0x01; this one has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const loggedAt = view.getBigUint64(1);
  if (loggedAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CachetError('ERR_LOG_FORMAT', 'the entry is logged past the year 285 million');
  }
  return {
    loggedAt: Number(loggedAt),
    day: view.getUint16(9),
    keyId: bytes.slice(11, 15),
    tokenHash: bytes.slice(15, 47),
  };
}

/** True when `entry` is the one a log holds for `token`. */
export async function entryIsFor(entry: LogEntry, token: Uint8Array): Promise<boolean> {
  return equalBytes(entry.tokenHash, await tokenLogHash(token));
}

/** The entry's first byte: a reference photo of the card as issued was recorded. */
export const ENTRY_REFERENCE = 0x02;
export const REFERENCE_ENTRY_LENGTH = 105;

/**
 * A reference photo recorded for a card: tied to the card by its token hash (the identity of its
 * issuance entry), never by serial; the photo itself stays private, only its hashes are public.
 */
export interface ReferenceEntry {
  /** When the log took the reference: Unix seconds. */
  loggedAt: number;
  /** The card's identity, as its issuance entry holds it. */
  tokenHash: Uint8Array;
  /** SHA-256 of the reference photo as stored (its metadata stripped). */
  photoHash: Uint8Array;
  /** SHA-256 of the reference's fingerprint (the card around its code, in the code's frame). */
  fingerprintHash: Uint8Array;
}

/** 0x02 ‖ logged-at u64 ‖ token hash (32) ‖ photo SHA-256 (32) ‖ fingerprint SHA-256 (32). */
export function encodeReferenceEntry(entry: ReferenceEntry): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(entry.loggedAt) || entry.loggedAt < 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'loggedAt must be whole seconds since 1970');
  }
  for (const [name, hash] of [
    ['token hash', entry.tokenHash],
    ['photo hash', entry.photoHash],
    ['fingerprint hash', entry.fingerprintHash],
  ] as const) {
    if (hash.length !== 32) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `a ${name} is 32 bytes, not ${hash.length}`);
    }
  }
  const out = new Uint8Array(REFERENCE_ENTRY_LENGTH);
  out[0] = ENTRY_REFERENCE;
  new DataView(out.buffer).setBigUint64(1, BigInt(entry.loggedAt));
  out.set(entry.tokenHash, 9);
  out.set(entry.photoHash, 41);
  out.set(entry.fingerprintHash, 73);
  return out;
}

/** @throws CachetError `ERR_LOG_FORMAT` for any other length or kind. */
export function decodeReferenceEntry(bytes: Uint8Array): ReferenceEntry {
  if (bytes.length !== REFERENCE_ENTRY_LENGTH || bytes[0] !== ENTRY_REFERENCE) {
    throw new CachetError(
      'ERR_LOG_FORMAT',
      `a reference entry is ${REFERENCE_ENTRY_LENGTH} bytes starting 0x02; this one has ${bytes.length}`,
    );
  }
  const loggedAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(1);
  if (loggedAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CachetError('ERR_LOG_FORMAT', 'the entry is logged past the year 285 million');
  }
  return {
    loggedAt: Number(loggedAt),
    tokenHash: bytes.slice(9, 41),
    photoHash: bytes.slice(41, 73),
    fingerprintHash: bytes.slice(73, 105),
  };
}

/** Any entry the log may hold, by its first byte; a type this version does not know is kept as such. */
export type AnyLogEntry =
  | ({ type: 'issuance' } & LogEntry)
  | ({ type: 'reference' } & ReferenceEntry)
  | ({ type: 'claim' } & ClaimEntry)
  | { type: 'unknown'; byte: number; length: number };

/** The name of an entry's type, as monitors and the CLI print it. */
export function entryTypeName(byte: number): string {
  if (byte === ENTRY_ISSUANCE) return 'issuance';
  if (byte === ENTRY_REFERENCE) return 'reference';
  if (byte === ENTRY_CLAIM) return 'claim';
  return `unknown type 0x${byte.toString(16).padStart(2, '0')}`;
}

/**
 * Decodes an entry of any type: an issuance (0x01), a reference (0x02), a claim event (0x03), or
 * `unknown` for a
 * first byte this version does not know (a newer log), so that a reader can report it and go on.
 * @throws CachetError `ERR_LOG_FORMAT` for an empty entry, or a known type of the wrong shape.
 */
export function decodeAnyEntry(bytes: Uint8Array): AnyLogEntry {
  if (bytes.length === 0) throw new CachetError('ERR_LOG_FORMAT', 'a log entry is never empty');
  if (bytes[0] === ENTRY_ISSUANCE) return { type: 'issuance', ...decodeLogEntry(bytes) };
  if (bytes[0] === ENTRY_REFERENCE) return { type: 'reference', ...decodeReferenceEntry(bytes) };
  if (bytes[0] === ENTRY_CLAIM) return { type: 'claim', ...decodeClaimEntry(bytes) };
  return { type: 'unknown', byte: bytes[0]!, length: bytes.length };
}

/** True when `entry` is a reference recorded for `token`'s card. */
export async function referenceIsFor(entry: ReferenceEntry, token: Uint8Array): Promise<boolean> {
  return equalBytes(entry.tokenHash, await tokenLogHash(token));
}

/** The entry's first byte: a claim on a card was made, changed, released or voided. */
export const ENTRY_CLAIM = 0x03;
export const CLAIM_ENTRY_LENGTH = 77;

/** What happened to the claim: the entry's event byte. */
export const CLAIM_EVENTS = { claimed: 1, changed: 2, released: 3, voided: 4 } as const;
export type ClaimEvent = keyof typeof CLAIM_EVENTS;

/**
 * A claim event: tied to the card by its token hash (never by serial), numbered within the card
 * (its first holder's claim is 1), with what the public sees: the shown flags and a hash of the
 * public name, never the name itself.
 */
export interface ClaimEntry {
  /** Unix seconds. */
  loggedAt: number;
  /** The card's identity, as its issuance entry holds it. */
  tokenHash: Uint8Array;
  event: ClaimEvent;
  /** The claim's number within the card, 1 to 65535. */
  claim: number;
  /** Whether a public name is shown and whether the reference photo is, after the event. */
  shown: { handle: boolean; photo: boolean };
  /** claimHandleHash of the shown name; 32 zero bytes when none is shown. */
  handleHash: Uint8Array;
}

/**
 * SHA-256(`cachet/claim-handle/v1` ‖ 0x00 ‖ the token's bytes ‖ the name's UTF-8, NFC). Keyed by
 * the token itself, which only a holder of the card has (its hash is public in the entry): the
 * log alone cannot be searched for a name.
 */
export async function claimHandleHash(token: Uint8Array, handle: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  return sha256(
    concatBytes(
      encoder.encode('cachet/claim-handle/v1\0'),
      token,
      encoder.encode(handle.normalize('NFC')),
    ),
  );
}

/**
 * 0x03 ‖ logged-at u64 ‖ token hash (32) ‖ event u8 (1 claimed, 2 changed, 3 released,
 * 4 voided) ‖ claim number u16 ‖ shown u8 (bit 0 a name, bit 1 the photo) ‖ name hash (32).
 */
export function encodeClaimEntry(entry: ClaimEntry): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(entry.loggedAt) || entry.loggedAt < 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'loggedAt must be whole seconds since 1970');
  }
  if (!Number.isInteger(entry.claim) || entry.claim < 1 || entry.claim > 0xffff) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a claim number is 1 to 65535');
  }
  if (entry.tokenHash.length !== 32 || entry.handleHash.length !== 32) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a token hash and a name hash are 32 bytes');
  }
  const event = CLAIM_EVENTS[entry.event];
  if (event === undefined) throw new CachetError('ERR_INVALID_ARGUMENT', 'no such claim event');
  if (claimEnds(entry.event) && (entry.shown.handle || entry.shown.photo)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `a ${entry.event} claim shows nothing`);
  }
  const out = new Uint8Array(CLAIM_ENTRY_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = ENTRY_CLAIM;
  view.setBigUint64(1, BigInt(entry.loggedAt));
  out.set(entry.tokenHash, 9);
  out[41] = event;
  view.setUint16(42, entry.claim);
  out[44] = (entry.shown.handle ? 1 : 0) | (entry.shown.photo ? 2 : 0);
  out.set(entry.handleHash, 45);
  return out;
}

/** @throws CachetError `ERR_LOG_FORMAT` for any other length, kind, event or flags. */
export function decodeClaimEntry(bytes: Uint8Array): ClaimEntry {
  if (bytes.length !== CLAIM_ENTRY_LENGTH || bytes[0] !== ENTRY_CLAIM) {
    throw new CachetError(
      'ERR_LOG_FORMAT',
      `a claim entry is ${CLAIM_ENTRY_LENGTH} bytes starting 0x03; this one has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const loggedAt = view.getBigUint64(1);
  if (loggedAt > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CachetError('ERR_LOG_FORMAT', 'the entry is logged past the year 285 million');
  }
  const event = (Object.keys(CLAIM_EVENTS) as ClaimEvent[]).find(
    (name) => CLAIM_EVENTS[name] === bytes[41],
  );
  if (!event) throw new CachetError('ERR_LOG_FORMAT', `no claim event is numbered ${bytes[41]}`);
  const claim = view.getUint16(42);
  if (claim === 0) throw new CachetError('ERR_LOG_FORMAT', 'a claim number is never 0');
  const flags = bytes[44]!;
  if (flags > 3)
    throw new CachetError('ERR_LOG_FORMAT', `unknown shown flags 0x${flags.toString(16)}`);
  const handleHash = bytes.slice(45, 77);
  const shown = { handle: (flags & 1) !== 0, photo: (flags & 2) !== 0 };
  if (!shown.handle && handleHash.some((b) => b !== 0)) {
    throw new CachetError('ERR_LOG_FORMAT', 'a name hash without a name shown');
  }
  // spec/ct1.md §10: a released or voided claim shows nothing.
  if (claimEnds(event) && flags !== 0) {
    throw new CachetError('ERR_LOG_FORMAT', `a ${event} claim entry that still shows something`);
  }
  return {
    loggedAt: Number(loggedAt),
    tokenHash: bytes.slice(9, 41),
    event,
    claim,
    shown,
    handleHash,
  };
}

/** Whether the event ends the claim (it then shows nothing). */
function claimEnds(event: ClaimEvent): boolean {
  return event === 'released' || event === 'voided';
}
