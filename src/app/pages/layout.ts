// The page shell: one inline stylesheet, readable on a phone, no script and nothing fetched.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Messages } from '../i18n/index.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1b19;background:#f7f4ef}
header,main,footer{max-width:34rem;margin:0 auto;padding:1rem 1.25rem}
header{font-weight:600;letter-spacing:.08em;text-transform:uppercase;font-size:.85rem;color:#6b645c}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0 .5rem}
.verdict{border-radius:14px;padding:1.25rem 1.25rem 1rem;color:#fff}
.verdict p{margin:.25rem 0}
.good{background:#1f6b43}.warn{background:#9a5b00}.bad{background:#a3221b}
.icon{font-size:2.2rem;line-height:1;margin:0}
.word{font:600 .8rem/1 ui-monospace,monospace;opacity:.85;text-transform:uppercase;letter-spacing:.06em}
.note{background:#fff3cd;border:1px solid #e6c86e;border-radius:10px;padding:.75rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:1.25rem 0;background:#fff;border-radius:12px;padding:1rem}
dt{color:#6b645c}dd{margin:0;overflow-wrap:anywhere}
.mono{font-family:ui-monospace,monospace}
.key{font-size:.8rem;color:#6b645c;overflow-wrap:anywhere}
form{display:grid;gap:.5rem;margin:1rem 0}
input,button{font:inherit;padding:.7rem .8rem;border-radius:10px;border:1px solid #b9b1a6}
button{background:#1d1b19;color:#fff;border:0}
footer{color:#6b645c;font-size:.85rem}
a{color:inherit}
`;

/** A whole page around `body`. */
export function layout(m: Messages, title: string, body: Html): Html {
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
      </head>
      <body>
        <header>${m.siteName}</header>
        <main>${body}</main>
        <footer>
          <p>${m.privacy}</p>
          <p><a href="/.well-known/jwks.json">${m.keysLink}</a></p>
        </footer>
      </body>
    </html>`;
}
