// Private keys sealed under a passphrase for a backup (keys.enc): Argon2id (RFC 9106's second
// recommended setting: 3 passes, 64 MiB, 4 lanes), memory-hard so that a stolen backup costs an
// attacker memory as well as time per guess, then AES-256-GCM over the key files. Node's own
// crypto does both (crypto.argon2 since Node 24.7): no dependency.

/** keys.enc's format, checked first when it is opened. */
export const VAULT_FORMAT = 'cachet-keys/1';
/** The shortest passphrase accepted. */
export const MIN_PASSPHRASE = 12;

/** One sealed file: its name under the keys folder (`private/<kid>.jwk`) and its text. */
export interface VaultFile {
  path: string;
  text: string;
}

/** Seals `files` under `passphrase`; resolves to keys.enc's text (JSON). */
export async function sealKeys(_files: VaultFile[], _passphrase: string): Promise<string> {
  throw new Error('sealKeys: not built yet');
}

/**
 * Opens keys.enc's text.
 * @throws CachetError `ERR_PASSPHRASE` when the passphrase is wrong (or the file altered).
 */
export async function openKeys(_sealed: string, _passphrase: string): Promise<VaultFile[]> {
  throw new Error('openKeys: not built yet');
}
