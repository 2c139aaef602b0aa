// A card's proof of being in the issuance log, checked offline against the log's verifier key:
// what a device, the CLI and a newsroom's own tool all run.
import { equalBytes } from '../bytes.js';
import { CachetError } from '../errors.js';
import { parseTokenText } from '../token.js';
import { parseCheckpoint } from './checkpoint.js';
import { decodeLogEntry, tokenLogHash } from './entry.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { openNote, type NoteKey } from './note.js';
import { parseTlogProof } from './proof.js';

/** What a checked proof says of a card. */
export interface ProvenEntry {
  index: number;
  /** Unix seconds. */
  loggedAt: number;
  /** The size and origin of the checkpoint the proof leads to. */
  size: number;
  origin: string;
}

/**
 * Checks a tlog-proof for a token against the log's verifier key, offline: the entry is the
 * token's (hash, key id, day), the checkpoint is signed by the key, and the inclusion proof leads
 * from the entry to the checkpoint's root.
 * @throws CachetError `ERR_LOG_PROOF`, `ERR_LOG_SIGNATURE` or `ERR_LOG_FORMAT`, saying which.
 */
export async function checkLogProof(
  token: string,
  proofText: string,
  key: NoteKey,
): Promise<ProvenEntry> {
  const { bytes, claims } = parseTokenText(token);
  const proof = parseTlogProof(proofText);
  if (!proof.extra) throw new CachetError('ERR_LOG_PROOF', 'the proof does not carry its entry');
  const entry = decodeLogEntry(proof.extra);
  if (!equalBytes(entry.tokenHash, await tokenLogHash(bytes))) {
    throw new CachetError('ERR_LOG_PROOF', 'the proof is for another card');
  }
  if (!equalBytes(entry.keyId, claims.keyId) || entry.day !== claims.issued) {
    throw new CachetError('ERR_LOG_PROOF', 'the entry names another key or day than the card');
  }
  const { text } = await openNote(proof.checkpoint, [key]);
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== key.name) {
    throw new CachetError(
      'ERR_LOG_PROOF',
      `the checkpoint is of ${checkpoint.origin}, not ${key.name}`,
    );
  }
  const included = await verifyInclusion(
    await leafHash(proof.extra),
    proof.index,
    checkpoint.size,
    proof.proof,
    checkpoint.root,
  );
  if (!included) {
    throw new CachetError('ERR_LOG_PROOF', 'the inclusion proof does not lead to the signed root');
  }
  return {
    index: proof.index,
    loggedAt: entry.loggedAt,
    size: checkpoint.size,
    origin: checkpoint.origin,
  };
}
