// c2sp.org/signed-note: text signed by named keys, Ed25519 signatures (type 0x01), verifier
// keys (vkeys), and the timestamped witness cosignatures of c2sp.org/tlog-cosignature (type
// 0x04). Verification is the core's strict Ed25519.
import { concatBytes, equalBytes, toHex } from '../bytes.js';
import { signEd25519, verifyEd25519 } from '../ed25519.js';
import { CachetError } from '../errors.js';
import { fromBase64, toBase64 } from './base64.js';
import { sha256 } from './merkle.js';

export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;
/** More signatures than this make a note refused: the spec asks verifiers to accept 16. */
export const MAX_NOTE_SIGNATURES = 64;

const utf8 = new TextEncoder();

/** A key's identity in a note: its name, and the first 4 bytes of SHA-256(name ‖ \n ‖ type ‖ key). */
export interface NoteKey {
  name: string;
  type: number;
  publicKey: Uint8Array;
  keyId: Uint8Array;
}

function checkKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) {
    throw new CachetError('ERR_LOG_FORMAT', `a key name is not empty and holds no space or "+"`);
  }
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]. */
export async function noteKeyId(
  name: string,
  type: number,
  publicKey: Uint8Array,
): Promise<Uint8Array> {
  const hash = await sha256(
    concatBytes(utf8.encode(`${name}\n`), new Uint8Array([type]), publicKey),
  );
  return hash.slice(0, 4);
}

export async function noteKey(name: string, type: number, publicKey: Uint8Array): Promise<NoteKey> {
  checkKeyName(name);
  return { name, type, publicKey, keyId: await noteKeyId(name, type, publicKey) };
}

/** `<name>+<8 hex digits of key ID>+<base64(type ‖ public key)>`. */
export function formatVkey(key: NoteKey): string {
  return `${key.name}+${toHex(key.keyId)}+${toBase64(concatBytes(new Uint8Array([key.type]), key.publicKey))}`;
}

/**
 * A verifier key from its text; its key ID must be the one its name, type and key give.
 * @throws CachetError `ERR_LOG_FORMAT`.
 */
export async function parseVkey(text: string): Promise<NoteKey> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!m) throw new CachetError('ERR_LOG_FORMAT', `"${text.slice(0, 80)}" is not a verifier key`);
  const material = fromBase64(m[3]!, 'the verifier key');
  const [type, publicKey] = [material[0]!, material.slice(1)];
  if ((type === SIG_ED25519 || type === SIG_COSIGNATURE_V1) && publicKey.length !== 32) {
    throw new CachetError('ERR_LOG_FORMAT', 'an Ed25519 verifier key holds 32 bytes');
  }
  const key = await noteKey(m[1]!, type, publicKey);
  if (toHex(key.keyId) !== m[2]) {
    throw new CachetError('ERR_LOG_FORMAT', `the verifier key ${m[1]} has the wrong key ID`);
  }
  return key;
}

/** Who signs a note: a key's identity and the bytes of its signature line. */
export interface NoteSigner {
  key: NoteKey;
  /** The signature bytes after the key ID, over the note text. */
  sign(text: Uint8Array): Promise<Uint8Array>;
}

/** An Ed25519 note signer (type 0x01) over a private CryptoKey. */
export async function ed25519NoteSigner(
  name: string,
  publicKey: Uint8Array,
  privateKey: CryptoKey,
): Promise<NoteSigner> {
  return {
    key: await noteKey(name, SIG_ED25519, publicKey),
    sign: (text) => signEd25519(privateKey, text),
  };
}

/** The cosigned message of c2sp.org/tlog-cosignature v1 over a checkpoint's text. */
export function cosignedMessage(checkpointText: string, timestamp: number): Uint8Array {
  return utf8.encode(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** A witness's Ed25519 cosigner (type 0x04): u64 timestamp ‖ signature over the cosigned message. */
export async function cosigner(
  name: string,
  publicKey: Uint8Array,
  privateKey: CryptoKey,
  clock: () => number = () => Math.floor(Date.now() / 1000),
): Promise<NoteSigner> {
  return {
    key: await noteKey(name, SIG_COSIGNATURE_V1, publicKey),
    async sign(text) {
      const timestamp = clock();
      const signature = await signEd25519(
        privateKey,
        cosignedMessage(new TextDecoder().decode(text), timestamp),
      );
      const out = new Uint8Array(8 + signature.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(timestamp));
      out.set(signature, 8);
      return out;
    },
  };
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** The bytes after the key ID. */
  signature: Uint8Array;
}

/** A note taken apart: the signed text (ending in a newline) and its signature lines. */
export interface Note {
  text: string;
  signatures: NoteSignature[];
}

function signatureLine(s: NoteSignature): string {
  return `— ${s.name} ${toBase64(concatBytes(s.keyId, s.signature))}\n`;
}

/** The note text signed by each signer, with `extra` signatures (witnesses') kept after them. */
export async function signNote(
  text: string,
  signers: NoteSigner[],
  extra: NoteSignature[] = [],
): Promise<string> {
  checkNoteText(text);
  const bytes = utf8.encode(text);
  const lines: string[] = [];
  for (const signer of signers) {
    lines.push(
      signatureLine({
        name: signer.key.name,
        keyId: signer.key.keyId,
        signature: await signer.sign(bytes),
      }),
    );
  }
  return `${text}\n${lines.join('')}${extra.map(signatureLine).join('')}`;
}

function checkNoteText(text: string): void {
  if (!text.endsWith('\n'))
    throw new CachetError('ERR_LOG_FORMAT', 'a note text ends in a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    throw new CachetError('ERR_LOG_FORMAT', 'a note holds no control character but newlines');
  }
}

/** Splits a note into its text and signature lines. @throws CachetError `ERR_LOG_FORMAT`. */
export function parseNote(note: string): Note {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) {
    throw new CachetError('ERR_LOG_FORMAT', 'a note is UTF-8 text with no control character');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) {
    throw new CachetError('ERR_LOG_FORMAT', 'a note is its text, a blank line, then signatures');
  }
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new CachetError('ERR_LOG_FORMAT', `a note has at most ${MAX_NOTE_SIGNATURES} signatures`);
  }
  const signatures = lines.map((line) => {
    const m = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m || m[1]!.includes('+')) {
      throw new CachetError('ERR_LOG_FORMAT', `"${line.slice(0, 80)}" is not a signature line`);
    }
    const bytes = fromBase64(m[2]!, 'a signature');
    if (bytes.length < 5) throw new CachetError('ERR_LOG_FORMAT', 'a signature is too short');
    return { name: m[1]!, keyId: bytes.slice(0, 4), signature: bytes.slice(4) };
  });
  return { text, signatures };
}

/** True when `signature` by `key` holds over `text` (and, for a cosignature, its time). */
async function holds(key: NoteKey, text: string, signature: Uint8Array): Promise<boolean> {
  if (key.type === SIG_ED25519) {
    return verifyEd25519(key.publicKey, utf8.encode(text), signature);
  }
  if (key.type === SIG_COSIGNATURE_V1) {
    if (signature.length !== 72) return false;
    const timestamp = new DataView(signature.buffer, signature.byteOffset).getBigUint64(0);
    if (timestamp > 2n ** 63n - 1n) return false;
    return verifyEd25519(
      key.publicKey,
      cosignedMessage(text, Number(timestamp)),
      signature.slice(8),
    );
  }
  return false;
}

/** A verified signature: the key, and for a cosignature the time it was made. */
export interface VerifiedSignature {
  key: NoteKey;
  /** Unix seconds, for cosignatures (type 0x04). */
  timestamp?: number;
}

/**
 * Opens a note with the keys a client trusts: signatures of unknown keys are ignored, a known
 * key whose signature fails makes the whole note refused, and at least one known key must sign.
 * @throws CachetError `ERR_LOG_FORMAT` or `ERR_LOG_SIGNATURE`.
 */
export async function openNote(
  note: string,
  known: NoteKey[],
): Promise<{ text: string; verified: VerifiedSignature[]; signatures: NoteSignature[] }> {
  const parsed = parseNote(note);
  const verified: VerifiedSignature[] = [];
  for (const s of parsed.signatures) {
    const key = known.find((k) => k.name === s.name && equalBytes(k.keyId, s.keyId));
    if (!key) continue;
    if (!(await holds(key, parsed.text, s.signature))) {
      throw new CachetError('ERR_LOG_SIGNATURE', `the signature of ${s.name} does not verify`);
    }
    verified.push(
      key.type === SIG_COSIGNATURE_V1
        ? {
            key,
            timestamp: Number(
              new DataView(s.signature.buffer, s.signature.byteOffset).getBigUint64(0),
            ),
          }
        : { key },
    );
  }
  if (verified.length === 0) {
    throw new CachetError('ERR_LOG_SIGNATURE', 'no key this client trusts signed the note');
  }
  return { text: parsed.text, verified, signatures: parsed.signatures };
}
