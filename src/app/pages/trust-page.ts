// The public trust page (/trust): the brand's genuine check addresses, every key with its whole
// history, the log's latest checkpoint, and how to check a card without this site. Everything on
// it can be compared with what the brand publishes elsewhere.
import { html } from 'hono/html';
import { dayToDate, type TrustedKey } from '../../core/index.js';
import { fill } from '../i18n/index.js';
import { isolated } from './isolated.js';
import { formatDate, layout, type View } from './layout.js';

export interface TrustPageData {
  /** The origin cards point to, scheme included, as configured: what `trust pull` is given. */
  origin: string;
  verifyHosts: string[];
  keys: readonly TrustedKey[];
  /** The latest checkpoint's size and root (base64), when the log has signed one. */
  checkpoint: { size: number; root: string } | null;
  /** Whether this server keeps a log at all. */
  keepsLog: boolean;
}

function keyRow(view: View, key: TrustedKey) {
  const t = view.m.trust;
  const date = (day: number) => formatDate(view, dayToDate(day));
  const status =
    key.status === 'compromised'
      ? fill(t.compromised, {
          date: key.compromisedSince === undefined ? '—' : date(key.compromisedSince),
        })
      : key.status === 'retired'
        ? t.retired
        : t.active;
  const dates =
    key.validTo === undefined
      ? fill(t.from, { date: date(key.validFrom) })
      : fill(t.fromTo, { from: date(key.validFrom), to: date(key.validTo) });
  return html`<tr>
    <td class="mono">${key.kid}</td>
    <td>${key.purpose === 'receipt' ? t.statements : t.cards}</td>
    <td>${status}${key.development ? html`<br /><small>${t.development}</small>` : ''}</td>
    <td>${dates}</td>
  </tr>`;
}

export function trustPage(view: View, data: TrustPageData) {
  const t = view.m.trust;
  // The origin's own host with its scheme (http on a development server); other hosts are https.
  const own = new URL(data.origin);
  const address = (host: string) => (host === own.host ? own.origin : `https://${host}`);
  const log = !data.keepsLog
    ? t.noLog
    : data.checkpoint
      ? fill(t.logSize, { size: data.checkpoint.size, root: data.checkpoint.root })
      : t.logEmpty;
  const body = html`<h1>${t.heading}</h1>
    <p>${t.intro}</p>
    <h2>${t.addresses}</h2>
    <ul>
      ${data.verifyHosts.map((h) => html`<li class="mono">${isolated(`${address(h)}/`)}</li>`)}
    </ul>
    <p class="note">${t.addressesNote}</p>
    <h2>${t.keys}</h2>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${t.key}</th>
            <th scope="col">${t.signs}</th>
            <th scope="col">${t.status}</th>
            <th scope="col">${t.dates}</th>
          </tr>
        </thead>
        <tbody>
          ${data.keys.map((key) => keyRow(view, key))}
        </tbody>
      </table>
    </div>
    <h2>${t.log}</h2>
    <p class="mono" id="log-state">${log}</p>
    <h2>${t.offline}</h2>
    <p>${t.offlinePhone}</p>
    <p>${t.offlineComputer}</p>
    <pre class="mono">
npx cachet trust pull ${own.origin}
npx cachet verify --offline ${own.origin}/c/…</pre>
    <p>${t.offlineCode}</p>
    <h2>${t.files}</h2>
    <ul>
      <li><a href="/.well-known/jwks.json">${t.jwks}</a></li>
      <li><a href="/.well-known/cachet/trust.jws">${t.bundle}</a></li>
      <li><a href="/.well-known/cachet/revocations">${t.revocations}</a></li>
      ${data.keepsLog ? html`<li><a href="/log/checkpoint">${t.checkpoint}</a></li>` : ''}
      <li><a href="/spec/ct1.md">${t.spec}</a></li>
      <li><a href="/spec/ct1-vectors.json">${t.vectors}</a></li>
    </ul>`;
  return layout(view, t.heading, body);
}
