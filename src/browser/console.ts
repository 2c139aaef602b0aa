// The legal console (/console): sign in with an API key or an identity-provider token, search
// cards, read a card's timeline, see the flagged list, revoke with confirmation, open evidence.
// It only calls the admin API; the key stays in this tab's sessionStorage.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const KEY = 'cachet.console.credential';

/** A text node, so nothing from the registry is ever parsed as HTML. */
function el(tag: string, text = '', attrs: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

async function api(path: string, init: RequestInit = {}): Promise<any> {
  const credential = sessionStorage.getItem(KEY) ?? '';
  const res = await fetch(`/api/v1/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
  });
  if (res.status === 401) signOut('Your sign-in was refused or has expired.');
  const body = res.headers.get('content-type')?.includes('json')
    ? await res.json()
    : await res.text();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

function say(text: string, tone: 'info' | 'error' = 'info') {
  const status = $('status');
  status.textContent = text;
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
    $('who').textContent = `${me.name} (${me.role}${me.boutique ? `, ${me.boutique.code}` : ''})`;
    $('sign-in').hidden = true;
    $('signed-in').hidden = false;
    $('flagged-section').hidden = !me.permissions.includes('flagged.read');
    say('');
    const { boutiques } = await api('/boutiques');
    const select = $<HTMLSelectElement>('q-boutique');
    select.replaceChildren(el('option', 'All boutiques', { value: '' }));
    for (const b of boutiques)
      select.append(el('option', `${b.code} — ${b.name}`, { value: b.code }));
    if (me.permissions.includes('flagged.read')) await showFlagged();
  } catch (error) {
    signOut((error as Error).message);
  }
}

function cardRow(card: any): HTMLElement {
  const row = el('tr', '', { 'data-serial': card.serial });
  for (const text of [
    card.serialText,
    card.issued,
    card.boutique.code,
    card.associate.displayName,
    card.status,
  ])
    row.append(el('td', text));
  row.addEventListener('click', () => void showCard(card.serial));
  row.tabIndex = 0;
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
    say(
      `${total} card${total === 1 ? '' : 's'} found${total > cards.length ? `, showing ${cards.length}` : ''}.`,
    );
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
    title.textContent = `${d.day}: ${d.scans} checks, ${d.scanners} distinct scanners`;
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
    const facts = el('dl');
    const facts_: [string, string][] = [
      ['Serial', card.serialText],
      ['Status', card.status],
      ['Issued', card.issued],
      ['Boutique', `${card.boutique.name} (${card.boutique.code})`],
      ['Associate', card.associate.displayName],
      ['Occasion', card.occasion],
      ...(card.clientRef !== undefined
        ? ([['Client reference', card.clientRef ?? '—']] as [string, string][])
        : []),
      ...(card.revocation
        ? ([
            [
              'Revoked',
              `${card.revocation.revokedAt}: ${card.revocation.reason}${card.revocation.note ? ` — ${card.revocation.note}` : ''}`,
            ],
          ] as [string, string][])
        : []),
    ];
    for (const [label, value] of facts_) facts.append(el('dt', label), el('dd', value));
    const countries = el('ul', '', { id: 'countries' });
    for (const c of scans.countries)
      countries.append(el('li', `${c.country || 'unknown'}: ${c.scans}`));
    const flags = el('ul', '', { id: 'signals' });
    for (const f of signals.flags) flags.append(el('li', f.message, { 'data-signal': f.code }));
    $('card-body').replaceChildren(
      el('h2', `Card ${card.serialText}`),
      facts,
      el('h3', `Timeline: ${scans.total} checks`),
      chart(scans.days),
      el('h3', 'Countries'),
      countries,
      el('h3', 'Signals'),
      signals.flags.length ? flags : el('p', 'None past the thresholds.'),
    );
    $('revoke-form').hidden = card.status === 'revoked';
  } catch (error) {
    say((error as Error).message, 'error');
  }
}

async function showFlagged() {
  const { cards } = await api('/flagged');
  const rows = cards.map((c: any) => {
    const row = el('tr', '', { 'data-serial': c.serial });
    for (const text of [
      c.serial,
      c.reasons.join(', '),
      String(c.peakScanners),
      String(c.countries),
      c.lastScan,
    ])
      row.append(el('td', text));
    row.addEventListener('click', () => void showCard(c.serial));
    return row;
  });
  $('flagged').replaceChildren(...rows);
}

async function revoke(event: Event) {
  event.preventDefault();
  const serial = $('card').dataset.serial!;
  const reason = $<HTMLSelectElement>('r-reason').value;
  const note = $<HTMLInputElement>('r-note').value.trim();
  if (
    !confirm(
      `Revoke card ${serial} for "${reason}"? Everyone who checks it will see it is revoked.`,
    )
  )
    return;
  try {
    await api(`/cards/${serial}/revoke`, {
      method: 'POST',
      body: JSON.stringify({ reason, ...(note && { note }) }),
    });
    say(`Card ${serial} is revoked.`);
    await showCard(serial);
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

$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  void signIn($<HTMLInputElement>('credential').value);
});
$('sign-out').addEventListener('click', () => signOut());
$('search').addEventListener('submit', (e) => void search(e));
$('revoke-form').addEventListener('submit', (e) => void revoke(e));
$('evidence-html').addEventListener('click', () => void openEvidence('html'));
$('evidence-json').addEventListener('click', () => void openEvidence('json'));
const saved = sessionStorage.getItem(KEY);
if (saved) void signIn(saved);
