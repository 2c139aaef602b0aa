// Staff API keys: 256 random bits shown once; the registry keeps only their SHA-256.
import { base64url } from 'jose';
import { toHex } from '../core/index.js';

/** Every API key starts with this, so a leaked one is easy to find in logs and repositories. */
export const API_KEY_PREFIX = 'cachet_sk_';

/** A new API key. High entropy: a plain SHA-256 of it is safe to store and fast to look up. */
export function newApiKey(): string {
  return API_KEY_PREFIX + base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** The hex SHA-256 the registry keeps instead of the key. */
export async function hashApiKey(key: string): Promise<string> {
  return toHex(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))),
  );
}

/** A staff id: `stf_` and 12 lower-case base32 characters. */
export function newStaffId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `stf_${Array.from(bytes, (b) => alphabet[b & 31]).join('')}`;
}
