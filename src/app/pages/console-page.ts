// The staff console's page: a shell of forms and tables that /console.js fills from the admin API,
// in the language chosen with the switcher every page has. After minting (and from a card opened
// from the list), the written card is photographed as its reference. Each part shows only for the roles
// whose permissions it needs. On a phone, each table row is stacked, each cell under its column's
// name. A cell wraps anywhere, so that one long word from the public cannot push the other columns
// out of view; each value is set apart from the text around it (`unicode-bidi: isolate`, <bdi>).
import { html, raw } from 'hono/html';
import {
  MAX_ASSOCIATE,
  MAX_REVOCATION_NOTE,
  OCCASIONS,
  REPORT_LIMITS,
  REPORT_OUTCOMES,
  REVOCATION_REASONS,
} from '../../core/index.js';
import { MAX_VOID_REASON } from '../../services/claims.js';
import { MAX_CLIENT_REF } from '../../services/mint.js';
import { consoleMessagesFor } from '../i18n/console.js';
import { languageNav, type View } from './layout.js';

/** Scripts from this origin only; the page talks to this origin only. */
export const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:64rem;margin:1.5rem auto;padding:0 1rem;color:#111;overflow-wrap:break-word}
[hidden]{display:none!important}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #ddd}
td{overflow-wrap:anywhere}td[data-made]{overflow-wrap:normal}td,dd{unicode-bidi:isolate}
tbody tr{cursor:pointer}tbody tr:hover{background:#f4f1ea}form{margin:.6rem 0}label{margin-right:.6rem}
#status[data-tone=error],#ref-error{color:#a00}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
#chart{width:100%;height:120px;background:#faf8f4}#chart rect{fill:#333}section{margin-top:1.5rem}
#report-photo{max-width:100%;max-height:24rem;border:1px solid #ddd}
#m-preview{width:12rem;border:1px solid #ddd;margin:.5rem 0}#m-url{word-break:break-all}
*{box-sizing:border-box}input,select,button{font:inherit;max-width:100%;min-height:2rem;padding:.25rem .5rem}
button{cursor:pointer;border:1px solid #333;border-radius:4px;background:#111;color:#fff}
#sign-in{max-width:32rem;padding:1rem;border:1px solid #ddd;border-radius:6px;background:#faf8f4}
#sign-in label{display:block;font-weight:600;margin-bottom:.3rem}#credential{display:block;width:100%;margin-bottom:.6rem}
section{overflow-x:auto}code{word-break:break-word}
header{display:flex;justify-content:space-between;gap:.5rem 1rem;flex-wrap:wrap;font-size:.85rem;color:#555}
nav{display:flex;flex-wrap:wrap;gap:0 .75rem}nav a{display:inline-block;min-height:24px;padding:.15rem 0}nav a[aria-current]{font-weight:700;text-decoration:none}
@media (max-width:40rem){table,tbody,tr,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
tbody tr{padding:.4rem 0;border-bottom:2px solid #ccc}td{display:grid;grid-template-columns:minmax(0,9rem) minmax(0,1fr);gap:.6rem;border:0;overflow-wrap:anywhere}
td::before{content:attr(data-label);font-weight:600;color:#555}}`;

/** The console in the view's language; what its script writes comes with it, as data. */
export function consolePage(view: View) {
  const { page: t, script } = consoleMessagesFor(view.lang);
  // Data, not a script: the CSP runs none inline. `<` is escaped so the text cannot close it.
  const words = JSON.stringify(script).replace(/</g, '\\u003c');
  const [before, after] = t.signInHint.split('{command}');
  return html`<!doctype html>
    <html lang="${view.m.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${t.title}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <strong>Cachet</strong>
          ${languageNav(view)}
        </header>
        <h1>${t.heading}</h1>
        <p id="status" role="status" aria-live="polite"></p>
        <form id="sign-in">
          <label for="credential">${t.credential}</label>
          <input id="credential" type="password" autocomplete="off" required />
          <button type="submit">${t.signIn}</button>
          <p>${before}<code>cachet staff add</code>${after}</p>
        </form>
        <div id="signed-in" hidden>
          <p>
            ${t.signedInAs} <strong id="who"></strong>
            <button type="button" id="sign-out">${t.signOut}</button>
          </p>
          <section id="mint-section" hidden>
            <h2>${t.mintHeading}</h2>
            <form id="mint-form">
              <label
                >${t.boutique}
                <select id="m-boutique" required></select
              ></label>
              <label
                >${t.associateNumber}
                <input
                  id="m-associate"
                  type="number"
                  min="0"
                  max="${MAX_ASSOCIATE}"
                  required
                  size="8"
              /></label>
              <label>${t.date} <input id="m-date" type="date" /></label>
              <label
                >${t.occasion}
                <select id="m-occasion">
                  ${OCCASIONS.map((o) => html`<option>${o}</option>`)}
                </select></label
              >
              <label
                >${t.clientRef} <input id="m-client-ref" maxlength="${MAX_CLIENT_REF}" size="16"
              /></label>
              <label><input id="m-claim-slip" type="checkbox" /> ${t.claimSlip}</label>
              <button type="submit">${t.mint}</button>
            </form>
            <div id="minted" hidden>
              <p>${t.card} <strong id="m-serial"></strong>: <a id="m-url" rel="noreferrer"></a></p>
              <img id="m-preview" alt="${t.insertAlt}" />
              <p>
                ${t.download}
                <button type="button" data-format="pdf">PDF</button>
                <button type="button" data-format="png">${t.png}</button>
                <button type="button" data-format="svg">SVG</button>
                <button type="button" data-format="qr.svg">${t.qrAlone}</button>
              </p>
              <div id="m-slip" hidden>
                <h3>${t.slipHeading}</h3>
                <p>${t.slipOnce}</p>
                <dl>
                  <dt>${t.claimCode}</dt>
                  <dd><code id="m-claim-code"></code></dd>
                  <dt>${t.claimUrl}</dt>
                  <dd><a id="m-claim-url" rel="noreferrer"></a></dd>
                </dl>
                <p>
                  ${t.slipDownload}
                  <button type="button" data-slip="pdf">PDF</button>
                  <button type="button" data-slip="png">${t.png}</button>
                  <button type="button" data-slip="svg">SVG</button>
                </p>
              </div>
              <p id="m-slip-note" hidden></p>
              <p>
                <button type="button" id="m-reference">${t.referenceOpen}</button>
              </p>
            </div>
          </section>
          <section id="reference-step" hidden aria-labelledby="ref-heading">
            <h2 id="ref-heading" tabindex="-1">
              ${t.referenceHeading} <span id="ref-serial"></span>
            </h2>
            <p id="ref-hint">${t.referenceHint}</p>
            <form id="reference-form" novalidate>
              <label for="ref-photo">${t.referencePhoto}</label>
              <input
                id="ref-photo"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                capture="environment"
                required
                aria-describedby="ref-hint ref-error"
              />
              <button type="submit">${t.referenceRecord}</button>
            </form>
            <p id="ref-error" role="alert" data-tone="error"></p>
            <div id="ref-result" role="status" aria-live="polite"></div>
          </section>
          <section id="search-section" hidden>
            <h2>${t.searchHeading}</h2>
            <form id="search">
              <label
                >${t.boutique}
                <select id="q-boutique"></select
              ></label>
              <label>${t.from} <input id="q-from" type="date" /></label>
              <label>${t.to} <input id="q-to" type="date" /></label>
              <label
                >${t.status}
                <select id="q-status">
                  <option value="">${t.anyStatus}</option>
                  <option>authentic</option>
                  <option>revoked</option>
                </select></label
              >
              <label
                >${t.serial} <input id="q-serial" size="18" placeholder="7K3M-Q9XP-2HT4-W"
              /></label>
              <button type="submit">${t.search}</button>
            </form>
            <table>
              <thead>
                <tr>
                  <th>${t.serial}</th>
                  <th>${t.issued}</th>
                  <th>${t.boutique}</th>
                  <th>${t.associate}</th>
                  <th>${t.status}</th>
                </tr>
              </thead>
              <tbody id="results"></tbody>
            </table>
          </section>
          <section id="flagged-section" hidden>
            <h2>${t.flaggedHeading}</h2>
            <table>
              <thead>
                <tr>
                  <th>${t.serial}</th>
                  <th>${t.issued}</th>
                  <th>${t.why}</th>
                  <th>${t.peakScanners}</th>
                  <th>${t.countries}</th>
                  <th>${t.lastCheck}</th>
                </tr>
              </thead>
              <tbody id="flagged"></tbody>
            </table>
          </section>
          <section id="reports-section" hidden>
            <h2>${t.reportsHeading}</h2>
            <form id="reports-filter">
              <label
                >${t.show}
                <select id="rp-status">
                  <option value="open">${t.openReports}</option>
                  <option value="closed">${t.closedReports}</option>
                  <option value="">${t.allReports}</option>
                </select></label
              >
              <button type="submit">${t.show}</button>
            </form>
            <table>
              <thead>
                <tr>
                  <th>${t.reference}</th>
                  <th>${t.received}</th>
                  <th>${t.where}</th>
                  <th>${t.codeChecked}</th>
                  <th>${t.card}</th>
                  <th>${t.status}</th>
                </tr>
              </thead>
              <tbody id="reports"></tbody>
            </table>
          </section>
          <section id="report" hidden>
            <div id="report-body"></div>
            <img id="report-photo" hidden alt="${t.photoAlt}" />
            <form id="link-form">
              <h3>${t.linkHeading}</h3>
              <label
                >${t.serial} <input id="l-serial" size="18" required placeholder="7K3M-Q9XP-2HT4-W"
              /></label>
              <button type="submit">${t.link}</button>
            </form>
            <form id="close-form">
              <h3>${t.closeHeading}</h3>
              <label
                >${t.outcome}
                <select id="c-outcome">
                  ${REPORT_OUTCOMES.map((o) => html`<option>${o}</option>`)}
                </select></label
              >
              <label
                >${t.note} <input id="c-note" size="40" maxlength="${REPORT_LIMITS.note}"
              /></label>
              <button type="submit">${t.closeReport}</button>
            </form>
          </section>
          <section id="card" hidden>
            <div id="card-body"></div>
            <div id="claims-part" hidden>
              <h3>${t.claimsHeading}</h3>
              <table>
                <thead>
                  <tr>
                    <th>${t.claimNumber}</th>
                    <th>${t.claimMade}</th>
                    <th>${t.claimStatus}</th>
                    <th>${t.claimShown}</th>
                    <th>${t.claimVoidReason}</th>
                  </tr>
                </thead>
                <tbody id="claims"></tbody>
              </table>
              <form id="void-form" hidden>
                <h3>${t.voidHeading}</h3>
                <label
                  >${t.voidReason}
                  <input id="v-reason" size="40" maxlength="${MAX_VOID_REASON}" required
                /></label>
                <button type="submit">${t.voidClaim}</button>
              </form>
            </div>
            <p>
              <button type="button" id="card-reference">${t.referenceOpen}</button>
              <button type="button" id="evidence-html">${t.evidenceHtml}</button>
              <button type="button" id="evidence-json">${t.evidenceJson}</button>
            </p>
            <form id="revoke-form">
              <h3>${t.revokeHeading}</h3>
              <label
                >${t.publicReason}
                <select id="r-reason">
                  ${REVOCATION_REASONS.map((r) => html`<option>${r}</option>`)}
                </select></label
              >
              <label
                >${t.note} <input id="r-note" size="40" maxlength="${MAX_REVOCATION_NOTE}"
              /></label>
              <button type="submit">${t.revoke}</button>
            </form>
          </section>
        </div>
        <script type="application/json" id="console-text">
          ${raw(words)}
        </script>
        <script type="module" src="/console.js"></script>
      </body>
    </html>`;
}
