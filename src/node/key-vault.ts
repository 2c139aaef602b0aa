// Private keys sealed under a passphrase for a backup (keys.enc): Argon2id (RFC 9106's second
// recommended setting: 3 passes, 64 MiB, 4 lanes), memory-hard so that a stolen backup costs an
// attacker memory as well as time per guess, then AES-256-GCM over the key files. Node's own
// crypto does both (crypto.argon2 since Node 24.7): no dependency. The KDF's parameters are kept
// in the file, so a later change of setting still opens the files sealed before it.
import * as crypto from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { CachetError } from '../core/index.js';

/** keys.enc's format, checked first when it is opened. */
export const VAULT_FORMAT = 'cachet-keys/1';
/** The shortest passphrase accepted. */
export const MIN_PASSPHRASE = 12;

/** One sealed file: its name under the keys folder (`private/<kid>.jwk`) and its text. */
export interface VaultFile {
  path: string;
  text: string;
}

/** Argon2id's parameters, as keys.enc records them (memory in KiB). */
interface KdfParameters {
  name: 'argon2id';
  passes: number;
  memory: number;
  parallelism: number;
  tagLength: number;
  /** base64 */
  salt: string;
}

/** keys.enc as written. */
interface SealedKeys {
  format: typeof VAULT_FORMAT;
  kdf: KdfParameters;
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  /** The sealed files' names, in the order of the sealed texts. */
  files: string[];
  /** base64 of the ciphertext of the texts' JSON array. */
  data: string;
}

/** RFC 9106 §4, the second recommended option: t=3, m=2^16 KiB, p=4, a 32-byte tag. */
const KDF = { passes: 3, memory: 65_536, parallelism: 4, tagLength: 32 } as const;
/**
 * Bounds on what an opened file may ask of this machine (a hostile keys.enc could otherwise ask
 * for gigabytes and minutes): 256 MiB, 10 passes, 16 lanes at most; salt, nonce and tag exact.
 */
const MAX_MEMORY = 256 * 1024;
const MAX_PASSES = 10;
const MAX_PARALLELISM = 16;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a passphrase file cannot be read, in words. */
const FILE_ERRORS: Partial<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'a folder, not a file',
};

/** A passphrase file read: the passphrase, and a warning when others may read the file. */
export interface PassphraseRead {
  passphrase: string;
  warning?: string;
}

/**
 * Reads a passphrase file the one way the CLI, the server and restore all read it: the whole
 * file, less one final line break (`\n` or `\r\n`).
 * @throws CachetError `ERR_PASSPHRASE` when the file cannot be read (the reason in words).
 */
export function readPassphraseFile(path: string): PassphraseRead {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new CachetError(
      'ERR_PASSPHRASE',
      `cannot read ${path}: ${FILE_ERRORS[code] ?? (error as Error).message}`,
    );
  }
  const passphrase = text.replace(/\r?\n$/, '');
  return (mode & 0o077) === 0
    ? { passphrase }
    : {
        passphrase,
        warning: `the passphrase file ${path} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 it`,
      };
}

/**
 * Refuses a passphrase too weak to seal keys under: shorter than MIN_PASSPHRASE characters, or
 * only white space.
 * @throws CachetError `ERR_PASSPHRASE`.
 */
export function checkPassphrase(passphrase: string): void {
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE) {
    throw new CachetError(
      'ERR_PASSPHRASE',
      `a passphrase for the keys is at least ${MIN_PASSPHRASE} characters; this one has ${length}`,
    );
  }
  if (passphrase.trim() === '') {
    throw new CachetError(
      'ERR_PASSPHRASE',
      'a passphrase for the keys must not be only white space',
    );
  }
}

/** Argon2id on libuv's thread pool: the server's event loop keeps answering meanwhile. */
function deriveKey(passphrase: string, kdf: KdfParameters): Promise<Buffer> {
  const argon2 = (crypto as { argon2?: typeof crypto.argon2 }).argon2;
  if (typeof argon2 !== 'function') {
    throw new CachetError(
      'ERR_NOT_AVAILABLE',
      `sealing or opening keys needs Node 24.7 or later (crypto.argon2); this is Node ${process.versions.node}`,
    );
  }
  return new Promise((resolve, reject) =>
    argon2(
      'argon2id',
      {
        message: Buffer.from(passphrase.normalize('NFC'), 'utf8'),
        nonce: Buffer.from(kdf.salt, 'base64'),
        passes: kdf.passes,
        memory: kdf.memory,
        parallelism: kdf.parallelism,
        tagLength: kdf.tagLength,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** What GCM authenticates besides the ciphertext: the format, the KDF and the file list. */
const additionalData = (sealed: Pick<SealedKeys, 'format' | 'kdf' | 'files'>) =>
  Buffer.from(JSON.stringify([sealed.format, sealed.kdf, sealed.files]), 'utf8');

/**
 * Seals `files` under `passphrase`; resolves to keys.enc's text (JSON).
 * @throws CachetError `ERR_PASSPHRASE` when the passphrase is too weak (see checkPassphrase).
 */
export async function sealKeys(files: VaultFile[], passphrase: string): Promise<string> {
  checkPassphrase(passphrase);
  const kdf: KdfParameters = {
    name: 'argon2id',
    ...KDF,
    salt: crypto.randomBytes(16).toString('base64'),
  };
  const key = await deriveKey(passphrase, kdf);
  const iv = crypto.randomBytes(12);
  const header = { format: VAULT_FORMAT, kdf, files: files.map((f) => f.path) } as const;
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(header));
  const data = Buffer.concat([
    cipher.update(JSON.stringify(files.map((f) => f.text)), 'utf8'),
    cipher.final(),
  ]);
  const sealed: SealedKeys = {
    format: VAULT_FORMAT,
    kdf,
    cipher: {
      name: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
    files: header.files,
    data: data.toString('base64'),
  };
  return `${JSON.stringify(sealed, null, 2)}\n`;
}

/** keys.enc parsed, its KDF within bounds; ERR_BACKUP for anything else. */
function parseSealed(text: string): SealedKeys {
  let sealed: SealedKeys;
  try {
    sealed = JSON.parse(text) as SealedKeys;
  } catch {
    throw new CachetError('ERR_BACKUP', 'keys.enc is not JSON: it is damaged');
  }
  if (sealed?.format !== VAULT_FORMAT) {
    throw new CachetError(
      'ERR_BACKUP',
      `keys.enc is not in the format ${VAULT_FORMAT} (it says ${JSON.stringify(sealed?.format ?? null)})`,
    );
  }
  const { kdf, cipher, files } = sealed;
  const whole = (n: unknown, min: number, max: number) =>
    Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;
  const bytes = (b64: unknown, n: number) =>
    typeof b64 === 'string' &&
    /^[A-Za-z0-9+/]*={0,2}$/.test(b64) &&
    Buffer.from(b64, 'base64').length === n;
  const sound =
    kdf?.name === 'argon2id' &&
    whole(kdf.passes, 1, MAX_PASSES) &&
    whole(kdf.parallelism, 1, MAX_PARALLELISM) &&
    whole(kdf.memory, 8 * kdf.parallelism, MAX_MEMORY) &&
    whole(kdf.tagLength, 32, 32) &&
    bytes(kdf.salt, SALT_BYTES) &&
    cipher?.name === 'aes-256-gcm' &&
    bytes(cipher.iv, IV_BYTES) &&
    bytes(cipher.tag, TAG_BYTES) &&
    Array.isArray(files) &&
    files.every((f) => typeof f === 'string') &&
    typeof sealed.data === 'string';
  if (!sound) {
    throw new CachetError(
      'ERR_BACKUP',
      `keys.enc is refused: its header does not parse, or its KDF asks more than this machine gives (Argon2id up to ${MAX_MEMORY / 1024} MiB, ${MAX_PASSES} passes, ${MAX_PARALLELISM} lanes)`,
    );
  }
  return sealed;
}

/**
 * Opens keys.enc's text.
 * @throws CachetError `ERR_PASSPHRASE` when the passphrase is wrong (or the file altered).
 */
export async function openKeys(sealedText: string, passphrase: string): Promise<VaultFile[]> {
  const sealed = parseSealed(sealedText);
  const key = await deriveKey(passphrase, sealed.kdf);
  let texts: unknown;
  try {
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      key,
      Buffer.from(sealed.cipher.iv, 'base64'),
      { authTagLength: 16 }, // never a shorter tag than sealKeys writes
    );
    decipher.setAAD(additionalData(sealed));
    decipher.setAuthTag(Buffer.from(sealed.cipher.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.data, 'base64')),
      decipher.final(),
    ]);
    texts = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new CachetError(
      'ERR_PASSPHRASE',
      'the private keys in keys.enc do not open with this passphrase (or the file was altered)',
    );
  }
  if (
    !Array.isArray(texts) ||
    texts.length !== sealed.files.length ||
    !texts.every((t) => typeof t === 'string')
  ) {
    throw new CachetError('ERR_BACKUP', 'keys.enc is damaged: its files do not match its list');
  }
  return sealed.files.map((path, i) => ({ path, text: texts[i] as string }));
}
