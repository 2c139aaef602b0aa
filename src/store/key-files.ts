// Keys on disk: public JWKs in keys/jwks.json, private JWKs in keys/private/<kid>.jwk (0600).
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CachetError,
  importKeyring,
  importSigner,
  type Keyring,
  type PrivateKeyJwk,
  type PublicKeyJwk,
  SigningKeys,
  type Signer,
} from '../core/index.js';

export const jwksPath = (dir: string) => join(dir, 'jwks.json');
export const privateKeyPath = (dir: string, kid: string) => join(dir, 'private', `${kid}.jwk`);

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new CachetError('ERR_KEY_INVALID', `${path} is not valid JSON (${what})`);
  }
}

/** The public keys in `dir`/jwks.json; none when the file does not exist yet. */
export async function readJwks(dir: string): Promise<{ keys: PublicKeyJwk[] }> {
  const path = jwksPath(dir);
  if (!existsSync(path)) return { keys: [] };
  const jwks = (await readJson(path, 'the public JWK Set')) as { keys?: unknown };
  if (!Array.isArray(jwks.keys)) {
    throw new CachetError('ERR_KEY_INVALID', `${path} must hold an object with a "keys" array`);
  }
  return jwks as { keys: PublicKeyJwk[] };
}

/** The trusted keys of `dir`, each checked. */
export async function loadKeyring(dir: string): Promise<Keyring> {
  return importKeyring(await readJwks(dir));
}

/** Replaces jwks.json atomically, so a crash never leaves half a file. */
async function writeJwks(dir: string, jwks: { keys: PublicKeyJwk[] }): Promise<void> {
  const path = jwksPath(dir);
  const temporary = `${path}.${process.pid}.tmp`;
  // Readable by all, writable by its owner only, whatever the umask: the server trusts every
  // key listed here, so no other user may add one.
  await writeFile(temporary, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o644 });
  await chmod(temporary, 0o644);
  await rename(temporary, path);
}

/**
 * Stores a new key pair: the private JWK first (created exclusively, mode 0600), then its public
 * half appended to jwks.json. Returns the private key's path, or null with `privateOut: false`
 * (the caller then hands the private JWK on itself, for example to a Workers secret).
 */
export async function storeKeyPair(
  dir: string,
  pair: { publicJwk: PublicKeyJwk; privateJwk: PrivateKeyJwk },
  options: { privateOut?: boolean } = {},
): Promise<string | null> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  // No other user may put a jwks.json of their own in its place: never writable by them (a
  // folder kept narrower stays so).
  const { mode } = await stat(dir);
  if (mode & 0o022) await chmod(dir, mode & 0o755);
  let path: string | null = null;
  if (options.privateOut !== false) {
    await mkdir(join(dir, 'private'), { recursive: true, mode: 0o700 });
    path = privateKeyPath(dir, pair.publicJwk.kid);
    await writeFile(path, `${JSON.stringify(pair.privateJwk)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600); // the umask may have narrowed it; never wider
  }
  const jwks = await readJwks(dir);
  await writeJwks(dir, { keys: [...jwks.keys, pair.publicJwk] });
  return path;
}

/**
 * The key that signs new cards (or, with purpose `receipt`, verification receipts): the secret
 * (`CACHET_SIGNING_KEY` / `CACHET_RECEIPT_KEY`, a private JWK) when set, otherwise the newest
 * active key of that purpose whose private file is in `dir`/private, a production key before
 * any development key. Null when there is none.
 */
export async function loadSigner(
  dir: string,
  keyring: Keyring,
  secret: string | undefined,
  purpose: 'card' | 'receipt' = 'card',
): Promise<Signer | null> {
  const variable = purpose === 'card' ? 'CACHET_SIGNING_KEY' : 'CACHET_RECEIPT_KEY';
  if (secret) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(secret);
    } catch {
      throw new CachetError('ERR_KEY_INVALID', `${variable} must hold a private JWK as JSON`);
    }
    const signer = await importSigner(jwk, keyring);
    if (signer.key.purpose !== purpose) {
      throw new CachetError('ERR_KEY_INVALID', `${variable} holds a ${signer.key.purpose} key`);
    }
    return signer;
  }
  const candidates = keyring.keys
    .filter(
      (key) =>
        key.purpose === purpose &&
        key.status === 'active' &&
        existsSync(privateKeyPath(dir, key.kid)),
    )
    .sort((a, b) => Number(a.development) - Number(b.development) || b.validFrom - a.validFrom);
  const newest = candidates[0];
  if (!newest) return null;
  return importSigner(await readJson(privateKeyPath(dir, newest.kid), 'a private key'), keyring);
}

/** Rewrites the public keys with `change` applied (key rotation, compromise), atomically. */
export async function updateJwks(
  dir: string,
  change: (keys: PublicKeyJwk[]) => PublicKeyJwk[],
): Promise<PublicKeyJwk[]> {
  const keys = change((await readJwks(dir)).keys);
  await importKeyring({ keys }); // never write a set that would not load
  await writeJwks(dir, { keys });
  return keys;
}

/**
 * Every card key this machine may sign with: the secret (`CACHET_SIGNING_KEY`) alone when set,
 * otherwise each active card key whose private file is in `dir`/private. Each card is then
 * signed by the one whose dates hold its issue date (see SigningKeys).
 */
export async function loadSigningKeys(
  dir: string,
  keyring: Keyring,
  secret: string | undefined,
): Promise<SigningKeys> {
  if (secret) return new SigningKeys([(await loadSigner(dir, keyring, secret))!]);
  const signers = [];
  for (const key of keyring.keys) {
    if (key.purpose !== 'card' || key.status !== 'active') continue;
    const path = privateKeyPath(dir, key.kid);
    if (existsSync(path))
      signers.push(await importSigner(await readJson(path, 'a private key'), keyring));
  }
  return new SigningKeys(signers);
}
