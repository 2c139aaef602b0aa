// The verdict page a phone lands on after scanning a card: status first, then what was signed.
import { html } from 'hono/html';
import type { Status } from '../../core/index.js';
import type { Messages } from '../i18n/index.js';
import type { PublicVerdict } from '../present.js';
import { layout } from './layout.js';

const TONE: Record<Status, { tone: 'good' | 'warn' | 'bad'; icon: string }> = {
  authentic: { tone: 'good', icon: '✓' },
  revoked: { tone: 'warn', icon: '!' },
  unregistered: { tone: 'warn', icon: '!' },
  forged: { tone: 'bad', icon: '✗' },
  'unknown-key': { tone: 'bad', icon: '✗' },
  malformed: { tone: 'bad', icon: '?' },
};

function cardDetails(m: Messages, v: PublicVerdict) {
  const card = v.card;
  if (!card) return '';
  const boutique = card.boutique
    ? `${card.boutique.name}, ${card.boutique.city} (${card.boutique.country})`
    : '—';
  const occasion = m.occasion[card.occasion as keyof Messages['occasion']] ?? card.occasion;
  return html`<dl>
    <dt>${m.label.boutique}</dt>
    <dd>${boutique}</dd>
    <dt>${m.label.issued}</dt>
    <dd>${card.issued}</dd>
    <dt>${m.label.associate}</dt>
    <dd>${card.associate?.displayName ?? '—'}</dd>
    <dt>${m.label.occasion}</dt>
    <dd>${occasion}</dd>
    <dt>${m.label.serial}</dt>
    <dd class="mono">${card.serialText}</dd>
  </dl>`;
}

/** The page for one verdict. Every value is escaped by the `html` tag. */
export function verdictPage(m: Messages, v: PublicVerdict) {
  const text = m.status[v.status];
  const { tone, icon } = TONE[v.status];
  const body = html`<section class="verdict ${tone}" role="status" data-status="${v.status}">
      <p class="icon" aria-hidden="true">${icon}</p>
      <h1>${text.title}</h1>
      <p>${text.explain}</p>
      <p class="word">${v.status}</p>
    </section>
    ${v.warnings.includes('development-key') ? html`<p class="note" data-warning="development-key">${m.developmentKey}</p>` : ''}
    ${v.warnings.includes('issued-in-future') ? html`<p class="note">${m.issuedInFuture}</p>` : ''}
    ${
      v.revocation
        ? html`<dl>
            <dt>${m.label.revokedOn}</dt>
            <dd>${v.revocation.revokedAt.slice(0, 10)}</dd>
            <dt>${m.label.reason}</dt>
            <dd>${v.revocation.reason}</dd>
          </dl>`
        : ''
    }
    ${cardDetails(m, v)}
    ${
      v.reason && v.status !== 'revoked'
        ? html`<dl>
            <dt>${m.label.detail}</dt>
            <dd>${v.reason.message}</dd>
          </dl>`
        : ''
    }
    ${v.key ? html`<p class="key">${m.label.key}: <span class="mono">${v.key.kid}</span> (${v.key.status})</p>` : ''}
    <p><a href="/">${m.checkAnother}</a></p>`;
  return layout(m, text.title, body);
}
