// A card's claim events as a monitor reads them from a running server: only the public log's
// checkpoint and tiles over HTTP, each entry's inclusion checked against the signed checkpoint
// by the independent checker of the log tests.
import {
  decodeClaimEntry,
  decodeEntryBundle,
  inclusionProof,
  parseTokenText,
  tilePath,
  tilesAt,
  tokenLogHash,
  TILE_WIDTH,
  type ClaimEntry,
} from '../../src/core/index.js';
import { tileReader } from '../../src/services/log.js';
import { noteSignedBy, rootFrom } from '../helpers/independent-log.js';
import { createHash } from 'node:crypto';

/** A claim event of the card, where the log placed it, and whether its proof held. */
export interface ServedClaimEntry extends ClaimEntry {
  index: number;
  /** The leaf's inclusion path leads to the root of a checkpoint the log's key signed. */
  proven: boolean;
}

/** The claim entries (0x03) of the card of `token` in the log `url` serves now, in log order. */
export async function servedClaimEntries(
  url: string,
  token: string,
  vkey: string,
): Promise<ServedClaimEntry[]> {
  const res = await fetch(`${url}/log/checkpoint`);
  if (res.status !== 200) return [];
  const checkpoint = await res.text();
  const [, sizeLine, rootLine] = checkpoint.split('\n');
  const size = Number(sizeLine);
  const tile = async (level: number | 'entries', index: number) => {
    const { full, partial } = tilesAt(level === 'entries' ? 0 : level, size);
    const width = index < full ? TILE_WIDTH : partial;
    const got = await fetch(`${url}/log/${tilePath({ level, index, width })}`);
    if (got.status !== 200) throw new Error(`tile ${level}/${index}: ${got.status}`);
    return new Uint8Array(await got.arrayBuffer());
  };
  const reader = tileReader(async (level, index) => {
    const bytes = await tile(level, index);
    const hashes = [];
    for (let at = 0; at + 32 <= bytes.length; at += 32) hashes.push(bytes.subarray(at, at + 32));
    return hashes;
  });
  const tokenHash = Buffer.from(await tokenLogHash(parseTokenText(token).bytes));
  const found: ServedClaimEntry[] = [];
  for (let n = 0; n * TILE_WIDTH < size; n++) {
    const entries = decodeEntryBundle(await tile('entries', n));
    for (const [i, entry] of entries.entries()) {
      if (entry[0] !== 0x03 || !tokenHash.equals(entry.subarray(9, 41))) continue;
      const index = n * TILE_WIDTH + i;
      const path = (await inclusionProof(index, size, reader)).map((h) => Buffer.from(h));
      const leaf = createHash('sha256')
        .update(Buffer.from([0]))
        .update(entry)
        .digest();
      const root = rootFrom(leaf, index, size, path);
      const proven = root?.toString('base64') === rootLine && noteSignedBy(checkpoint, vkey);
      found.push({ ...decodeClaimEntry(entry), index, proven });
    }
  }
  return found;
}
