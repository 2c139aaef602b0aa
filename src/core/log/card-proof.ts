// A card's proofs in the issuance log, checked offline against the log's verifier key: that it
// was issued (its 0x01 entry) and that a reference photo of it as issued was recorded (a 0x02
// entry). What a device, the CLI and a newsroom's own tool all run.
import { equalBytes, toHex } from '../bytes.js';
import { CachetError } from '../errors.js';
import { stripPhotoMetadata } from '../strip-metadata.js';
import { parseTokenText } from '../token.js';
import { parseCheckpoint } from './checkpoint.js';
import {
  decodeAnyEntry,
  entryTypeName,
  tokenLogHash,
  type LogEntry,
  type ReferenceEntry,
} from './entry.js';
import { leafHash, sha256, verifyInclusion } from './merkle.js';
import { openNote, type NoteKey } from './note.js';
import { parseTlogProof, type TlogProof } from './proof.js';

/** What a checked proof says of a card. */
export interface ProvenEntry {
  index: number;
  /** Unix seconds. */
  loggedAt: number;
  /** The size and origin of the checkpoint the proof leads to. */
  size: number;
  origin: string;
}

/** What a checked reference proof says: the hashes the log holds for the card's photo. */
export interface ProvenReference extends ProvenEntry {
  /** Hex SHA-256 of the reference photo as stored. */
  photoSha256: string;
  /** Hex SHA-256 of the reference's fingerprint. */
  fingerprintSha256: string;
  /**
   * Set when a photo was given: it is the one the entry commits to, byte for byte or once its
   * metadata is stripped as the house strips it (else the check throws).
   */
  photo?: 'matches' | 'matches-once-stripped';
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The proof's entry of the type wanted, or `ERR_LOG_PROOF` saying which type it holds. */
function entryOfType<T extends 'issuance' | 'reference'>(proof: TlogProof, type: T) {
  if (!proof.extra) throw new CachetError('ERR_LOG_PROOF', 'the proof does not carry its entry');
  let entry;
  try {
    entry = decodeAnyEntry(proof.extra);
  } catch (error) {
    // An entry of the wrong shape is not this card's entry: the proof proves nothing of it.
    if (error instanceof CachetError) throw new CachetError('ERR_LOG_PROOF', error.message);
    throw error;
  }
  if (entry.type !== type) {
    const held = entry.type === 'unknown' ? entryTypeName(entry.byte) : entry.type;
    throw new CachetError(
      'ERR_LOG_PROOF',
      `the proof is of ${held === 'reference' ? "a reference photo's" : `an ${held}`} entry, not of the card's ${type === 'issuance' ? 'issuance' : 'reference photo'}`,
    );
  }
  return entry as Extract<ReturnType<typeof decodeAnyEntry>, { type: T }>;
}

/** The checkpoint is the key's, and the inclusion path leads from the entry to its root. */
async function checkIncluded(proof: TlogProof, key: NoteKey) {
  const { text } = await openNote(proof.checkpoint, [key]);
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== key.name) {
    throw new CachetError(
      'ERR_LOG_PROOF',
      `the checkpoint is of ${checkpoint.origin}, not ${key.name}`,
    );
  }
  const included = await verifyInclusion(
    await leafHash(proof.extra!),
    proof.index,
    checkpoint.size,
    proof.proof,
    checkpoint.root,
  );
  if (!included) {
    throw new CachetError('ERR_LOG_PROOF', 'the inclusion proof does not lead to the signed root');
  }
  return checkpoint;
}

/**
 * Checks a tlog-proof for a token against the log's verifier key, offline: the entry is the
 * token's issuance entry (hash, key id, day), the checkpoint is signed by the key, and the
 * inclusion proof leads from the entry to the checkpoint's root.
 * @throws CachetError `ERR_LOG_PROOF`, `ERR_LOG_SIGNATURE` or `ERR_LOG_FORMAT`, saying which.
 */
export async function checkLogProof(
  token: string,
  proofText: string,
  key: NoteKey,
): Promise<ProvenEntry> {
  const { bytes, claims } = parseTokenText(token);
  const proof = parseTlogProof(proofText);
  const entry: LogEntry = entryOfType(proof, 'issuance');
  if (!equalBytes(entry.tokenHash, await tokenLogHash(bytes))) {
    throw new CachetError('ERR_LOG_PROOF', 'the proof is for another card');
  }
  if (!equalBytes(entry.keyId, claims.keyId) || entry.day !== claims.issued) {
    throw new CachetError('ERR_LOG_PROOF', 'the entry names another key or day than the card');
  }
  const checkpoint = await checkIncluded(proof, key);
  return {
    index: proof.index,
    loggedAt: entry.loggedAt,
    size: checkpoint.size,
    origin: checkpoint.origin,
  };
}

/**
 * Checks the tlog-proof of a card's reference photo (a 0x02 entry) for a token, offline: the
 * entry holds the token's hash (the identity of the card's issuance entry), the checkpoint is
 * signed by the key and the inclusion path leads to its root. Given `photo`, also checks that
 * its SHA-256 is the one the entry committed to when it was logged.
 * @throws CachetError `ERR_LOG_PROOF` (a photo other than the one logged included),
 * `ERR_LOG_SIGNATURE` or `ERR_LOG_FORMAT`, saying which.
 */
export async function checkReferenceProof(
  token: string,
  proofText: string,
  key: NoteKey,
  options: { photo?: Uint8Array } = {},
): Promise<ProvenReference> {
  const { bytes } = parseTokenText(token);
  const proof = parseTlogProof(proofText);
  const entry: ReferenceEntry = entryOfType(proof, 'reference');
  if (!equalBytes(entry.tokenHash, await tokenLogHash(bytes))) {
    throw new CachetError('ERR_LOG_PROOF', 'the proof is for another card');
  }
  const checkpoint = await checkIncluded(proof, key);
  const proven: ProvenReference = {
    index: proof.index,
    loggedAt: entry.loggedAt,
    size: checkpoint.size,
    origin: checkpoint.origin,
    photoSha256: toHex(entry.photoHash),
    fingerprintSha256: toHex(entry.fingerprintHash),
  };
  if (options.photo) {
    const hash = await sha256(options.photo);
    if (equalBytes(hash, entry.photoHash)) {
      proven.photo = 'matches';
    } else if (equalBytes((await strippedHash(options.photo)) ?? hash, entry.photoHash)) {
      proven.photo = 'matches-once-stripped';
    } else {
      throw new CachetError(
        'ERR_LOG_PROOF',
        `this photo is not the reference logged at ${iso(entry.loggedAt)}: its SHA-256 is ${toHex(hash)}, the entry's ${proven.photoSha256}`,
      );
    }
  }
  return proven;
}

/**
 * The SHA-256 of a photo with its metadata stripped as the house strips it before keeping a
 * reference: the file the boutique's camera saved proves as well as the copy the house kept.
 * Null for bytes that are no photo.
 */
async function strippedHash(photo: Uint8Array): Promise<Uint8Array | null> {
  try {
    return await sha256(stripPhotoMetadata(photo).bytes);
  } catch {
    return null;
  }
}
