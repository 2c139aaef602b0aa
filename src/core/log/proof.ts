// c2sp.org/tlog-proof: an entry's index, its inclusion proof and the signed checkpoint it leads
// to, with the entry itself as the `extra` data, in one text a journalist can keep and check
// offline.
import { CachetError } from '../errors.js';
import { fromBase64, toBase64 } from './base64.js';
import { HASH_SIZE } from './merkle.js';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque data (Cachet: the 47-byte entry); not authenticated by the proof itself. */
  extra?: Uint8Array;
  index: number;
  /** Leaf's sibling first, up to the root's child. */
  proof: Uint8Array[];
  /** The signed checkpoint, verbatim. */
  checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (p.extra) lines.push(`extra ${toBase64(p.extra)}`);
  lines.push(`index ${p.index}`, ...p.proof.map(toBase64), '');
  return `${lines.join('\n')}\n${p.checkpoint}`;
}

/** @throws CachetError `ERR_LOG_FORMAT`. */
export function parseTlogProof(text: string): TlogProof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new CachetError('ERR_LOG_FORMAT', 'a tlog proof has no checkpoint');
  const lines = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (lines.shift() !== TLOG_PROOF_HEADER) {
    throw new CachetError('ERR_LOG_FORMAT', `a tlog proof starts with ${TLOG_PROOF_HEADER}`);
  }
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) extra = fromBase64(lines.shift()!.slice(6), 'the extra data');
  const index = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!index || !Number.isSafeInteger(Number(index[1]))) {
    throw new CachetError('ERR_LOG_FORMAT', 'a tlog proof names its index');
  }
  const proof = lines.map((line) => {
    const hash = fromBase64(line, 'a proof hash');
    if (hash.length !== HASH_SIZE)
      throw new CachetError('ERR_LOG_FORMAT', 'a proof hash is 32 bytes');
    return hash;
  });
  return { ...(extra ? { extra } : {}), index: Number(index[1]), proof, checkpoint };
}
