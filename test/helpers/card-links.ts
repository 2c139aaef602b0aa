// One table of what a QR code or a paste can hold around a genuine token, and what every verifier
// must make of it: the core rule, the server's JSON, `cachet verify --offline`, the offline page
// and `cachet/verify` all run these same rows, so they cannot drift apart.

/** The brand host the rows are written for: a test server lists it in CACHET_VERIFY_HOSTS. */
export const BRAND_HOST = 'verify.brand.co';

/**
 * What the text is: a token to verify (`authentic` for a genuine one), a look-alike naming the
 * host it leads to, or no card link at all (a verifier reads it as a `malformed` token).
 */
export type LinkOutcome = 'token' | 'look-alike' | 'not-a-card';

export interface LinkRow {
  name: string;
  /** The text, around the genuine token's digits. */
  text: (digits: string) => string;
  outcome: LinkOutcome;
  /** For a look-alike: the host (or `scheme//host`) it is reported to lead to, when compared. */
  leadsTo?: string;
}

const H = BRAND_HOST;

export const CARD_LINKS: LinkRow[] = [
  {
    name: 'the QR code’s own upper-case form',
    text: (d) => `HTTPS://VERIFY.BRAND.CO/C/${d}`,
    outcome: 'token',
  },
  { name: 'a lower-case link', text: (d) => `https://${H}/c/${d}`, outcome: 'token' },
  { name: 'bare digits', text: (d) => d, outcome: 'token' },
  { name: 'white space around a link', text: (d) => `  https://${H}/c/${d}\n`, outcome: 'token' },
  {
    name: 'the default port spelled out',
    text: (d) => `HTTPS://VERIFY.BRAND.CO:443/C/${d}`,
    outcome: 'token',
  },
  { name: 'a trailing slash', text: (d) => `https://${H}/c/${d}/`, outcome: 'token' },
  {
    name: 'a line break inside a pasted link (browsers drop it too)',
    text: (d) => `https://verify.bra\nnd.co/c/${d}`,
    outcome: 'token',
  },
  {
    name: 'a control character before a link (the URL standard drops it)',
    text: (d) => `\u0001https://${H}/c/${d}`,
    outcome: 'token',
  },
  {
    name: 'a web link without its slashes, to another host (browsers open evil.example)',
    text: (d) => `https:evil.example/c/${d}`,
    outcome: 'look-alike',
    leadsTo: 'evil.example',
  },
  {
    name: 'a web link without its slashes, to our host',
    text: (d) => `https:${H}/c/${d}`,
    outcome: 'look-alike',
  },
  {
    name: 'an intent: link with our host',
    text: (d) =>
      `intent://${H}/c/${d}#Intent;scheme=https;S.browser_fallback_url=https%3A%2F%2Fevil.example;end`,
    outcome: 'look-alike',
    leadsTo: `intent://${H}`,
  },
  {
    name: 'an ftp: link with our host',
    text: (d) => `ftp://${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `ftp://${H}`,
  },
  {
    name: 'a javascript: link with our host',
    text: (d) => `javascript://${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `javascript://${H}`,
  },
  {
    name: 'a JAVASCRIPT: link in capitals',
    text: (d) => `JAVASCRIPT://VERIFY.BRAND.CO/C/${d}`,
    outcome: 'look-alike',
    leadsTo: `javascript://${H}`,
  },
  {
    name: 'a file: link with our host',
    text: (d) => `file://${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `file://${H}`,
  },
  {
    name: 'a user name on our host',
    text: (d) => `https://user@${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'a user and password on our host',
    text: (d) => `https://a:b@${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'an empty user name on our host',
    text: (d) => `https://@${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'our host as a user name before another',
    text: (d) => `https://${H}@evil.example/c/${d}`,
    outcome: 'look-alike',
    leadsTo: 'evil.example',
  },
  {
    name: 'backslashes after the scheme',
    text: (d) => `https:\\\\${H}/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'backslashes in the path',
    text: (d) => `https://${H}\\c\\${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'another port',
    text: (d) => `https://${H}:8443/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `${H}:8443`,
  },
  {
    name: 'a trailing dot',
    text: (d) => `https://${H}./c/${d}`,
    outcome: 'look-alike',
    leadsTo: `${H}.`,
  },
  {
    name: 'a look-alike letter (Cyrillic а, IDN)',
    text: (d) => `https://verify.brаnd.co/c/${d}`,
    outcome: 'look-alike',
    leadsTo: 'verify.xn--brnd-63d.co',
  },
  {
    name: 'the punycode of another name',
    text: (d) => `https://verify.xn--brnd-63d.co/c/${d}`,
    outcome: 'look-alike',
    leadsTo: 'verify.xn--brnd-63d.co',
  },
  {
    name: 'full-width letters in our host',
    text: (d) => `https://ｖerify.brand.co/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'a percent-encoded dot in our host',
    text: (d) => `https://verify%2Ebrand.co/c/${d}`,
    outcome: 'look-alike',
    leadsTo: H,
  },
  {
    name: 'our host as a sub-domain of another',
    text: (d) => `https://${H}.evil.example/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `${H}.evil.example`,
  },
  {
    name: 'a percent-escaped digit (the same URL, RFC 3986)',
    text: (d) => `https://${H}/c/%3${d[0]}${d.slice(1)}`,
    outcome: 'token',
  },
  {
    name: 'a percent-escaped letter among the digits',
    text: (d) => `https://${H}/c/%41${d.slice(1)}`,
    outcome: 'not-a-card',
  },
  { name: 'another page of our host', text: () => `https://${H}/trust`, outcome: 'not-a-card' },
  // Where it leads is not compared: Node refuses the URL, Chromium escapes the space.
  {
    name: 'a space inside the host',
    text: (d) => `https://verify.brand .co/c/${d}`,
    outcome: 'look-alike',
  },
  {
    name: 'a port out of range',
    text: (d) => `https://${H}:99999/c/${d}`,
    outcome: 'look-alike',
    leadsTo: `${H}:99999`,
  },
  // Browsers open it, but no genuine card is written so: a link, and a disguised one.
  { name: 'one slash after the scheme', text: (d) => `https:/${H}/c/${d}`, outcome: 'look-alike' },
  {
    name: 'view-source: of a card link',
    text: (d) => `view-source:https://${H}/c/${d}`,
    outcome: 'not-a-card',
  },
];

/** The one word each verifier must give for a row, the token being genuine. */
export function expectedWord(row: LinkRow): string {
  if (row.outcome === 'token') return 'authentic';
  return row.outcome === 'look-alike' ? 'look-alike' : 'malformed';
}
