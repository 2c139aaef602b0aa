// The staff console's page: a shell of forms and tables that /console.js fills from the admin API.
// Each part shows only for the roles whose permissions it needs.
import { html, raw } from 'hono/html';
import { OCCASIONS, REPORT_OUTCOMES, REVOCATION_REASONS } from '../../core/index.js';

/** Scripts from this origin only; the page talks to this origin only. */
export const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:64rem;margin:1.5rem auto;padding:0 1rem;color:#111}
[hidden]{display:none!important}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #ddd}
tbody tr{cursor:pointer}tbody tr:hover{background:#f4f1ea}form{margin:.6rem 0}label{margin-right:.6rem}
#status[data-tone=error]{color:#a00}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
#chart{width:100%;height:120px;background:#faf8f4}#chart rect{fill:#333}section{margin-top:1.5rem}
#report-photo{max-width:100%;max-height:24rem;border:1px solid #ddd}
#m-preview{width:12rem;border:1px solid #ddd;margin:.5rem 0}#m-url{word-break:break-all}
*{box-sizing:border-box}input,select,button{font:inherit;max-width:100%;min-height:2rem;padding:.25rem .5rem}
button{cursor:pointer;border:1px solid #333;border-radius:4px;background:#111;color:#fff}
#sign-in{max-width:32rem;padding:1rem;border:1px solid #ddd;border-radius:6px;background:#faf8f4}
#sign-in label{display:block;font-weight:600;margin-bottom:.3rem}#credential{display:block;width:100%;margin-bottom:.6rem}
section{overflow-x:auto}code{word-break:break-word}`;

export function consolePage() {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Cachet — staff console</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <h1>Cachet staff console</h1>
        <p id="status" role="status" aria-live="polite"></p>
        <form id="sign-in">
          <label for="credential">API key or identity-provider token</label>
          <input id="credential" type="password" autocomplete="off" required />
          <button type="submit">Sign in</button>
          <p>
            Staff API keys come from <code>cachet staff add</code>; a token from the brand's
            identity provider works too.
          </p>
        </form>
        <div id="signed-in" hidden>
          <p>
            Signed in as <strong id="who"></strong>
            <button type="button" id="sign-out">Sign out</button>
          </p>
          <section id="mint-section" hidden>
            <h2>Mint a card</h2>
            <form id="mint-form">
              <label
                >Boutique
                <select id="m-boutique" required></select
              ></label>
              <label
                >Associate number
                <input id="m-associate" type="number" min="0" max="16777215" required size="8"
              /></label>
              <label>Date <input id="m-date" type="date" /></label>
              <label
                >Occasion
                <select id="m-occasion">
                  ${OCCASIONS.map((o) => html`<option>${o}</option>`)}
                </select></label
              >
              <label
                >Client reference (kept for legal, never printed)
                <input id="m-client-ref" maxlength="200" size="16"
              /></label>
              <button type="submit">Mint</button>
            </form>
            <div id="minted" hidden>
              <p>Card <strong id="m-serial"></strong>: <a id="m-url" rel="noreferrer"></a></p>
              <img id="m-preview" alt="The print-ready insert" />
              <p>
                Download the insert:
                <button type="button" data-format="pdf">PDF</button>
                <button type="button" data-format="png">PNG (600 dpi)</button>
                <button type="button" data-format="svg">SVG</button>
                <button type="button" data-format="qr.svg">QR code alone (SVG)</button>
              </p>
            </div>
          </section>
          <section id="search-section" hidden>
            <h2>Search</h2>
            <form id="search">
              <label
                >Boutique
                <select id="q-boutique"></select
              ></label>
              <label>From <input id="q-from" type="date" /></label>
              <label>To <input id="q-to" type="date" /></label>
              <label
                >Status
                <select id="q-status">
                  <option value="">any</option>
                  <option>authentic</option>
                  <option>revoked</option>
                </select></label
              >
              <label>Serial <input id="q-serial" size="18" placeholder="7K3M-Q9XP-2HT4-W" /></label>
              <button type="submit">Search</button>
            </form>
            <table>
              <thead>
                <tr>
                  <th>Serial</th>
                  <th>Issued</th>
                  <th>Boutique</th>
                  <th>Associate</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody id="results"></tbody>
            </table>
          </section>
          <section id="flagged-section" hidden>
            <h2>Flagged cards</h2>
            <table>
              <thead>
                <tr>
                  <th>Serial</th>
                  <th>Issued</th>
                  <th>Why</th>
                  <th>Peak scanners a day</th>
                  <th>Countries</th>
                  <th>Last check</th>
                </tr>
              </thead>
              <tbody id="flagged"></tbody>
            </table>
          </section>
          <section id="reports-section" hidden>
            <h2>Reports of suspected fakes</h2>
            <form id="reports-filter">
              <label
                >Show
                <select id="rp-status">
                  <option value="open">open reports</option>
                  <option value="closed">closed reports</option>
                  <option value="">all reports</option>
                </select></label
              >
              <button type="submit">Show</button>
            </form>
            <table>
              <thead>
                <tr>
                  <th>Reference</th>
                  <th>Received</th>
                  <th>Where</th>
                  <th>Code checked</th>
                  <th>Card</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody id="reports"></tbody>
            </table>
          </section>
          <section id="report" hidden>
            <div id="report-body"></div>
            <img id="report-photo" hidden alt="The photo sent with the report" />
            <form id="link-form">
              <h3>Link to a card</h3>
              <label
                >Serial <input id="l-serial" size="18" required placeholder="7K3M-Q9XP-2HT4-W"
              /></label>
              <button type="submit">Link</button>
            </form>
            <form id="close-form">
              <h3>Close this report</h3>
              <label
                >Outcome
                <select id="c-outcome">
                  ${REPORT_OUTCOMES.map((o) => html`<option>${o}</option>`)}
                </select></label
              >
              <label>Note (staff only) <input id="c-note" size="40" maxlength="2000" /></label>
              <button type="submit">Close report</button>
            </form>
          </section>
          <section id="card" hidden>
            <div id="card-body"></div>
            <p>
              <button type="button" id="evidence-html">Printable evidence report</button>
              <button type="button" id="evidence-json">Evidence (JSON)</button>
            </p>
            <form id="revoke-form">
              <h3>Revoke this card</h3>
              <label
                >Reason (public)
                <select id="r-reason">
                  ${REVOCATION_REASONS.map((r) => html`<option>${r}</option>`)}
                </select></label
              >
              <label>Note (staff only) <input id="r-note" size="40" maxlength="2000" /></label>
              <button type="submit">Revoke…</button>
            </form>
          </section>
        </div>
        <script type="module" src="/console.js"></script>
      </body>
    </html>`;
}
