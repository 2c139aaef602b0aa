// c2sp.org/tlog-tiles: where the tiles of hashes and the bundles of entries are, and the bundle
// encoding. Tiles are 2^8 = 256 hashes wide.
import { CachetError } from '../errors.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A tile's index as path elements: 1234067 → `x001/x234/067`. */
export function tileIndexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`tile index ${index}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export interface TileRef {
  /** A level of hashes (0: leaf hashes), or `entries` for an entry bundle. */
  level: number | 'entries';
  index: number;
  /** 256 for a full tile, 1 to 255 for a partial one. */
  width: number;
}

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function tilePath({ level, index, width }: TileRef): string {
  if (!(Number.isInteger(width) && width >= 1 && width <= TILE_WIDTH)) {
    throw new RangeError(`tile width ${width}`);
  }
  const partial = width < TILE_WIDTH ? `.p/${width}` : '';
  return `tile/${level}/${tileIndexPath(index)}${partial}`;
}

/**
 * The tile a path names, or null for anything that is not a canonical tile path (no other
 * spelling of the same tile is accepted).
 */
export function parseTilePath(path: string): TileRef | null {
  const m = /^tile\/(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(
    path,
  );
  if (!m) return null;
  const level = m[1] === 'entries' ? 'entries' : Number(m[1]);
  if (typeof level === 'number' && level > 63) return null;
  const groups = [
    ...m[2]!
      .split('/')
      .filter(Boolean)
      .map((g) => g.slice(1)),
    m[3]!,
  ];
  if (groups.length > 1 && groups[0] === '000') return null; // a leading zero group
  const index = groups.reduce((n, g) => n * 1000 + Number(g), 0);
  const width = m[4] === undefined ? TILE_WIDTH : Number(m[4]);
  if ((m[4] !== undefined && width >= TILE_WIDTH) || !Number.isSafeInteger(index)) return null;
  return { level, index, width };
}

/** The tiles a tree of `size` leaves has at `level`: full ones, and the partial one's width. */
export function tilesAt(level: number, size: number): { full: number; partial: number } {
  const hashes = Math.floor(size / TILE_WIDTH ** level);
  return { full: Math.floor(hashes / TILE_WIDTH), partial: hashes % TILE_WIDTH };
}

/** Entries as a bundle: each one prefixed with its length as a big-endian uint16. */
export function encodeEntryBundle(entries: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0));
  let at = 0;
  for (const entry of entries) {
    if (entry.length > 0xffff) throw new RangeError('an entry is at most 65,535 bytes');
    out[at] = entry.length >> 8;
    out[at + 1] = entry.length & 0xff;
    out.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return out;
}

/** @throws CachetError `ERR_LOG_FORMAT` when a length runs past the end. */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw new CachetError('ERR_LOG_FORMAT', 'an entry bundle is cut');
    const length = (bundle[at]! << 8) | bundle[at + 1]!;
    if (at + 2 + length > bundle.length) {
      throw new CachetError('ERR_LOG_FORMAT', 'an entry bundle is cut');
    }
    entries.push(bundle.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
