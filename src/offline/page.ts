// The offline verifier (/offline, bundled into /offline.js): what the service worker shows for a
// card when the network is gone. It checks the card on this device against the trust bundle,
// revocation list and JWK Set the service worker saved, and a log proof when one was saved, with
// WebCrypto Ed25519 or, where the browser lacks it, @noble/ed25519 under the same strict rules.
import {
  CachetError,
  dayToDate,
  describeAge,
  formatSerial,
  hasWebCryptoEd25519,
  importKeyring,
  isCachetError,
  loadTrust,
  occasionName,
  readCodeTargetFor,
  verifyCard,
} from '../verify/index.js';
import type { OfflineStrings } from '../core/offline-strings.js';

const TRUST = {
  bundle: '/.well-known/cachet/trust.jws',
  list: '/.well-known/cachet/revocations',
  jwks: '/.well-known/jwks.json',
};

const byId = (id: string) => document.getElementById(id)!;

/** The code the page is about: ?q= (a paste, a scan), or the /c/ path of a card link. */
function codeOnPage(): string {
  const q = new URLSearchParams(location.search).get('q');
  if (q) return q;
  const match = /^\/c\/([^/]+)\/?$/i.exec(location.pathname);
  return match ? `${location.origin}/c/${match[1]}` : '';
}

async function get(path: string): Promise<Response> {
  const response = await fetch(path);
  if (!response.ok) throw new CachetError('ERR_NOT_FOUND', `${path}: ${response.status}`);
  return response;
}

function line(dl: HTMLElement, term: string, value: string, id?: string) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (id) dd.id = id;
  dl.append(dt, dd);
}

function show(kind: 'good' | 'warn' | 'bad', word: string, meaning: string) {
  const box = byId('offline-verdict');
  box.className = `verdict ${kind}`;
  box.hidden = false;
  box.dataset.status = word;
  byId('offline-word').textContent = word;
  byId('offline-meaning').textContent = meaning;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/** "As of 2026-12-06 09:30 UTC (3 hours ago)." for the saved revocation list. */
function revocationsAge(strings: OfflineStrings, generatedAt: number, now: Date): string {
  return fill(strings.revocationsAsOf, {
    date: utc(new Date(generatedAt * 1000)),
    age: relativeAge(now.getTime() / 1000 - generatedAt),
  });
}

const utc = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/**
 * The page opened with no code (from the home screen, or by hand): what to do, what this device
 * can check without the network, and how fresh what it saved is. No verdict box.
 */
function showStart(strings: OfflineStrings, freshness: string) {
  byId('offline-verdict').hidden = true;
  byId('offline-freshness').hidden = true;
  byId('offline-heading').textContent = strings.startHeading;
  byId('offline-start').hidden = false;
  byId('offline-start-freshness').textContent = freshness;
}

/** Why the saved trust cannot be used: the box's kind, its word and its detail. */
function trustProblem(strings: OfflineStrings, error: unknown): ['warn' | 'bad', string, string] {
  if (isCachetError(error, 'ERR_TRUST_STALE')) return ['warn', strings.staleTrust, error.message];
  if (isCachetError(error, 'ERR_TRUST_INVALID')) return ['bad', strings.badTrust, error.message];
  return ['warn', strings.noTrust, ''];
}

async function main(strings: OfflineStrings) {
  const text = codeOnPage();
  const now = new Date();
  let trust;
  try {
    const [bundle, list, jwks] = await Promise.all([
      get(TRUST.bundle).then((r) => r.text()),
      get(TRUST.list).then(async (r) => new Uint8Array(await r.arrayBuffer())),
      get(TRUST.jwks).then((r) => r.json() as Promise<unknown>),
    ]);
    trust = await loadTrust(bundle, list, { now, trusted: await importKeyring(jwks) });
  } catch (error) {
    const [kind, word, detail] = trustProblem(strings, error);
    if (!text) return showStart(strings, word);
    return show(kind, word, detail);
  }
  if (!text) {
    const until = fill(strings.trustUntil, { date: utc(new Date(trust.bundle.exp * 1000)) });
    return showStart(
      strings,
      `${revocationsAge(strings, trust.revocations.generatedAt, now)} ${until}`,
    );
  }
  // The server's rule for a link: a look-alike is said to be one, and nothing is fetched for it.
  const target = readCodeTargetFor(text, trust.bundle);
  // A proof this device saved while online: checked against the log key the bundle names.
  const logProof =
    target.kind === 'token'
      ? await fetch(`/api/v1/proof/${encodeURIComponent(target.digits)}`)
          .then((r) => (r.ok ? r.text() : undefined))
          .catch(() => undefined)
      : undefined;
  const verdict = await verifyCard(text, { ...trust, now, logProof });
  if (verdict.status === 'look-alike') {
    show('bad', strings.lookAlike, fill(strings.lookAlikeMeaning, { host: verdict.leadsTo ?? '' }));
    byId('offline-word').dataset.word = verdict.status;
    return;
  }
  const kind = verdict.status === 'authentic' ? (verdict.warnings.length ? 'warn' : 'good') : 'bad';
  show(kind, strings.status[verdict.status], strings.meaning[verdict.status]);
  byId('offline-word').dataset.word = verdict.status;

  const dl = byId('offline-details');
  dl.hidden = false;
  const claims = verdict.claims;
  if (claims) {
    line(dl, strings.fields.boutique, `#${claims.boutique}`);
    line(dl, strings.fields.associate, `#${claims.associate}`);
    line(dl, strings.fields.issued, dayToDate(claims.issued));
    const occasion = occasionName(claims.occasion) ?? '';
    line(dl, strings.fields.occasion, strings.occasions[occasion] ?? occasion);
    line(dl, strings.fields.serial, formatSerial(claims.serial));
  }
  if (verdict.revocation) {
    const reason = strings.reasons[verdict.revocation.reason] ?? verdict.revocation.reason;
    line(dl, strings.fields.reason, reason, 'offline-reason');
    byId('offline-reason').dataset.reason = verdict.revocation.reason;
  } else if (verdict.reason) line(dl, strings.fields.reason, verdict.reason.message);
  if (verdict.log.status === 'included') {
    const when = new Date(verdict.log.loggedAt * 1000).toISOString().slice(0, 10);
    line(
      dl,
      strings.fields.log,
      fill(strings.logged, { date: when, index: String(verdict.log.index) }),
      'offline-log',
    );
  } else if (verdict.log.status === 'invalid') {
    line(dl, strings.fields.log, `${strings.notLogged} (${verdict.log.message})`, 'offline-log');
  }
  const engine = (await hasWebCryptoEd25519()) ? 'webcrypto' : 'noble';
  line(
    dl,
    strings.fields.engine,
    engine === 'webcrypto' ? strings.engineWebCrypto : strings.engineFallback,
    'offline-engine',
  );
  byId('offline-engine').dataset.engine = engine;
  for (const warning of verdict.warnings) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = strings.warnings[warning] ?? warning;
    byId('offline-warnings').append(p);
  }

  const freshness = byId('offline-freshness');
  freshness.textContent = `${strings.checkedHere} ${revocationsAge(
    strings,
    trust.revocations.generatedAt,
    now,
  )}`;
  freshness.dataset.generatedAt = String(trust.revocations.generatedAt);
}

/** "3 hours ago" in the page's language. */
function relativeAge(seconds: number): string {
  const words = describeAge(seconds).split(' ');
  const unit = words[1]!.replace(/s$/, '') as Intl.RelativeTimeFormatUnit;
  return new Intl.RelativeTimeFormat(document.documentElement.lang, { numeric: 'auto' }).format(
    -Number(words[0]),
    unit,
  );
}

const strings = JSON.parse(byId('offline-strings').textContent!) as OfflineStrings;
main(strings).catch((error: unknown) => {
  show('bad', strings.badTrust, error instanceof Error ? error.message : String(error));
});
