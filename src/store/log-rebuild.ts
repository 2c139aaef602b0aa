// The issuance log's tiles rebuilt from its placed entries, for a registry whose tiles were kept
// elsewhere: a Worker's D1 holds the entries and their places, R2 the tiles and checkpoints.
// Built as the sequencer grows them (level 0: leaf hashes; level n: the heads of the full tiles
// of level n - 1), so the file then serves proofs as a Node registry does.
import { leafHash, memoryReader, rootHash, TILE_WIDTH, toHex, fromHex } from '../core/index.js';
import type { SqlDb } from './sql-db.js';

/** The tiles rebuilt, or the first place no entry holds. */
export interface RebuiltLog {
  /** How many entries have their place (0 to size - 1, none missing). */
  size: number;
  /** The hashes of each tile, by `level/index`. */
  tiles: Map<string, Uint8Array[]>;
  /** The first place below the highest one given that no entry holds; null when none. */
  missing: number | null;
}

/**
 * Reads the placed entries, rebuilds every tile over them and writes the tiles into `log_tiles`
 * (one transaction, replacing any there). Writes nothing when a place is missing: no tree can be
 * rebuilt over a hole.
 */
export async function rebuildLogTiles(sql: SqlDb): Promise<RebuiltLog> {
  const rows = await sql.all<{ log_index: number; entry: string }>(
    'SELECT log_index, entry FROM log_entries WHERE log_index IS NOT NULL ORDER BY log_index',
  );
  const missing = rows.findIndex((row, i) => row.log_index !== i);
  const tiles = new Map<string, Uint8Array[]>();
  if (missing !== -1) return { size: 0, tiles, missing };

  let hashes: Uint8Array[] = await Promise.all(rows.map((row) => leafHash(fromHex(row.entry))));
  for (let level = 0; hashes.length > 0; level++) {
    const heads: Uint8Array[] = [];
    for (let at = 0; at < hashes.length; at += TILE_WIDTH) {
      const tile = hashes.slice(at, at + TILE_WIDTH);
      tiles.set(`${level}/${at / TILE_WIDTH}`, tile);
      if (tile.length === TILE_WIDTH) heads.push(await rootHash(TILE_WIDTH, memoryReader(tile)));
    }
    hashes = heads;
  }
  await sql.batch([
    { sql: 'DELETE FROM log_tiles', params: [] },
    ...[...tiles].map(([key, hashes]) => {
      const [level, index] = key.split('/').map(Number);
      return {
        sql: 'INSERT INTO log_tiles (level, idx, hashes) VALUES (?, ?, ?)',
        params: [level, index, hashes.map(toHex).join('')],
      };
    }),
  ]);
  return { size: rows.length, tiles, missing: null };
}
