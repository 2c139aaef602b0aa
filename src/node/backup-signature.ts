// A backup's manifest signed with the log's key (keys/private/log.jwk), so that a backup folder
// someone could write to cannot be edited (a key added to jwks.json, a card to registry.db, the
// manifest's hashes rewritten) without the restore seeing it. The signed message is
// "cachet backup manifest v1" ‖ 0x00 ‖ SHA-256(manifest.json's bytes): the NUL byte never
// occurs in a signed note's text, so the same key's checkpoints and this can never be confused.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { base64url } from 'jose';
import { CachetError, importEd25519PrivateJwk, verifyEd25519 } from '../core/index.js';
import { logKeyPath } from '../store/log-key.js';

/** manifest.sig's format. */
export const SIGNATURE_FORMAT = 'cachet-backup-signature/1';
const CONTEXT = 'cachet backup manifest v1';

/** manifest.sig as written. */
export interface ManifestSignature {
  format: typeof SIGNATURE_FORMAT;
  algorithm: 'Ed25519';
  /** base64url of the log key's raw public key. */
  publicKey: string;
  /** base64url of the signature. */
  signature: string;
}

/** The bytes signed for a manifest: the context, a NUL byte, the manifest's SHA-256. */
export const signedMessage = (manifest: Uint8Array) =>
  Buffer.concat([
    Buffer.from(CONTEXT, 'utf8'),
    Buffer.from([0]),
    createHash('sha256').update(manifest).digest(),
  ]);

/** The log key of `keysDir` (private and public), or null when the machine has none. */
async function readLogKey(
  keysDir: string,
): Promise<{ privateKey: CryptoKey; publicKey: string } | null> {
  const path = logKeyPath(keysDir);
  if (!existsSync(path)) return null;
  try {
    const jwk = JSON.parse(await readFile(path, 'utf8')) as { x: string; d: string };
    return { privateKey: await importEd25519PrivateJwk(jwk.x, jwk.d), publicKey: jwk.x };
  } catch (cause) {
    throw new CachetError('ERR_KEY_INVALID', `${path} is not a log key`, { cause });
  }
}

/** manifest.sig's text for `manifest` (its exact bytes); null when there is no log key. */
export async function signManifest(keysDir: string, manifest: Uint8Array): Promise<string | null> {
  const key = await readLogKey(keysDir);
  if (!key) return null;
  const signature = new Uint8Array(
    await crypto.subtle.sign('Ed25519', key.privateKey, signedMessage(manifest)),
  );
  const sig: ManifestSignature = {
    format: SIGNATURE_FORMAT,
    algorithm: 'Ed25519',
    publicKey: key.publicKey,
    signature: base64url.encode(signature),
  };
  return `${JSON.stringify(sig, null, 2)}\n`;
}

/** The log's raw public key from a log JWK's text (keys.enc's or the keys folder's). */
export function publicKeyOfLogJwk(text: string, where: string): Uint8Array {
  try {
    const { x } = JSON.parse(text) as { x?: unknown };
    if (typeof x === 'string') {
      const raw = base64url.decode(x);
      if (raw.length === 32) return raw;
    }
  } catch {
    // said below
  }
  throw new CachetError('ERR_KEY_INVALID', `${where} is not a log key`);
}

/** Whether manifest.sig's text is a valid signature of `manifest` under `publicKey`. */
export async function verifyManifest(
  sigText: string,
  manifest: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  let sig: ManifestSignature;
  try {
    sig = JSON.parse(sigText) as ManifestSignature;
  } catch {
    return false;
  }
  if (sig?.format !== SIGNATURE_FORMAT || typeof sig.signature !== 'string') return false;
  let signature: Uint8Array;
  try {
    signature = base64url.decode(sig.signature);
  } catch {
    return false;
  }
  // The strict check every verdict uses (canonical, no small-order key or R).
  return verifyEd25519(publicKey, signedMessage(manifest), signature);
}
