// The revocation list a device checks cards against without the server: one 9-byte record per
// revoked card, keyed by its rid, an id only someone holding the card can compute.
//
//   "CT1R" ‖ version 0x01 ‖ generated-at u64 (Unix seconds) ‖ count u32 ‖ count × (rid 8 ‖ reason 1)
//
// all big-endian, records sorted by rid, so a device finds a card by binary search.
import { concatBytes, toHex } from './bytes.js';
import { CachetError } from './errors.js';
import type { RevocationReason } from './revocation.js';
import type { CardToken } from './token.js';

const MAGIC = new TextEncoder().encode('CT1R');
const VERSION = 1;
/** Bytes before the first record, and bytes a record: a list of n cards is 17 + 9n bytes. */
export const REVOCATION_LIST_HEADER = 4 + 1 + 8 + 4;
export const REVOCATION_RECORD = 9;
const HEADER = REVOCATION_LIST_HEADER;
const RECORD = REVOCATION_RECORD;
const RID_CONTEXT = new TextEncoder().encode('cachet/rid/v1\0');

/** Reason codes on the wire: a fixed table, as public as the reasons themselves. */
export const REVOCATION_CODES: Record<RevocationReason, number> = {
  other: 0,
  counterfeit: 1,
  'lost-or-stolen': 2,
  'issued-in-error': 3,
  'client-request': 4,
  'key-compromise': 5,
};
const REASON_OF = Object.fromEntries(
  Object.entries(REVOCATION_CODES).map(([reason, code]) => [code, reason as RevocationReason]),
);

/** The rid of a card: SHA-256(`cachet/rid/v1` ‖ 0x00 ‖ key id (4) ‖ signature (64))[:8]. */
export async function revocationId(
  token: Pick<CardToken, 'claims' | 'signature'>,
): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    concatBytes(RID_CONTEXT, token.claims.keyId, token.signature),
  );
  return new Uint8Array(digest, 0, 8).slice();
}

export interface RevocationList {
  /** Unix seconds. */
  generatedAt: number;
  /** How many cards it names. */
  count: number;
  /**
   * The reason a card was revoked for, by its rid, or undefined when the list does not name it.
   * A binary search over the list's own bytes: a million records cost no more memory than 9 MB.
   */
  reasonOf(rid: Uint8Array): RevocationReason | undefined;
  /** Every record, in rid order (hex rid, reason). */
  records(): Generator<[string, RevocationReason]>;
}

/**
 * The list's bytes from records already in list form (rid ‖ code, 9 bytes each) as a registry
 * reads them; sorted and checked here, so a registry's mistake never reaches a device.
 */
export function revocationListFromRecords(
  generatedAt: number,
  records: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if (records.length % RECORD !== 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'revocation records are 9 bytes each');
  }
  const count = records.length / RECORD;
  const out = new Uint8Array(HEADER + records.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  view.setBigUint64(5, BigInt(generatedAt));
  view.setUint32(13, count);
  out.set(records, HEADER);
  for (let i = 1; i < count; i++) {
    const at = HEADER + RECORD * i;
    if (compare(out.subarray(at - RECORD, at - 1), out.subarray(at, at + 8)) >= 0) {
      // Not in order (or a rid twice): the general path sorts and keeps one of each.
      const list: { rid: Uint8Array; reason: RevocationReason }[] = [];
      for (let j = 0; j < count; j++) {
        const r = records.subarray(RECORD * j, RECORD * j + RECORD);
        list.push({ rid: r.slice(0, 8), reason: REASON_OF[r[8]!]! });
      }
      return encodeRevocationList(generatedAt, list);
    }
  }
  return out;
}

/** The list's bytes: records sorted by rid, one per rid. */
export function encodeRevocationList(
  generatedAt: number,
  records: { rid: Uint8Array; reason: RevocationReason }[],
): Uint8Array<ArrayBuffer> {
  // A registry hands them over sorted already: a million records skip the sort.
  const inOrder = records.every((r, i) => i === 0 || compare(records[i - 1]!.rid, r.rid) < 0);
  const sorted = inOrder
    ? records
    : [...new Map(records.map((r) => [toHex(r.rid), r] as const)).values()].sort((a, b) =>
        compare(a.rid, b.rid),
      );
  const out = new Uint8Array(HEADER + RECORD * sorted.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  view.setBigUint64(5, BigInt(generatedAt));
  view.setUint32(13, sorted.length);
  sorted.forEach((r, i) => {
    if (r.rid.length !== 8) throw new CachetError('ERR_INVALID_ARGUMENT', 'a rid is 8 bytes');
    out.set(r.rid, HEADER + RECORD * i);
    out[HEADER + RECORD * i + 8] = REVOCATION_CODES[r.reason];
  });
  return out;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Reads a list, refusing any that is cut, unsorted, repeats a rid or names an unknown reason.
 * @throws CachetError `ERR_INVALID_ARGUMENT`.
 */
export function decodeRevocationList(bytes: Uint8Array): RevocationList {
  const refuse = (why: string) =>
    new CachetError('ERR_INVALID_ARGUMENT', `revocation list: ${why}`);
  if (bytes.length < HEADER || toHex(bytes.subarray(0, 4)) !== toHex(MAGIC)) {
    throw refuse('not a CT1R list');
  }
  if (bytes[4] !== VERSION) throw refuse(`version ${bytes[4]} is not 1`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const generatedAt = Number(view.getBigUint64(5));
  const count = view.getUint32(13);
  if (bytes.length !== HEADER + RECORD * count)
    throw refuse(`${count} records do not fit its length`);
  let previous: Uint8Array | null = null;
  for (let i = 0; i < count; i++) {
    const at = HEADER + RECORD * i;
    const rid = bytes.subarray(at, at + 8);
    if (previous && compare(previous, rid) >= 0)
      throw refuse('records are not sorted by rid, once each');
    if (!REASON_OF[bytes[at + 8]!]) throw refuse(`reason code ${bytes[at + 8]} is unknown`);
    previous = rid;
  }
  const held = bytes.slice();
  const ridAt = (i: number) => held.subarray(HEADER + RECORD * i, HEADER + RECORD * i + 8);
  return {
    generatedAt,
    count,
    reasonOf(rid) {
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const order = compare(ridAt(mid), rid);
        if (order === 0) return REASON_OF[held[HEADER + RECORD * mid + 8]!];
        if (order < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
    *records() {
      for (let i = 0; i < count; i++) {
        yield [toHex(ridAt(i)), REASON_OF[held[HEADER + RECORD * i + 8]!]!];
      }
    },
  };
}
