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
