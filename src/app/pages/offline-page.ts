// The offline verifier's page (/offline): the service worker keeps it, in every language, and
// shows it for a card when the network is gone. /offline.js checks the card on the device; this
// page hands it the strings, and says what it does before the script has run.
import { html, raw } from 'hono/html';
import { STATUSES, type OfflineStrings } from '../../core/index.js';
import { layout, type View } from './layout.js';

/** The page's own security headers: one script of this site, and fetches to this site only. */
export const OFFLINE_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-cache',
};

function offlineStrings(view: View): OfflineStrings {
  const { m } = view;
  const o = m.offline;
  const pick = <T>(f: (s: (typeof STATUSES)[number]) => T) =>
    Object.fromEntries(STATUSES.map((s) => [s, f(s)])) as Record<(typeof STATUSES)[number], T>;
  return {
    status: pick((s) => m.status[s].title),
    meaning: pick((s) => m.status[s].explain),
    lookAlike: m.lookAlike.title,
    lookAlikeMeaning: m.lookAlike.explain,
    checkedHere: o.checkedHere,
    revocationsAsOf: o.revocationsAsOf,
    noTrust: o.noTrust,
    staleTrust: o.staleTrust,
    badTrust: o.badTrust,
    startHeading: o.startHeading,
    trustUntil: o.trustUntil,
    fields: {
      boutique: m.label.boutique,
      associate: m.label.associate,
      issued: m.label.issued,
      occasion: m.label.occasion,
      serial: m.label.serial,
      reason: m.label.reason,
      log: o.log,
      engine: o.engine,
    },
    logged: m.logged,
    notLogged: o.proofRefused,
    engineWebCrypto: o.engineWebCrypto,
    engineFallback: o.engineFallback,
    warnings: {
      'development-key': m.developmentKey,
      'issued-in-future': m.issuedInFuture,
      'key-compromised': m.keyCompromised,
    },
    reasons: { ...m.revocationReason },
    occasions: { ...m.occasion },
  };
}

export function offlinePage(view: View) {
  const { m } = view;
  // JSON inside <script> must not contain "</"; \u003c keeps the text the same.
  const data = raw(JSON.stringify(offlineStrings(view)).replace(/</g, '\\u003c'));
  const head = html`<script type="application/json" id="offline-strings">
      ${data}
    </script>
    <link rel="manifest" href="/manifest.webmanifest" />
    <script type="module" src="/offline.js"></script>`;
  const o = m.offline;
  // With no code (opened from the home screen), the script shows #offline-start instead.
  const body = html`<h1 id="offline-heading">${o.heading}</h1>
    <div id="offline-verdict" role="status" aria-live="polite" class="verdict warn">
      <p class="word" id="offline-word">${m.offline.checking}</p>
      <p id="offline-meaning"></p>
    </div>
    <dl id="offline-details" hidden></dl>
    <div id="offline-warnings"></div>
    <p class="info" id="offline-freshness"></p>
    <section id="offline-start" hidden>
      <p>${o.startHow}</p>
      <form method="get" action="/verify" id="offline-paste">
        <input type="hidden" name="lang" value="${view.lang}" />
        <label for="offline-q">${m.home.pasteLabel}</label>
        <input id="offline-q" name="q" autocomplete="off" inputmode="url" required />
        <button type="submit">${m.home.submit}</button>
      </form>
      <p><a href="/?lang=${view.lang}" id="offline-scan">${o.startScan}</a></p>
      <p>${o.startChecks}</p>
      <p class="info" id="offline-start-freshness" role="status"></p>
    </section>
    <p class="key">${o.names}</p>
    <p><a href="/?lang=${view.lang}">${m.checkAnother}</a></p>`;
  return layout(view, m.offline.heading, body, head);
}
