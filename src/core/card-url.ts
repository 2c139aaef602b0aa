// Card URLs: `<origin>/c/<digits>`, and reading a token back out of whatever a person pasted.
import { CachetError } from './errors.js';

/**
 * The canonical origin of a verify URL: http(s), a host, maybe a port, and nothing else, since
 * the QR code writes it upper-cased and a path would not survive that.
 * @throws CachetError `ERR_URL`.
 */
export function normaliseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CachetError('ERR_URL', `"${text}" is not a URL like https://verify.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CachetError('ERR_URL', `a verify URL starts with https:// (got ${url.protocol})`);
  }
  // A user name or password, even empty (`https://@host`): no card URL has one.
  if (/^[^:]*:\/*[^/?#\\]*@/.test(text.trim())) {
    throw new CachetError('ERR_URL', `a verify URL names no user or password: ${text}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new CachetError('ERR_URL', `a verify URL is an origin only, with no path: ${text}`);
  }
  // The URL standard lets a host hold a comma and the like (`https://a.com,b.com` is one host);
  // a verify host is a DNS name or an IP address.
  if (!/^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])$/.test(url.hostname)) {
    throw new CachetError('ERR_URL', `a verify URL's host is a name or an address: ${text}`);
  }
  return url.origin;
}

/** The URL a card's QR code leads to. */
export function cardUrl(origin: string, digits: string): string {
  return `${origin}/c/${digits}`;
}

/** What a person pasted, taken apart: the token text and, for a link, where it points. */
export interface CardInput {
  digits: string;
  /** The link's host (lower-case, `host[:port]`), when the input was a link. */
  host?: string;
  /** The link's scheme with its colon (`https:`), lower-case, when the input was a link. */
  scheme?: string;
  /**
   * True when the link's host is not written plainly, as no card URL is: a user name or password
   * (even empty) before it, a backslash (which browsers read as a slash), a percent-escape, a
   * letter outside ASCII (a full-width or Cyrillic look-alike, an IDN), or anything a URL parser
   * refuses. Decided from the text, so that every runtime decides alike.
   */
  disguised?: boolean;
}

/** A host written plainly: ASCII letters, digits, dots and dashes (or an IPv6 literal), a port. */
const PLAIN_AUTHORITY = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]*)*|\[[0-9a-f:.]+\])(?::[0-9]*)?$/i;

/**
 * Reads a token from a card URL (`/c/` or `/C/`, any case of scheme and host) or from bare
 * digits with surrounding white space. Returns the text as found; the codec judges it.
 */
export function readCardInput(input: string): CardInput {
  // Tabs and line breaks inside a link are dropped, as the URL standard and browsers do.
  // Leading and trailing spaces and control characters go too, as the URL standard drops them.
  const text = input
    .replace(/^[\u0000-\u0020\s]+|[\u0000-\u0020\s]+$/g, '')
    .replace(/[\t\n\r]/g, '');
  // Browsers read a backslash after the scheme as a slash: such a text is a link too. So is a
  // web scheme with fewer or more slashes (`https:evil.example/c/…` opens evil.example).
  const link =
    /^[a-z][a-z0-9+.-]*:[/\\]{2}([^/\\?#]*)/i.exec(text) ??
    /^(?:https?|ftp|wss?):[/\\]*([^/\\?#]*)/i.exec(text);
  if (!link) return { digits: text.replace(/\s+/g, '') };
  const scheme = text.slice(0, text.indexOf(':') + 1).toLowerCase();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Still a link, and none of the brand's (whose links parse everywhere): named as written,
    // since URL parsers differ on such text (Chromium escapes a space in a host, Node refuses it).
    return { digits: text, host: link[1]!.toLowerCase(), scheme, disguised: true };
  }
  const match = /^\/c\/([^/]*)\/?$/i.exec(url.pathname);
  return {
    // A percent-escaped digit is that digit (RFC 3986 §6.2.2.2), as the server's /c/ route reads it.
    digits: match ? decodePath(match[1]!) : text,
    host: url.host.toLowerCase(),
    scheme,
    disguised:
      text.includes('\\') ||
      !PLAIN_AUTHORITY.test(link[1]!) ||
      !text.slice(scheme.length).startsWith('//'),
  };
}

/** A path segment with its percent-escapes decoded; as it is when an escape is broken. */
function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
