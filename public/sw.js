// Cachet's service worker: keeps what checking a card without the network needs, and shows the
// offline verifier (/offline) when the network is gone. Online, every request goes to the
// network first, so nothing here can hold back a revocation; only a failed fetch is answered
// from the cache. Nothing a visitor types or scans is stored, except a card's public log proof
// when the offline page asked for it.
'use strict';

const CACHE = 'cachet-offline-v1';
const LANGUAGES = ['en', 'fr', 'de', 'vi', 'zh'];
/** The app shell: the start page, the offline verifier in every language, their scripts. */
const SHELL = [
  '/',
  '/scan.js',
  '/offline.js',
  '/vendor/zxing-reader.js',
  '/vendor/zxing_reader.wasm',
  '/manifest.webmanifest',
  '/icon.svg',
  ...LANGUAGES.map((lang) => `/offline?lang=${lang}`),
];
/** The brand's trust: refreshed whenever the device is online, at most once a minute. */
const TRUST = [
  '/.well-known/cachet/trust.jws',
  '/.well-known/cachet/revocations',
  '/.well-known/jwks.json',
  '/log/checkpoint',
];
const REFRESH_MS = 60_000;
let refreshedAt = 0;

async function saveAll(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (response.ok) await cache.put(url, response);
      } catch {
        // Offline, or a part this server does not have (no log): the rest is still kept.
      }
    }),
  );
}

function refreshTrust() {
  if (Date.now() - refreshedAt < REFRESH_MS) return Promise.resolve();
  refreshedAt = Date.now();
  return saveAll(TRUST);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([saveAll(SHELL), saveAll(TRUST)]).then(() => {
      refreshedAt = Date.now();
      return self.skipWaiting();
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** The language to answer in: the request's ?lang=, then its Accept-Language, then English. */
function languageOf(url, request, form) {
  const asked = (form?.get('lang') ?? url.searchParams.get('lang') ?? '').toLowerCase();
  if (LANGUAGES.includes(asked)) return asked;
  for (const entry of (request.headers.get('accept-language') ?? '').split(',')) {
    const tag = entry.split(';')[0].trim().toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(tag)) return tag;
  }
  return 'en';
}

async function offlinePage(lang) {
  const cache = await caches.open(CACHE);
  return (await cache.match(`/offline?lang=${lang}`)) ?? Response.error();
}

/** Where a card check goes without the network: the offline verifier, with the code in ?q=. */
async function offlineNavigation(request, url) {
  if (request.method === 'POST' && url.pathname === '/verify') {
    const form = await request.formData().catch(() => null);
    const code = form?.get('q');
    const lang = languageOf(url, request, form);
    const target = `/offline?lang=${lang}${code ? `&q=${encodeURIComponent(code)}` : ''}`;
    return Response.redirect(target, 303);
  }
  const lang = languageOf(url, request, null);
  if (/^\/c\//i.test(url.pathname) || url.pathname === '/verify' || url.pathname === '/offline') {
    return offlinePage(lang);
  }
  const cache = await caches.open(CACHE);
  if (url.pathname === '/')
    return (await cache.match('/', { ignoreSearch: true })) ?? offlinePage(lang);
  return (await cache.match(request)) ?? offlinePage(lang);
}

async function networkFirst(request, keep) {
  try {
    const response = await fetch(request);
    if (keep && response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    const forOffline = request.clone();
    event.respondWith(
      fetch(request).then(
        (response) => {
          event.waitUntil(refreshTrust());
          return response;
        },
        () => offlineNavigation(forOffline, url),
      ),
    );
    return;
  }
  if (request.method !== 'GET') return;
  const path = url.pathname;
  if (TRUST.includes(path)) {
    event.respondWith(networkFirst(request, true));
  } else if (path.startsWith('/api/v1/proof/')) {
    // A card's log proof, public and unchanging once made: kept for checks made offline later.
    event.respondWith(networkFirst(request, true));
  } else if (SHELL.includes(path) || path === '/offline') {
    event.respondWith(networkFirst(request, false));
  }
});
