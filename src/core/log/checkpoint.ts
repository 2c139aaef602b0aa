// c2sp.org/tlog-checkpoint: the note text that commits a log to its tree at one size.
import { CachetError } from '../errors.js';
import { fromBase64, toBase64 } from './base64.js';
import { HASH_SIZE } from './merkle.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  /** Extension lines, each non-empty (Cachet writes none). */
  extensions: string[];
}

/** `<origin>\n<size>\n<base64 root>\n`, then any extension lines. */
export function formatCheckpoint(
  c: Omit<Checkpoint, 'extensions'> & { extensions?: string[] },
): string {
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new RangeError(`tree size ${c.size}`);
  if (c.root.length !== HASH_SIZE) throw new RangeError('a root hash is 32 bytes');
  const extensions = c.extensions ?? [];
  return [c.origin, String(c.size), toBase64(c.root), ...extensions].map((l) => `${l}\n`).join('');
}

/** @throws CachetError `ERR_LOG_FORMAT` for anything but a checkpoint's text. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.pop() !== '' || lines.some((l) => l === '')) {
    throw new CachetError('ERR_LOG_FORMAT', 'a checkpoint is three or more non-empty lines');
  }
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new CachetError('ERR_LOG_FORMAT', `"${size.slice(0, 20)}" is not a tree size`);
  }
  const hash = fromBase64(root, 'the root hash');
  if (hash.length !== HASH_SIZE) throw new CachetError('ERR_LOG_FORMAT', 'a root hash is 32 bytes');
  return { origin, size: Number(size), root: hash, extensions };
}
