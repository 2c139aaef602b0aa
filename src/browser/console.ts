// The staff console (/console): sign in with an API key or an identity-provider token; associates
// and managers mint a card and download its print files; legal and managers search cards, read a
// card's timeline, see the flagged list, revoke with confirmation, open evidence; legal reads the
// public's reports of fakes, links them to cards and closes them. After minting, or from a card
// opened from the list, the written card is photographed and recorded as its reference. Legal and
// the boutique's managers read a card's claims by its recipients; legal voids one, with a reason.
// It only calls the admin API; the key stays in this tab's sessionStorage. Its words come with the
// page, in the language chosen there. Every value from the public or from staff input is shown with
// its control characters written by code point, and set apart (<bdi>) from the words around it.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const KEY = 'cachet.console.credential';

/** The words of the page's language, sent with the page as data. */
const WORDS = JSON.parse($('console-text')?.textContent ?? '{}') as Record<string, string>;
const plurals = new Intl.PluralRules(document.documentElement.lang);

/**
 * C0 controls, DEL, C1 controls, the bidirectional marks, embeddings, overrides and isolates, the
 * line and paragraph separators, and the characters that draw nothing (zero width space, byte
 * order mark, tag characters, lone surrogates…): a copy of CONTROL_CHARACTERS in
 * src/core/shown-text.ts, which this script cannot import (it is compiled on its own);
 * test/browser/console-controls.test.ts keeps the two sets equal.
 */
const CONTROL_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\ufff0-\ufff8\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0080}-\u{e00ff}\u{e01f0}-\u{e0fff}\ud800-\udfff]|(?<=[\x21-\x7e][\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*)[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]|[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}](?=[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*[0-9A-Za-z])/gu;
/** The same, except the line feed: for text of several lines (a report's account). */
const CONTROL_CHARACTERS_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\ufff0-\ufff8\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0080}-\u{e00ff}\u{e01f0}-\u{e0fff}\ud800-\udfff]|(?<=[\x21-\x7e][\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*)[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]|[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}](?=[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*[0-9A-Za-z])/gu;
/** FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE around a value that `shown` set apart. */
const ISOLATED = /\u2068([^\u2068\u2069]*)\u2069/;

/** `text` with every control and bidirectional character written as `[U+XXXX]`. */
function markControls(text: string, keepNewlines = false): string {
  return text.replace(
    keepNewlines ? CONTROL_CHARACTERS_BUT_NEWLINE : CONTROL_CHARACTERS,
    (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

/**
 * A value from the public or from staff input, as staff see it: its control characters written by
 * code point, and set apart between U+2068 and U+2069 so that a right-to-left override or name
 * cannot reorder the sentence around it. `el` and `say` show each such value as a `<bdi>`.
 */
function shown(value: string | number, keepNewlines = false): string {
  return `\u2068${markControls(String(value), keepNewlines)}\u2069`;
}

/**
 * `text` as nodes: each value set apart by `shown` in a `<bdi>`, and any control character left
 * elsewhere (in a message from the API) written by code point too.
 */
function nodes(text: string): Node[] {
  return text.split(ISOLATED).map((piece, i) => {
    const marked = markControls(piece, true);
    return i % 2 ? el('bdi', marked) : document.createTextNode(marked);
  });
}

/**
 * `text` for what takes plain text only (an option, a dialog): a value stays set apart by the
 * characters U+2068 and U+2069 unless it is printable ASCII (which, its controls already written
 * out, cannot turn the sentence around it).
 */
function plain(text: string): string {
  return text
    .split(ISOLATED)
    .map((piece, i) =>
      i % 2 === 0
        ? markControls(piece, true)
        : /^[\x20-\x7e]*$/.test(piece)
          ? piece
          : shown(piece, true),
    )
    .join('');
}

/**
 * A text in the page's language with its `{name}`s filled, each value set apart (`shown`); with
 * `count`, its plural form (`#`).
 */
function tr(key: string, values: Record<string, string | number> = {}, count?: number): string {
  const template =
    count === undefined
      ? WORDS[key]
      : (WORDS[`${key}.${plurals.select(count)}`] ?? WORDS[`${key}.other`]);
  const text = (template ?? key).replace(/\{(\w+)\}/g, (marker, name: string) =>
    name in values ? shown(values[name]!) : marker,
  );
  return count === undefined ? text : text.replace(/#/g, String(count));
}

/**
 * A table row's cells, each labelled with its column's heading: on a phone, rows are stacked and
 * each cell shows that label before its value.
 */
function addCells(row: HTMLElement, body: string, texts: (string | Made)[]): HTMLElement {
  const headings = [...$(body).closest('table')!.querySelectorAll('thead th')];
  texts.forEach((text, i) => {
    const cell = el('td', '', { 'data-label': headings[i]?.textContent?.trim() ?? '' });
    if (typeof text !== 'string') cell.dataset.made = '';
    // One element, so that a stacked row's cell keeps its value in one piece beside its label.
    cell.append(el('span', typeof text === 'string' ? text : text.made));
    row.append(cell);
  });
  return row;
}

/**
 * A short value Cachet itself wrote (a serial, a reference, a time): its cell breaks it at its
 * hyphens and spaces only, where any other cell wraps anywhere (one long word from the public
 * cannot push the other columns out of view).
 */
interface Made {
  made: string;
}
const made = (text: string): Made => ({ made: text });

/**
 * An element with text nodes (so nothing from the registry is ever parsed as HTML), each value
 * set apart by `shown` in its own `<bdi>`.
 */
function el(tag: string, text = '', attrs: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  node.append(...nodes(text));
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

/** An option of a list, whose label is plain text (an option holds no `<bdi>`). */
function optionOf(label: string, value: string): HTMLOptionElement {
  const option = document.createElement('option');
  option.textContent = plain(label);
  option.value = value;
  return option;
}

async function api(path: string, init: RequestInit = {}): Promise<any> {
  const credential = sessionStorage.getItem(KEY) ?? '';
  const res = await fetch(`/api/v1/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
  });
  if (res.status === 401) signOut(tr('refused'));
  const body = res.headers.get('content-type')?.includes('json')
    ? await res.json()
    : await res.text();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** What the signed-in staff member may do (from /me). */
let permissions: string[] = [];

function say(text: string, tone: 'info' | 'error' = 'info') {
  const status = $('status');
  status.replaceChildren(...nodes(text));
  status.dataset.tone = tone;
}

function signOut(why = '') {
  sessionStorage.removeItem(KEY);
  $('signed-in').hidden = true;
  $('sign-in').hidden = false;
  if (why) say(why, 'error');
}

async function signIn(credential: string) {
  sessionStorage.setItem(KEY, credential.trim());
  try {
    const me = await api('/me');
    $('who').replaceChildren(
      ...nodes(
        `${shown(me.name)} (${me.role}${me.boutique ? `, ${shown(me.boutique.code)}` : ''})`,
      ),
    );
    permissions = me.permissions;
    $('sign-in').hidden = true;
    $('signed-in').hidden = false;
    $('flagged-section').hidden = !me.permissions.includes('flagged.read');
    $('search-section').hidden = !me.permissions.includes('card.read');
    $('mint-section').hidden = !me.permissions.includes('card.mint');
    $('reports-section').hidden = !me.permissions.includes('report.read');
    say('');
    const { boutiques } = await api('/boutiques');
    const select = $<HTMLSelectElement>('q-boutique');
    select.replaceChildren(optionOf(tr('allBoutiques'), ''));
    for (const b of boutiques)
      select.append(optionOf(`${shown(b.code)} — ${shown(b.name)}`, b.code));
    // Staff of one boutique mint for it only.
    const mintFor = me.boutique
      ? boutiques.filter((b: any) => b.code === me.boutique.code)
      : boutiques;
    $('m-boutique').replaceChildren(
      ...mintFor.map((b: any) => optionOf(`${shown(b.code)} — ${shown(b.name)}`, b.code)),
    );
    $<HTMLInputElement>('m-date').value = new Date().toISOString().slice(0, 10);
    if (me.permissions.includes('flagged.read')) await showFlagged();
    if (me.permissions.includes('report.read')) await showReports();
  } catch (error) {
    signOut((error as Error).message);
  }
}

function cardRow(card: any): HTMLElement {
  const row = el('tr', '', { 'data-serial': card.serial });
  addCells(row, 'results', [
    made(card.serialText),
    made(card.issued),
    shown(card.boutique.code),
    shown(card.associate.displayName),
    card.status,
  ]);
  return opensCard(row, card.serial);
}

/** A row that opens its card: by click, and by Enter or Space once focused with Tab. */
function opensCard(row: HTMLElement, serial: string): HTMLElement {
  return opens(row, () => showCard(serial));
}

function opens(row: HTMLElement, open: () => Promise<void>): HTMLElement {
  row.tabIndex = 0;
  row.addEventListener('click', () => void open());
  row.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    void open();
  });
  return row;
}

async function search(event: Event) {
  event.preventDefault();
  const params = new URLSearchParams();
  for (const [name, id] of [
    ['boutique', 'q-boutique'],
    ['from', 'q-from'],
    ['to', 'q-to'],
    ['status', 'q-status'],
    ['serial', 'q-serial'],
  ]) {
    const value = $<HTMLInputElement>(id!).value.trim();
    if (value) params.set(name!, value);
  }
  try {
    const { total, cards } = await api(`/cards?${params}`);
    $('results').replaceChildren(...cards.map(cardRow));
    const showing = total > cards.length ? tr('showing', { count: cards.length }) : '';
    say(`${tr('found', {}, total)}${showing}.`);
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

/** Checks per day as bars, every day between the first and the last check. */
function chart(days: { day: string; scans: number; scanners: number }[]): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 600 120');
  svg.setAttribute('id', 'chart');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (days.length === 0) return svg;
  const first = Date.parse(days[0]!.day);
  const span = Math.round((Date.parse(days[days.length - 1]!.day) - first) / 86_400_000) + 1;
  const peak = Math.max(...days.map((d) => d.scans));
  for (const d of days) {
    const i = Math.round((Date.parse(d.day) - first) / 86_400_000);
    const h = Math.max(1, Math.round((d.scans / peak) * 110));
    const bar = document.createElementNS(ns, 'rect');
    Object.entries({
      x: (i * 600) / span,
      y: 120 - h,
      width: Math.max(1, 600 / span - 1),
      height: h,
    }).forEach(([k, v]) => bar.setAttribute(k, String(v)));
    const title = document.createElementNS(ns, 'title');
    title.textContent = plain(tr('chartBar', d));
    bar.append(title);
    svg.append(bar);
  }
  return svg;
}

async function showCard(serial: string) {
  try {
    const { card, scans, signals } = await api(`/cards/${serial}`);
    const panel = $('card');
    panel.hidden = false;
    panel.dataset.serial = card.serial;
    panel.dataset.serialText = card.serialText;
    const facts = el('dl');
    const facts_: [string, string][] = [
      [tr('serial'), card.serialText],
      [
        tr('status'),
        card.reason && card.status !== 'revoked'
          ? `${card.status}: ${card.reason.message}`
          : card.status,
      ],
      [tr('issued'), card.issued],
      [tr('boutique'), `${shown(card.boutique.name)} (${shown(card.boutique.code)})`],
      [tr('associate'), shown(card.associate.displayName)],
      [tr('occasion'), shown(card.occasion)],
      ...(card.clientRef !== undefined
        ? ([[tr('clientRef'), card.clientRef === null ? '—' : shown(card.clientRef)]] as [
            string,
            string,
          ][])
        : []),
      ...(card.revocation
        ? ([
            [
              tr('revoked'),
              `${card.revocation.revokedAt}: ${card.revocation.reason}${card.revocation.note ? ` — ${shown(card.revocation.note)}` : ''}`,
            ],
          ] as [string, string][])
        : []),
    ];
    for (const [label, value] of facts_) facts.append(el('dt', label), el('dd', value));
    const countries = el('ul', '', { id: 'countries' });
    for (const c of scans.countries)
      countries.append(
        el('li', `${c.country ? shown(c.country) : tr('unknownCountry')}: ${c.scans}`),
      );
    const flags = el('ul', '', { id: 'signals' });
    for (const f of signals.flags) flags.append(el('li', f.message, { 'data-signal': f.code }));
    $('card-body').replaceChildren(
      el('h2', tr('cardHeading', { serial: card.serialText })),
      facts,
      el('h3', tr('timeline', {}, scans.total)),
      chart(scans.days),
      el('h3', tr('countries')),
      countries,
      el('h3', tr('signals')),
      signals.flags.length ? flags : el('p', tr('noSignals')),
    );
    $('revoke-form').hidden = card.status === 'revoked' || card.revocation !== null;
    await showReferenceState(card.serial, facts);
    await showClaims(card.serial);
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

/**
 * The card's reference photo as recorded (its date, who, its hash), for those who may read it
 * (legal, the boutique's managers); nothing for anyone else.
 */
async function showReferenceState(serial: string, facts: HTMLElement) {
  let state;
  try {
    state = await api(`/cards/${serial}/references`);
  } catch {
    return;
  }
  const current = state.current;
  const value = current
    ? `${tr('refRecordedOn', { date: current.recordedAt.slice(0, 10), who: current.recordedBy })}, SHA-256 ${shown(current.photoSha256)}`
    : tr('refNoneYet');
  facts.append(
    el('dt', tr('refCurrent')),
    el('dd', value, { 'data-reference-state': current ? 'recorded' : 'none' }),
  );
}

async function showFlagged() {
  const { cards } = await api('/flagged');
  const rows = cards.map((c: any) => {
    const row = el('tr', '', { 'data-serial': c.serial });
    addCells(row, 'flagged', [
      made(c.serialText),
      made(c.issued ?? ''),
      c.reasons.join(', '),
      String(c.peakScanners),
      String(c.countries),
      made(c.lastScan),
    ]);
    return opensCard(row, c.serial);
  });
  $('flagged').replaceChildren(...rows);
}

async function showReports(event?: Event) {
  event?.preventDefault();
  const status = $<HTMLSelectElement>('rp-status').value;
  try {
    const { total, reports } = await api(`/reports${status ? `?status=${status}` : ''}`);
    const rows = reports.map((r: any) => {
      const row = el('tr', '', { 'data-report': r.ref });
      addCells(row, 'reports', [
        made(r.ref),
        made(r.createdAt.slice(0, 16).replace('T', ' ')),
        `${r.place}: ${shown(r.where)}`,
        r.verdict ?? '—',
        r.cardSerialText
          ? made(r.cardSerialText)
          : r.serialText
            ? made(tr('claimed', { serial: r.serialText }))
            : '—',
        r.outcome ? `${r.status}: ${r.outcome}` : r.status,
      ]);
      return opens(row, () => showReport(r.id));
    });
    $('reports').replaceChildren(...rows);
    if (event) say(tr('reports', {}, total));
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

async function showReport(id: string) {
  try {
    const { report: r } = await api(`/reports/${id}`);
    const panel = $('report');
    panel.hidden = false;
    panel.dataset.id = r.id;
    const facts = el('dl');
    /** A value the public sent (or nothing: a dash). */
    const sent = (value: string | null | undefined, keepNewlines = false) =>
      value ? shown(value, keepNewlines) : '—';
    const rows: [string, string][] = [
      [tr('reference'), r.ref],
      [tr('received'), r.createdAt],
      [tr('language'), sent(r.lang)],
      [tr('where'), `${r.place}: ${shown(r.where)}`],
      [tr('seenOn'), sent(r.seenOn)],
      [tr('details'), sent(r.details, true)],
      [tr('codeChecked'), sent(r.code)],
      [tr('verdictThen'), r.verdict ?? '—'],
      [tr('serialNamed'), sent(r.serialText)],
      [tr('linkedCard'), r.cardSerialText ?? '—'],
      [tr('contact'), sent(r.contact)],
      [
        tr('photo'),
        r.photo ? `${shown(r.photo.type)}, ${Math.round(r.photo.bytes / 1024)} KiB` : tr('noPhoto'),
      ],
      [
        tr('status'),
        r.outcome
          ? `${r.status}: ${r.outcome}${r.outcomeNote ? ` — ${shown(r.outcomeNote)}` : ''}`
          : r.status,
      ],
    ];
    for (const [label, value] of rows) facts.append(el('dt', label), el('dd', value));
    const heading = el('h2', tr('reportHeading', { ref: r.ref }), { tabindex: '-1' });
    $('report-body').replaceChildren(heading, facts);
    if (r.cardSerial) {
      const open = el('button', tr('openCard', { serial: r.cardSerialText }), { type: 'button' });
      open.addEventListener('click', () => void showCard(r.cardSerial));
      $('report-body').append(open);
    }
    const photo = $<HTMLImageElement>('report-photo');
    photo.hidden = !r.photo;
    photo.removeAttribute('src');
    if (r.photo) photo.src = URL.createObjectURL((await fetchFile(`/reports/${r.id}/photo`)).blob);
    $<HTMLInputElement>('l-serial').value = r.cardSerialText ?? r.serialText ?? '';
    $('close-form').hidden = r.status === 'closed';
    heading.focus();
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

async function reportAction(event: Event, action: 'link' | 'close') {
  event.preventDefault();
  const id = $('report').dataset.id!;
  const body =
    action === 'link'
      ? { serial: $<HTMLInputElement>('l-serial').value.trim() }
      : {
          outcome: $<HTMLSelectElement>('c-outcome').value,
          ...($<HTMLInputElement>('c-note').value.trim() && {
            note: $<HTMLInputElement>('c-note').value.trim(),
          }),
        };
  try {
    const { report } = await api(`/reports/${id}/${action}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    await showReports();
    await showReport(id);
    const values = { ref: report.ref, serial: report.cardSerialText, outcome: report.outcome };
    say(tr(action === 'link' ? 'linked' : 'closed', values));
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

async function revoke(event: Event) {
  event.preventDefault();
  const serial = $('card').dataset.serial!;
  const reason = $<HTMLSelectElement>('r-reason').value;
  const note = $<HTMLInputElement>('r-note').value.trim();
  if (!confirm(plain(tr('revokeConfirm', { serial, reason })))) return;
  try {
    await api(`/cards/${serial}/revoke`, {
      method: 'POST',
      body: JSON.stringify({ reason, ...(note && { note }) }),
    });
    say(tr('revokedNow', { serial }));
    await showCard(serial);
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

/**
 * The card's claims by its recipients, newest first, for those who may read them (legal, the
 * boutique's managers); the void form for legal while a claim stands. Names are shown as text.
 */
async function showClaims(serial: string) {
  const part = $('claims-part');
  part.hidden = true;
  $('void-form').hidden = true;
  if (!permissions.includes('claim.read')) return;
  let history;
  try {
    history = await api(`/cards/${serial}/claims`);
  } catch {
    return;
  }
  const day = (iso: string) => iso.slice(0, 10);
  const rows = history.claims.map((c: any) => {
    const row = el('tr', '', { 'data-claim': String(c.number), 'data-status': c.status });
    const status =
      c.status === 'standing'
        ? tr('claimStanding')
        : c.status === 'released'
          ? tr('claimReleased', { date: day(c.endedAt) })
          : tr('claimVoided', { date: day(c.endedAt), who: c.voidedBy ?? '—' });
    return addCells(row, 'claims', [
      String(c.number),
      tr(c.via === 'slip' ? 'claimViaSlip' : 'claimViaTransfer', { date: day(c.claimedAt) }),
      c.changedAt ? `${status}, ${tr('claimChanged', { date: day(c.changedAt) })}` : status,
      `${c.handle === null ? tr('claimNoName') : tr('claimName', { handle: c.handle })}; ${tr(c.showPhoto ? 'claimPhoto' : 'claimNoPhoto')}`,
      c.voidReason === null || c.voidReason === undefined ? '—' : shown(c.voidReason),
    ]);
  });
  $('claims').replaceChildren(
    ...(rows.length
      ? rows
      : [el('tr', '', { 'data-claim': 'none' })].map((row) => {
          row.append(el('td', tr('claimsNone'), { colspan: '5' }));
          return row;
        })),
  );
  part.hidden = false;
  const standing = history.claims.find((c: any) => c.status === 'standing');
  const form = $('void-form');
  form.hidden = !standing || !permissions.includes('claim.void');
  form.dataset.claim = standing ? String(standing.number) : '';
  $<HTMLInputElement>('v-reason').value = '';
}

async function voidStanding(event: Event) {
  event.preventDefault();
  const serial = $('card').dataset.serial!;
  const serialText = $('card').dataset.serialText ?? serial;
  const number = $('void-form').dataset.claim!;
  const input = $<HTMLInputElement>('v-reason');
  const reason = input.value.trim();
  if (!reason) {
    input.setCustomValidity(plain(tr('voidNeedsReason')));
    input.reportValidity();
    return;
  }
  input.setCustomValidity('');
  if (!confirm(plain(tr('voidConfirm', { number, serial: serialText })))) return;
  try {
    const answer = (await api(`/cards/${serial}/claims/void`, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    })) as { claimCode: string; claimUrl: string };
    await showCard(serial);
    say(tr('voidedNow', { number, serial: serialText, code: answer.claimCode }));
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

/** Evidence needs the credential, so it is fetched here and opened as a document of its own. */
async function openEvidence(format: 'html' | 'json') {
  const serial = $('card').dataset.serial!;
  try {
    const body = await api(`/cards/${serial}/evidence${format === 'html' ? '?format=html' : ''}`);
    const blob = new Blob([format === 'html' ? body : JSON.stringify(body, null, 2)], {
      type: format === 'html' ? 'text/html' : 'application/json',
    });
    const link = el('a', '', {
      href: URL.createObjectURL(blob),
      download: `cachet-evidence-${serial}.${format}`,
    });
    link.click();
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

/** A file from the admin API, which needs the credential: fetched here, saved as a download. */
async function fetchFile(path: string, body?: unknown): Promise<{ blob: Blob; name: string }> {
  const res = await fetch(`/api/v1/admin${path}`, {
    headers: {
      authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { method: 'POST', body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error((await res.json())?.error?.message ?? `HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), name: name ?? 'cachet-card' };
}

/** One key per filled-in form: a double click or a retry after a lost answer mints one card. */
let mintKey = crypto.randomUUID();
/**
 * The claim code of the card just minted with a slip: shown this once, kept in this variable only
 * (never in storage) to draw its slip, and forgotten with the next card.
 */
let claimCode: string | null = null;

async function mint(event: Event) {
  event.preventDefault();
  const value = (id: string) => $<HTMLInputElement>(id).value.trim();
  const body = {
    boutique: value('m-boutique'),
    associate: Number(value('m-associate')),
    occasion: value('m-occasion'),
    ...(value('m-date') && { date: value('m-date') }),
    ...(value('m-client-ref') && { clientRef: value('m-client-ref') }),
    ...($<HTMLInputElement>('m-claim-slip').checked && { claimSlip: true }),
  };
  const button = $<HTMLButtonElement>('mint-form').querySelector('button')!;
  button.disabled = true;
  try {
    const res = await fetch('/api/v1/admin/cards', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`,
        'content-type': 'application/json',
        'idempotency-key': mintKey,
      },
      body: JSON.stringify(body),
    });
    const card = await res.json();
    if (!res.ok) throw new Error(card?.error?.message ?? `HTTP ${res.status}`);
    mintKey = crypto.randomUUID();
    showSlip(card);
    $('m-serial').textContent = card.serialText;
    const link = $<HTMLAnchorElement>('m-url');
    link.textContent = card.url;
    link.href = card.url;
    $('minted').hidden = false;
    $('minted').dataset.serial = card.serialText;
    const preview = await fetchFile(`/cards/${card.serialText}/print?format=svg`);
    $<HTMLImageElement>('m-preview').src = URL.createObjectURL(preview.blob);
    $<HTMLInputElement>('m-client-ref').value = '';
    say(tr(card.replayed ? 'replayed' : 'minted', { serial: card.serialText }));
  } catch (error) {
    say((error as Error).message, 'error');
  } finally {
    button.disabled = false;
  }
}

/** Opens the step that records the photo of a written card, for the card with this serial. */
function openReferenceStep(serialText: string) {
  const step = $('reference-step');
  step.hidden = false;
  step.dataset.serial = serialText;
  $('ref-serial').textContent = serialText;
  $('ref-error').textContent = '';
  $('ref-result').replaceChildren();
  $<HTMLInputElement>('ref-photo').value = '';
  $('ref-photo').removeAttribute('aria-invalid');
  step.scrollIntoView({ block: 'start' });
  $('ref-heading').focus();
}

/** The refusal in the page's words: no code, another card's code, too late; else the API's. */
function referenceRefusal(error: { code?: string; message?: string }, serial: string): string {
  const message = error.message ?? '';
  if (error.code === 'ERR_IMAGE_UNREADABLE' && /no code/.test(message)) return tr('refNoCode');
  if (/code of another card/.test(message)) return tr('refOtherCard', { serial });
  if (error.code === 'ERR_CONFLICT' && /within \d+ days/.test(message)) return tr('refTooLate');
  return tr('refRefused', { message });
}

/** Uploads the photo of the written card as its reference, and shows its hashes or the refusal. */
async function recordReference(event: Event) {
  event.preventDefault();
  const serial = $('reference-step').dataset.serial!;
  const input = $<HTMLInputElement>('ref-photo');
  const file = input.files?.[0];
  const error = $('ref-error');
  const result = $('ref-result');
  error.textContent = '';
  result.replaceChildren();
  if (!file) {
    input.setAttribute('aria-invalid', 'true');
    error.replaceChildren(...nodes(tr('refChoose')));
    input.focus();
    return;
  }
  const button = $('reference-form').querySelector('button')!;
  button.disabled = true;
  result.replaceChildren(...nodes(tr('refSending', { serial })));
  try {
    const res = await fetch(`/api/v1/admin/cards/${encodeURIComponent(serial)}/reference`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`,
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
    if (res.status === 401) signOut(tr('refused'));
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      result.replaceChildren();
      input.setAttribute('aria-invalid', 'true');
      error.replaceChildren(
        ...nodes(referenceRefusal(body?.error ?? { message: `HTTP ${res.status}` }, serial)),
      );
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    const { current, replaced, replaceUntil } = body;
    const facts = el('dl', '', { 'data-reference': current.photoSha256 });
    const rows: [string, string][] = [
      [tr('refPhotoSha'), current.photoSha256],
      [tr('refFingerprintSha'), current.fingerprintSha256],
      [tr('refReplaceUntil'), replaceUntil],
      [
        tr('refLogEntry'),
        current.logIndex === null ? tr('refLogPending') : String(current.logIndex),
      ],
    ];
    for (const [label, value] of rows) facts.append(el('dt', label), el('dd', value));
    result.replaceChildren(
      el('p', tr(replaced ? 'refReplaced' : 'refRecorded', { serial })),
      facts,
    );
  } catch (failure) {
    result.replaceChildren();
    error.replaceChildren(...nodes(tr('refRefused', { message: (failure as Error).message })));
  } finally {
    button.disabled = false;
  }
}

/** The minted card's claim slip: its code and URL shown once, or why there is none to show. */
function showSlip(card: { claimCode?: string; claimUrl?: string; claimNote?: string }) {
  claimCode = card.claimCode ?? null;
  $('m-slip').hidden = !card.claimCode;
  $('m-slip-note').hidden = !card.claimNote;
  $('m-slip-note').textContent = card.claimNote ? tr('slipNotShown') : '';
  $('m-claim-code').textContent = card.claimCode ?? '';
  const link = $<HTMLAnchorElement>('m-claim-url');
  link.textContent = card.claimUrl ?? '';
  if (card.claimUrl) link.href = card.claimUrl;
  else link.removeAttribute('href');
}

async function downloadSlip(format: string) {
  const serial = $('minted').dataset.serial!;
  try {
    const { blob, name } = await fetchFile(`/cards/${serial}/slip?format=${format}`, { claimCode });
    el('a', '', { href: URL.createObjectURL(blob), download: name }).click();
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

async function downloadPrint(format: string) {
  const serial = $('minted').dataset.serial!;
  try {
    const { blob, name } = await fetchFile(`/cards/${serial}/print?format=${format}`);
    el('a', '', { href: URL.createObjectURL(blob), download: name }).click();
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

$('mint-form').addEventListener('submit', (e) => void mint(e));
$('m-reference').addEventListener('click', () => openReferenceStep($('minted').dataset.serial!));
$('card-reference').addEventListener('click', () => {
  const serial = $('card').dataset.serial!;
  openReferenceStep($('card').dataset.serialText ?? serial);
});
$('reference-form').addEventListener('submit', (e) => void recordReference(e));
for (const button of $('minted').querySelectorAll<HTMLButtonElement>('button[data-format]'))
  button.addEventListener('click', () => void downloadPrint(button.dataset.format!));
for (const button of $('m-slip').querySelectorAll<HTMLButtonElement>('button[data-slip]'))
  button.addEventListener('click', () => void downloadSlip(button.dataset.slip!));
$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  void signIn($<HTMLInputElement>('credential').value);
});
$('sign-out').addEventListener('click', () => signOut());
$('search').addEventListener('submit', (e) => void search(e));
$('revoke-form').addEventListener('submit', (e) => void revoke(e));
$('void-form').addEventListener('submit', (e) => void voidStanding(e));
$('reports-filter').addEventListener('submit', (e) => void showReports(e));
$('link-form').addEventListener('submit', (e) => void reportAction(e, 'link'));
$('close-form').addEventListener('submit', (e) => void reportAction(e, 'close'));
$('evidence-html').addEventListener('click', () => void openEvidence('html'));
$('evidence-json').addEventListener('click', () => void openEvidence('json'));
const saved = sessionStorage.getItem(KEY);
if (saved) void signIn(saved);
