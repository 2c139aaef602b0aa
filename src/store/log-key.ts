// The issuance log's own Ed25519 key: keys/private/log.jwk (0600), made on the first start. It
// signs checkpoints only; cards and receipts have keys of their own.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64url } from 'jose';
import { CachetError, importEd25519PrivateJwk } from '../core/index.js';

export const logKeyPath = (keysDir: string) => join(keysDir, 'private', 'log.jwk');

export interface LogKey {
  publicKey: Uint8Array;
  privateKey: CryptoKey;
  /** True when this call made the key. */
  created: boolean;
}

interface LogJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
  purpose: 'log';
}

async function importLogJwk(jwk: LogJwk, path: string): Promise<CryptoKey> {
  try {
    return await importEd25519PrivateJwk(jwk.x, jwk.d);
  } catch (cause) {
    throw new CachetError('ERR_KEY_INVALID', `${path} is not an Ed25519 private key`, { cause });
  }
}

/** The log key of `keysDir`, made (and written, 0600) when there is none yet. */
export async function loadOrCreateLogKey(keysDir: string): Promise<LogKey> {
  const path = logKeyPath(keysDir);
  if (existsSync(path)) {
    let jwk: LogJwk;
    try {
      jwk = JSON.parse(await readFile(path, 'utf8')) as LogJwk;
    } catch {
      throw new CachetError('ERR_KEY_INVALID', `${path} is not valid JSON (the log key)`);
    }
    if (jwk.purpose !== 'log' || typeof jwk.x !== 'string') {
      throw new CachetError('ERR_KEY_INVALID', `${path} is not a log key`);
    }
    return {
      publicKey: base64url.decode(jwk.x),
      privateKey: await importLogJwk(jwk, path),
      created: false,
    };
  }
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const exported = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const jwk: LogJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: exported.x!,
    d: exported.d!,
    purpose: 'log',
  };
  await mkdir(join(keysDir, 'private'), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return {
    publicKey: base64url.decode(jwk.x),
    privateKey: await importLogJwk(jwk, path),
    created: true,
  };
}
