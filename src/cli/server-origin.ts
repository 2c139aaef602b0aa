// The Cachet server a command is told to ask (--server, trust pull, log monitor): a URL whose
// scheme is given, never guessed.
import { CachetError } from '../core/index.js';

/**
 * The server's origin, from a URL with its scheme.
 * @param what How the message names the value: `--server` unless given.
 * @throws CachetError naming the fix when the scheme is missing (`127.0.0.1:8787`).
 */
export function serverOrigin(text: string, what = '--server'): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${what} takes a URL with http:// or https://, like http://${text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}, not "${text}"`,
    );
  }
  return text;
}
