// A cited check (/cite/<id>): the verdict as the signed receipt recorded it, checked against the
// published keys on display, beside the verdict now, with the receipt to download.
import { html } from 'hono/html';
import type { ReceiptClaims, Status } from '../../core/index.js';
import type { PublicVerdict } from '../../services/present.js';
import { fill } from '../i18n/index.js';
import { fillIsolated } from './fill-isolated.js';
import { formatDate, layout, type View } from './layout.js';
import { verdictSection } from './verdict-page.js';

export interface CitedCheck {
  id: string;
  /** The receipt's claims when it verified, or why it did not. */
  then: { claims: ReceiptClaims; kid: string } | { error: string; claims: ReceiptClaims | null };
  now: PublicVerdict;
  /** The card's URL, for the offline check's command line. */
  cardUrl: string;
}

export function citePage(view: View, cited: CitedCheck) {
  const { m } = view;
  const c = m.cite;
  const claims = cited.then.claims;
  const receiptOk = (kid: string) => fillIsolated(c.receiptOk, { kid });
  const thenStatus = claims?.status as Status | undefined;
  const thenBlock = html`<section class="cited-then" data-status="${claims?.status ?? ''}">
    <h2>${claims ? fill(c.then, { date: formatDate(view, claims.checked_at) }) : c.heading}</h2>
    ${
      thenStatus && m.status[thenStatus]
        ? html`<p class="word">${thenStatus}</p>
            <p><strong>${m.status[thenStatus].title}</strong>. ${m.status[thenStatus].explain}</p>`
        : ''
    }
    ${
      'kid' in cited.then
        ? html`<p class="info" data-receipt-ok>${receiptOk(cited.then.kid)}</p>`
        : html`<p class="note" data-receipt-bad>
            ${fillIsolated(c.receiptBad, { reason: cited.then.error })}
          </p>`
    }
  </section>`;
  const body = html`<h1>${c.heading}</h1>
    ${thenBlock}
    <section class="cited-now" data-status="${cited.now.status}">
      <h2>${c.now}</h2>
      ${verdictSection(view, cited.now)}
    </section>
    <h2>${c.link}</h2>
    <p class="mono">/cite/${cited.id}</p>
    <p><a href="/cite/${cited.id}/receipt.json" download>${c.download}</a></p>
    <p>${c.howTo}</p>
    <pre class="mono">
curl -so jwks.json ${new URL(cited.cardUrl).origin}/.well-known/jwks.json
npx cachet receipt verify receipt.json --jwks jwks.json --token ${cited.cardUrl}</pre>`;
  return layout(view, c.heading, body);
}
