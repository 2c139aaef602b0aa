// Standard base64 (RFC 4648 §4), as the C2SP formats write it. Decoding is strict: only the
// canonical encoding of some bytes is accepted, so one value has one text.
import { CachetError } from '../errors.js';

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** @throws CachetError `ERR_LOG_FORMAT` for anything but canonical, padded base64. */
export function fromBase64(text: string, what = 'base64'): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error();
    binary = atob(text);
  } catch {
    throw new CachetError('ERR_LOG_FORMAT', `${what} is not base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (toBase64(bytes) !== text) {
    throw new CachetError('ERR_LOG_FORMAT', `${what} is not canonical base64`);
  }
  return bytes;
}
