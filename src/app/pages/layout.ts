// The page shell: one inline stylesheet, readable on a phone, a language switcher, and no
// script except on the start page.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LANGUAGES, messagesFor, type Language, type Messages } from '../i18n/index.js';
import { isolated } from './isolated.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page needs besides its body: the strings, and how to reach it in other languages. */
export interface View {
  m: Messages;
  lang: Language;
  /** This page in another language. */
  langHref: (lang: Language) => string;
}

const CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1d1b19;background:#f7f4ef}
header,main,footer{max-width:34rem;margin:0 auto;padding:1rem 1.25rem}
header{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;font-size:.85rem;color:#6b645c}
header strong{font-weight:600;letter-spacing:.08em;text-transform:uppercase}
nav{display:flex;flex-wrap:wrap;gap:0 .75rem}nav a{display:inline-block;min-height:24px;padding:.15rem 0}nav a[aria-current]{font-weight:700;text-decoration:none}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0 .5rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
.verdict{border-radius:14px;padding:1.25rem 1.25rem 1rem;color:#fff;margin:1rem 0 0}
.verdict p{margin:.25rem 0}
.good{background:#1f6b43}.warn{background:#9a5b00}.bad{background:#a3221b}
.icon{font-size:2.2rem;line-height:1;margin:0}
.word{font:600 .8rem/1 ui-monospace,monospace;text-transform:uppercase;letter-spacing:.06em}
.note{background:#fff3cd;border:1px solid #e6c86e;border-radius:10px;padding:.75rem 1rem;margin:1rem 0}
.info{background:#fff;border-radius:10px;padding:.75rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:fit-content(45%) minmax(0,1fr);gap:.35rem 1rem;margin:1rem 0;background:#fff;border-radius:12px;padding:1rem}
dt{color:#6b645c}dd{margin:0;overflow-wrap:anywhere}bdi{overflow-wrap:anywhere}
.mono{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
.key{font-size:.8rem;color:#6b645c;overflow-wrap:anywhere}
form{display:grid;grid-template-columns:minmax(0,1fr);gap:.5rem;margin:1rem 0}
input,button,select,textarea{font:inherit;max-width:100%;padding:.7rem .8rem;border-radius:10px;border:1px solid #b9b1a6;background:#fff;color:inherit}
label{font-weight:600}.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400}.check input{min-width:24px;min-height:24px;margin:.1rem 0}
.hint{font-weight:400;color:#6b645c;font-size:.9rem;margin:0}.problem{color:#a3221b;font-weight:600;margin:0}
button{background:#1d1b19;color:#fff;border:0}
video{width:100%;border-radius:12px;background:#000}
canvas{max-width:100%;height:auto;touch-action:none;border-radius:8px}
footer{color:#6b645c;font-size:.85rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;background:#fff;border-radius:12px;font-size:.85rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .6rem;border-bottom:1px solid #e7e1d8}
pre{background:#fff;border-radius:10px;padding:.75rem 1rem;white-space:pre-wrap}
a{color:inherit}
`;

/** The links to this page in each language, the current one marked. */
export function languageNav(view: View): Html {
  const { m, lang, langHref } = view;
  return html`<nav aria-label="${m.language}">
    ${LANGUAGES.map(
      (l) =>
        html`<a
          href="${langHref(l)}"
          hreflang="${messagesFor(l).lang}"
          lang="${messagesFor(l).lang}"
          ${l === lang ? raw('aria-current="true"') : ''}
          >${messagesFor(l).languageName}</a
        >`,
    )}
  </nav>`;
}

/** A whole page around `body`; `head` adds to the document head (the start page's script). */
export function layout(view: View, title: string, body: Html, head: Html | '' = ''): Html {
  const { m, lang } = view;
  return html`<!doctype html>
    <html lang="${m.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · ${m.siteName}</title>
        <style>
          ${raw(CSS)}
        </style>
        ${head}
      </head>
      <body>
        <header>
          <strong>${isolated(m.siteName)}</strong>
          ${languageNav(view)}
        </header>
        <main>${body}</main>
        <footer>
          <p>${m.privacy}</p>
          <p><a href="/trust?lang=${lang}">${m.trustLink}</a></p>
        </footer>
      </body>
    </html>`;
}

/** A view for pages with no address of their own to switch: the switcher leads to `/`. */
export function homeView(m: Messages, lang: Language): View {
  return { m, lang, langHref: (l) => `/?lang=${l}` };
}

/** A date (YYYY-MM-DD, or an ISO instant) as people of this language write it. */
export function formatDate(view: View, iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(view.m.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
