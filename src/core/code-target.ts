// Where a code leads: a card token on one of the brand's verify hosts, or somewhere else.
import { readCardInput } from './card-url.js';

export type CodeTarget =
  /** A token to verify: bare digits, or a link to one of the brand's verify hosts. */
  | { kind: 'token'; digits: string; host: string | null }
  /**
   * A link to any other origin: whatever it holds, it is not the brand's check. `host` is the
   * host, or `scheme//host` when the scheme is what differs (an `intent:` or `http:` link).
   */
  | { kind: 'look-alike'; host: string };

/** `host[:port]` in lower case, from a host or a whole origin; the default port dropped. */
export function normaliseHost(text: string): string {
  const trimmed = text.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).host;
  } catch {
    return trimmed.toLowerCase();
  }
}

/**
 * Reads what a QR code or a pasted text holds. A link is a token only when its origin is the
 * brand's: one of `schemes` (`https:`, and the scheme of the configured public URL) and one of
 * `verifyHosts` (already normalised), with no user name and no backslash. Counterfeit codes lead
 * to a page that always says "genuine", so any other origin is a look-alike, even when its path
 * carries a real token: an `intent:` link with the brand's host can still send the phone to a
 * fallback page of the forger's, and an `http:` link can be answered by anyone on the network.
 */
export function readCodeTarget(
  text: string,
  verifyHosts: readonly string[],
  schemes: readonly string[] = ['https:'],
): CodeTarget {
  const { digits, host, scheme = 'https:', disguised } = readCardInput(text);
  if (host === undefined) return { kind: 'token', digits, host: null };
  if (!schemes.includes(scheme)) return { kind: 'look-alike', host: `${scheme}//${host}` };
  if (disguised || !verifyHosts.includes(host)) return { kind: 'look-alike', host };
  return { kind: 'token', digits, host };
}

/** Whether a text reads as a serial typed by a person rather than a token or a link. */
export function looksLikeSerial(text: string): boolean {
  const compact = text.replace(/[\s-]/g, '');
  return /^[0-9A-Za-z]{13}$/.test(compact) || /^[0-9a-fA-F]{16}$/.test(compact);
}
