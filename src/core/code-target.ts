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
 * The schemes of the brand's card links, given its origin (or that origin's scheme): `https:`,
 * and `http:` too when the brand's own origin is `http:` (a development server).
 */
export function cardSchemes(origin: string): string[] {
  return /^http:/i.test(origin.trim()) ? ['https:', 'http:'] : ['https:'];
}

/**
 * Reads what a QR code or a pasted text holds: the one rule of every verifier (the server's
 * pages and API, `cachet verify`, online and offline, the offline page, `cachet/verify`). A link
 * is a token only when its origin is the brand's: one of `schemes` (see {@link cardSchemes}) and
 * one of `verifyHosts` (already normalised), written plainly (no user name, backslash,
 * percent-escape or non-ASCII letter, which no card URL has). Counterfeit codes lead to a page
 * that always says "genuine", so any other origin is a look-alike, even when its path carries a
 * real token: an `intent:` link with the brand's host can still send the phone to a fallback page
 * of the forger's, and an `http:` link can be answered by anyone on the network. A host with a
 * trailing dot or another port is another origin, and a look-alike too. Text that is no link
 * (bare digits, or anything else) is a token for the codec to judge: what is not digits of the
 * right width is `malformed`, as is a link to the brand's host whose path is not `/c/<digits>`.
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

/**
 * {@link readCodeTarget} for the origin a trust bundle names: its `verifyHosts`, and the schemes
 * of its `iss`. What a verifier with no server uses, so that it refuses what the server refuses.
 */
export function readCodeTargetFor(
  text: string,
  bundle: { verifyHosts: readonly string[]; iss: string },
): CodeTarget {
  return readCodeTarget(text, bundle.verifyHosts, cardSchemes(bundle.iss));
}

/** Whether a text reads as a serial typed by a person rather than a token or a link. */
export function looksLikeSerial(text: string): boolean {
  const compact = text.replace(/[\s-]/g, '');
  return /^[0-9A-Za-z]{13}$/.test(compact) || /^[0-9a-fA-F]{16}$/.test(compact);
}
