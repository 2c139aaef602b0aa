// The verdict pages: the page a phone lands on after a scan, the results of an image, and a
// serial look-up. Status first, in plain words: what it proves and what it does not.
import { html, raw } from 'hono/html';
import type { PublicClaim, Reason, RevocationReason, Status } from '../../core/index.js';
import { claimLinkCode, type CodeReport } from '../../services/check.js';
import { fill } from '../i18n/index.js';
import type {
  PublicCard,
  PublicScans,
  PublicVerdict,
  SerialAnswer,
} from '../../services/present.js';
import { fillIsolated } from './fill-isolated.js';
import { isolated } from './isolated.js';
import { formatDate, layout, type Html, type View } from './layout.js';

type Tone = 'good' | 'warn' | 'bad';

const TONE: Record<Status, { tone: Tone; icon: string }> = {
  authentic: { tone: 'good', icon: '✓' },
  revoked: { tone: 'warn', icon: '!' },
  unregistered: { tone: 'warn', icon: '!' },
  forged: { tone: 'bad', icon: '✗' },
  'unknown-key': { tone: 'bad', icon: '✗' },
  malformed: { tone: 'bad', icon: '?' },
};

function banner(
  tone: Tone,
  icon: string,
  word: string,
  text: { title: string; explain: string | Html; proves: string },
  reason = '',
) {
  return html`<section class="verdict ${tone}" role="status" data-status="${word}">
    <p class="icon" aria-hidden="true">${icon}</p>
    <h1>${text.title}</h1>
    <p>${text.explain}</p>
    <p>${text.proves}</p>
    <p class="word" data-reason="${reason}">${word}</p>
  </section>`;
}

function cardDetails(view: View, card: PublicCard) {
  const { m } = view;
  // Each name in its own <bdi>: a right-to-left name cannot turn the city or country around.
  const boutique = card.boutique
    ? html`${isolated(card.boutique.name)}, ${isolated(card.boutique.city)}
      (${isolated(card.boutique.country)})`
    : '—';
  const occasion = m.occasion[card.occasion as keyof typeof m.occasion] ?? isolated(card.occasion);
  return html`<dl>
    <dt>${m.label.boutique}</dt>
    <dd>${boutique}</dd>
    <dt>${m.label.issued}</dt>
    <dd><time datetime="${card.issued}">${formatDate(view, card.issued)}</time></dd>
    <dt>${m.label.associate}</dt>
    <dd>${card.associate ? isolated(card.associate.displayName) : '—'}</dd>
    <dt>${m.label.occasion}</dt>
    <dd>${occasion}</dd>
    <dt>${m.label.serial}</dt>
    <dd class="mono">${card.serialText}</dd>
  </dl>`;
}

function revocationDetails(view: View, revocation: { revokedAt: string; reason: string } | null) {
  if (!revocation) return '';
  return html`<dl>
    <dt>${view.m.label.revokedOn}</dt>
    <dd>
      <time datetime="${revocation.revokedAt.slice(0, 10)}"
        >${formatDate(view, revocation.revokedAt)}</time
      >
    </dd>
    <dt>${view.m.label.reason}</dt>
    <dd data-reason="${revocation.reason}">
      ${view.m.revocationReason[revocation.reason as RevocationReason] ?? revocation.reason}
    </dd>
  </dl>`;
}

/** Where the card stands in the public issuance log. */
function logLine(view: View, log: PublicVerdict['log']) {
  if (!log) return '';
  const text = fill(view.m.logged, {
    date: formatDate(view, log.loggedAt),
    index: String(log.index),
  });
  return html`<p class="info" data-log-index="${log.index}">${text}</p>`;
}

function scanLine(view: View, scans: PublicScans | null) {
  if (!scans) return '';
  const text =
    scans.count === 0 || !scans.since
      ? view.m.scans.first
      : fill(
          view.m.scans.count,
          { count: scans.count, date: formatDate(view, scans.since) },
          view.lang,
        );
  return html`<p class="info" data-scans="${scans.count}">${text}</p>`;
}

function warningNotes(view: View, warnings: readonly string[]) {
  const { m } = view;
  const notes: Record<string, string> = {
    'widely-scanned': m.widelyScanned,
    'development-key': m.developmentKey,
    'issued-in-future': m.issuedInFuture,
    'key-compromised': m.keyCompromised,
    'not-logged': m.notLogged,
  };
  return warnings
    .filter((w) => w in notes)
    .map((w) => html`<p class="note" data-warning="${w}">${notes[w]}</p>`);
}

function expectHostNote(view: View, hosts: readonly string[]) {
  return html`<p class="info" data-expect-host="${hosts[0]}">
    ${fillIsolated(view.m.expectHost, { host: hosts.join(', ') })}
  </p>`;
}

/**
 * The words for a verdict. A signature that held under the house's key, on a card dated when that
 * key may not sign, is not said to be a bad signature: it gets its own words, with the dates.
 */
function verdictText(view: View, status: Status, reason: Reason | null) {
  const { m } = view;
  const dates = reason?.dates;
  if (status === 'forged' && dates) {
    const day = (iso: string) => formatDate(view, iso);
    if (reason.code === 'key-not-valid-for-date') {
      const text = m.keyRefused['key-not-valid-for-date'];
      const window = dates.validTo
        ? fill(m.keyRefused.fromTo, { from: day(dates.validFrom), to: day(dates.validTo) })
        : fill(m.keyRefused.from, { from: day(dates.validFrom) });
      return { ...text, explain: fill(text.explain, { issued: day(dates.issued), window }) };
    }
    if (reason.code === 'key-compromised' && dates.compromisedSince) {
      const text = m.keyRefused['key-compromised'];
      const values = { issued: day(dates.issued), since: day(dates.compromisedSince) };
      return { ...text, explain: fill(text.explain, values) };
    }
  }
  return { ...m.status[status], next: m.next[status] };
}

/** What the person holding the card should do next; for a widely scanned code, what it means. */
function nextStep(
  view: View,
  key: Status | 'lookAlike',
  warnings: readonly string[] = [],
  text: string = view.m.next[key],
) {
  const { next } = view.m;
  return html`<section class="next" data-next="${key}">
    <h2>${next.heading}</h2>
    <p>${text}</p>
    ${warnings.includes('widely-scanned') ? html`<p>${next.widelyScanned}</p>` : ''}
  </section>`;
}

/**
 * Whether the card in the photo is the card the house issued with this code: a copy is said as
 * loudly as a forged code, since the code itself is genuine.
 */
function matchLine(view: View, match: PublicVerdict['match']) {
  if (!match) return '';
  const { card } = view.m;
  if (match.result === 'different-card') {
    return html`<section class="verdict bad" role="alert" data-match="different-card">
      <p class="icon" aria-hidden="true">✗</p>
      <h2>${card.copyTitle}</h2>
      <p>${card.copyExplain}</p>
    </section>`;
  }
  if (match.result === 'same-card') {
    return html`<p class="info" data-match="same-card">
      <span aria-hidden="true">✓ </span>${card.same}
    </p>`;
  }
  return html`<p class="info" data-match="cannot-tell">${card.cannotTell}</p>`;
}

/** For a card the house keeps a photo of, checked without a photo: that it does, and how to compare. */
function referenceLine(view: View, v: Pick<PublicVerdict, 'reference' | 'match' | 'card'>) {
  if (!v.reference?.kept || v.match) return '';
  const { card, report } = view.m;
  const { lang } = view;
  const params = new URLSearchParams({ lang });
  if (v.card) params.set('s', v.card.serialText);
  return html`<p class="info" data-reference="kept">
    ${card.kept}
    <a href="/?lang=${lang}#image-check" data-compare-link>${card.compareLink}</a> ·
    <a href="/report?${params.toString()}">${report.link}</a>
  </p>`;
}

/**
 * The recipient's claim, beside the verdict: its date, the public name she chose as text (never a
 * link; isolated so that right-to-left text cannot turn the words around it), and the photo of the
 * card as issued when she shows it. A revoked card's claim is said to have ended.
 */
export function claimSection(
  view: View,
  claim: PublicClaim | null | undefined,
  /** False under a heading of the page's own (the claim pages' "what anyone now sees"). */
  withHeading = true,
) {
  if (!claim) return '';
  const c = view.m.claim;
  const date = formatDate(view, claim.claimedAt);
  return html`<section
    class="info"
    data-claim="${claim.status}"
    ${withHeading ? raw('aria-labelledby="claim-heading"') : ''}
  >
    ${withHeading ? html`<h2 id="claim-heading" style="margin-top:0">${c.heading}</h2>` : ''}
    <p>${fill(claim.status === 'ended' ? c.endedOn : c.claimedOn, { date })}</p>
    ${
      claim.handle
        ? html`<p>
            ${c.publicName} <strong><bdi data-claim-handle>${claim.handle}</bdi></strong>
          </p>`
        : ''
    }
    ${
      claim.photo
        ? html`<figure style="margin:0">
            <img
              src="${claim.photo}"
              alt="${c.photoAlt}"
              data-claim-photo
              style="display:block;max-width:100%;height:auto;border-radius:8px"
            />
            <figcaption class="hint">${c.photoNote}</figcaption>
          </figure>`
        : ''
    }
  </section>`;
}

/** One verdict, as a section of a page. */
export function verdictSection(view: View, v: PublicVerdict) {
  const { m } = view;
  const { tone, icon } = TONE[v.status];
  const text = verdictText(view, v.status, v.reason);
  // A copy's own line says what to do; the code's next step would say the card is the house's.
  const copied = v.match?.result === 'different-card';
  // A copy is said first, above the code's own verdict: whoever reads only the top of the page
  // must not read "genuine" about the card in their photo.
  const match = matchLine(view, v.match);
  return html`${copied ? match : ''} ${banner(tone, icon, v.status, text, v.reason?.code)}
  ${copied ? '' : match} ${referenceLine(view, v)}
  ${copied ? '' : nextStep(view, v.status, v.warnings, text.next)} ${warningNotes(view, v.warnings)}
  ${claimSection(view, v.claim)} ${revocationDetails(view, v.revocation)}
  ${v.card ? cardDetails(view, v.card) : ''} ${reasonDetail(view, v.status, v.reason)}
  ${logLine(view, v.log)} ${scanLine(view, v.scans)}
  ${v.key ? html`<p class="key">${m.label.key}: <span class="mono">${v.key.kid}</span> (${v.key.status})</p>` : ''}`;
}

/** The reason as the verifier states it, beside the words for people. */
function reasonDetail(view: View, status: Status, reason: Reason | null) {
  if (!reason || status === 'revoked') return '';
  return html`<dl>
    <dt>${view.m.label.detail}</dt>
    <dd>${isolated(reason.message)}</dd>
  </dl>`;
}

/** One code read from an image or pasted: a look-alike warning, or its verdict. */
function codeSection(view: View, report: CodeReport) {
  if (report.verdict) {
    return html`${verdictSection(view, report.verdict)} ${reportLink(view, { q: report.text })}`;
  }
  const { m } = view;
  if (report.claimSlip) {
    // The slip's own link, so its holder can claim from here: this page goes to her alone.
    const code = claimLinkCode(report.text) ?? '';
    const params = new URLSearchParams({ ...(code ? { code } : {}), lang: view.lang });
    return html`${banner('warn', 'ℹ', 'claim-slip', m.claimSlip)}
      <p><a href="/claim?${params}">${m.claimSlip.open}</a></p>`;
  }
  return html`${banner('bad', '✗', 'look-alike', {
      title: m.lookAlike.title,
      explain: fillIsolated(m.lookAlike.explain, { host: report.host ?? '' }),
      proves: m.lookAlike.proves,
    })}
    ${nextStep(view, 'lookAlike')}
    <dl>
      <dt>${m.label.code}</dt>
      <dd class="mono">${isolated(report.text)}</dd>
    </dl>
    ${reportLink(view, { q: report.text })}`;
}

/**
 * A link to report a suspected fake: about a code (its text, cut so that the link stays well
 * under the longest address accepted) or a printed serial.
 */
export function reportLink(view: View, about: { q: string } | { s: string } | null) {
  const params = new URLSearchParams();
  if (about && 's' in about) params.set('s', about.s);
  if (about && 'q' in about) {
    let q = about.q;
    while (q && encodeURIComponent(q).length > 700) q = q.slice(0, Math.floor(q.length * 0.8));
    params.set('q', q);
  }
  params.set('lang', view.lang);
  return html`<p class="report">
    <a href="/report?${params.toString()}" data-report-link>${view.m.report.link}</a>
  </p>`;
}

function anotherLink(view: View) {
  return html`<p><a href="/?lang=${view.lang}">${view.m.checkAnother}</a></p>`;
}

/** The page for one verdict. Every value is escaped by the `html` tag. */
export function verdictPage(
  view: View,
  v: PublicVerdict,
  hosts: readonly string[],
  receiptHref?: string,
  citeToken?: string,
  /** What the code held, for the report link. */
  code?: string,
) {
  // A journalist can cite a signed receipt of this very check.
  const receipt =
    receiptHref && v.card
      ? html`<p class="info"><a href="${receiptHref}" data-receipt>${view.m.receiptLink}</a></p>`
      : '';
  const cite =
    citeToken && v.status !== 'malformed'
      ? html`<form method="post" action="/cite" id="cite-form">
          <input type="hidden" name="t" value="${citeToken}" />
          <input type="hidden" name="lang" value="${view.lang}" />
          <button type="submit">${view.m.cite.button}</button>
          <small>${view.m.cite.hint}</small>
        </form>`
      : '';
  const body = html`${verdictSection(view, v)} ${receipt} ${cite}
  ${reportLink(view, code ? { q: code } : null)} ${expectHostNote(view, hosts)} ${anotherLink(view)}`;
  return layout(view, verdictText(view, v.status, v.reason).title, body);
}

/** The page for every code found in one image (or one pasted link). */
export function codesPage(view: View, reports: CodeReport[], hosts: readonly string[]) {
  const { m } = view;
  if (reports.length === 1) {
    const only = reports[0]!;
    const title = only.verdict
      ? verdictText(view, only.verdict.status, only.verdict.reason).title
      : only.claimSlip
        ? m.claimSlip.title
        : m.lookAlike.title;
    return layout(
      view,
      title,
      html`${codeSection(view, only)} ${expectHostNote(view, hosts)} ${anotherLink(view)}`,
    );
  }
  const heading =
    reports.length === 0
      ? m.results.none
      : fill(m.results.heading, { count: reports.length }, view.lang);
  const body = html`<h1 data-codes="${reports.length}">${heading}</h1>
    ${reports.map((r, i) => html`<article data-code-index="${i}">${codeSection(view, r)}</article>`)}
    ${expectHostNote(view, hosts)} ${anotherLink(view)}`;
  return layout(view, heading, body);
}

/**
 * The page for a card found by its printed serial: the verdict its code gets (from the registry's
 * copy), and that the serial alone proves nothing about the card in hand.
 */
export function serialPage(view: View, answer: SerialAnswer, hosts: readonly string[]) {
  const { m } = view;
  const { status } = answer;
  const found = status === 'authentic' || status === 'revoked';
  const verdict = verdictText(view, status, answer.reason);
  const text = found
    ? {
        title: status === 'revoked' ? m.serial.revokedTitle : m.serial.title,
        explain: m.serial.explain,
        proves: status === 'revoked' ? m.status.revoked.proves : m.serial.proves,
      }
    : verdict;
  const { tone, icon } =
    status === 'authentic' ? { tone: 'good' as const, icon: '#' } : TONE[status];
  const body = html`${banner(tone, icon, status, text, answer.reason?.code)}
    <p class="word" data-method="serial">serial</p>
    ${found ? '' : html`<p class="info">${m.serial.verdictNote}</p>`}
    ${status === 'authentic' ? '' : nextStep(view, status, answer.warnings, verdict.next)}
    ${warningNotes(view, answer.warnings)} ${claimSection(view, answer.claim)}
    ${revocationDetails(view, answer.revocation)} ${referenceLine(view, answer)}
    ${cardDetails(view, answer.card)} ${reasonDetail(view, status, answer.reason)}
    ${scanLine(view, answer.scans)} ${reportLink(view, { s: answer.card.serialText })}
    ${expectHostNote(view, hosts)} ${anotherLink(view)}`;
  return layout(view, text.title, body);
}

/** The page for a serial the registry does not have, or text that is no serial. */
export function serialMissingPage(view: View, validSerial: boolean) {
  const { m } = view;
  const body = html`${banner('warn', '?', validSerial ? 'serial-unknown' : 'serial-invalid', {
    title: m.serial.notFoundTitle,
    explain: validSerial ? m.serial.notFoundExplain : m.serial.invalid,
    proves: m.serial.proves,
  })}
  ${anotherLink(view)}`;
  return layout(view, m.serial.notFoundTitle, body);
}
