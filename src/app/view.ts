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
  // QR codes write /C/; the page is the same one as /c/, and so are its links.
  url.pathname = url.pathname.replace(/^\/C\//, '/c/');
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
 * What a check may know of its request: the edge's country, the host it came to, and the
 * address and user agent that go into the distinct-scanner hash (and nowhere else). The host
 * is parsed only when asked for (no verify hosts configured), not on every verification.
 */
export function sourceOf(c: Context, clientOf: (c: Context) => string): CheckSource {
  const country = c.req.header('cf-ipcountry') ?? '';
  return {
    country: /^[A-Z]{2}$/.test(country) ? country : '',
    get host() {
      return new URL(c.req.url).host;
    },
    get scheme() {
      return new URL(c.req.url).protocol;
    },
    get client() {
      return clientOf(c);
    },
    get userAgent() {
      return c.req.header('user-agent') ?? '';
    },
  };
}
