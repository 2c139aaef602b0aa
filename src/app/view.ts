// The language and links of a page, from its request.
import type { Context } from 'hono';
import { messagesFor, pickLanguage } from './i18n/index.js';
import { homeView, type View } from './pages/layout.js';
import type { CheckSource } from '../services/check.js';

/** The view for a request: its language, and this same page in the other languages. */
export function viewFor(c: Context): View {
  const lang = pickLanguage(c.req.query('lang'), c.req.header('accept-language'));
  const m = messagesFor(lang);
  // A posted page cannot be reached again by a link: its switcher leads to the start page.
  if (c.req.method !== 'GET') return homeView(m, lang);
  const url = new URL(c.req.url);
  // QR codes write /C/; the page is the same one as /c/, and so are its links. A path that
  // starts with two slashes (//evil.example on a 404 page) would make a link to another site:
  // one slash it is.
  url.pathname = url.pathname.replace(/^\/+/, '/').replace(/^\/C\//, '/c/');
  return {
    m,
    lang,
    langHref: (l) => {
      url.searchParams.set('lang', l);
      return `${url.pathname}${url.search}`;
    },
  };
}

/** Headers of a page in the view's language; it varies with Accept-Language. */
export function languageHeaders(view: View): Record<string, string> {
  return { 'content-language': view.m.lang, vary: 'accept-language' };
}

/**
 * What a check may know of its request: the platform's country, the host it came to, and the
 * client address that goes into the distinct-scanner hash (and nowhere else). The host is parsed
 * only when asked for (no verify hosts configured), not on every verification.
 */
export function sourceOf(
  c: Context,
  deps: { clientOf: (c: Context) => string; countryOf: (c: Context) => string },
): CheckSource {
  const country = deps.countryOf(c);
  return {
    country: /^[A-Z]{2}$/.test(country) ? country : '',
    get host() {
      return new URL(c.req.url).host;
    },
    get scheme() {
      return new URL(c.req.url).protocol;
    },
    get client() {
      return deps.clientOf(c);
    },
    counted: !isCrossSiteSubresource(c),
  };
}

/**
 * A load another site's page made the browser do for an image, a script or a frame
 * (`<img src="https://verify…/c/…">`): browsers say so in Sec-Fetch-Site and Sec-Fetch-Dest.
 * A person opening a card's link or scanning it is a top-level navigation (`document`).
 */
function isCrossSiteSubresource(c: Context): boolean {
  if (c.req.header('sec-fetch-site') !== 'cross-site') return false;
  const dest = c.req.header('sec-fetch-dest');
  return dest !== undefined && dest !== 'document';
}
