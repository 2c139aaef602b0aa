// Reading a Merkle tree's hashes out of its tiles (c2sp.org/tlog-tiles): what the sequencer, the
// proofs and the registry's consistency check share.
import { CachetError } from '../errors.js';
import { memoryReader, rootHash, type HashReader } from './merkle.js';
import { TILE_HEIGHT, TILE_WIDTH } from './tiles.js';

/**
 * A HashReader over tiles: the subtree of 2^level leaves at `index` is one hash of the tile at
 * level ⌊level / 8⌋, or the head of 2^(level mod 8) consecutive hashes of it.
 */
export function tileReader(
  tileHashes: (level: number, index: number) => Promise<Uint8Array[]>,
): HashReader {
  return async (level, index) => {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const span = 2 ** (level % TILE_HEIGHT);
    const position = index * span;
    const hashes = await tileHashes(tileLevel, Math.floor(position / TILE_WIDTH));
    const offset = position % TILE_WIDTH;
    const run = hashes.slice(offset, offset + span);
    if (run.length < span) {
      throw new CachetError('ERR_LOG_PROOF', `the log has no hash ${level}/${index} yet`);
    }
    return span === 1 ? run[0]! : rootHash(span, memoryReader(run));
  };
}

/** A tile's bytes as its hashes, 32 bytes each (a trailing part of a hash is left out). */
export function tileHashes(bytes: Uint8Array | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; bytes && at + 32 <= bytes.length; at += 32)
    out.push(bytes.subarray(at, at + 32));
  return out;
}
