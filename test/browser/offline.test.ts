// The offline verifier in Chromium: the start page installs its service worker, which keeps the
// app, the brand's trust bundle, JWK Set and revocation list (and a card's log proof once asked
// for); then, with the server stopped and the network switched off, a scanned link, a pasted
// link and a card URL are all checked on the device: authentic, revoked with its reason, forged.
// Once with the browser's WebCrypto Ed25519, once with it removed (the page falls back to
// @noble/ed25519). Screenshots go to test-artifacts/browser/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPresent, launchChromium } from '../helpers/chromium.js';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { LANGUAGES, messagesFor } from '../../src/app/i18n/index.js';
import { BRAND_HOST, CARD_LINKS, expectedWord } from '../helpers/card-links.js';
import { renderQr } from '../../src/node/render-qr.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { daysFromToday } from '../helpers/dates.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');

/** Takes Ed25519 out of WebCrypto, as in browsers that never had it. */
const WITHOUT_ED25519 = `(() => {
  const subtle = crypto.subtle;
  const named = (alg) => String(typeof alg === 'string' ? alg : alg && alg.name).toLowerCase();
  for (const [method, at] of [['importKey', 2], ['verify', 0], ['sign', 0], ['generateKey', 0]]) {
    const original = subtle[method].bind(subtle);
    subtle[method] = (...args) =>
      named(args[at]) === 'ed25519'
        ? Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError'))
        : original(...args);
  }
})();`;

describe.skipIf(!chromiumPresent)('checking a card offline in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let card: MintedCard;
  let revoked: MintedCard;
  const devices: { name: string; context: BrowserContext; page: Page }[] = [];

  /** A phone that visited the start page once, online: its service worker holds everything. */
  async function visitOnce(name: string, withoutEd25519: boolean) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
    });
    if (withoutEd25519) await context.addInitScript(WITHOUT_ED25519);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 30_000,
    });
    await page.waitForFunction(
      async () => {
        const cache = await caches.open('cachet-offline-v1');
        const kept = await Promise.all(
          [
            '/.well-known/cachet/trust.jws',
            '/.well-known/cachet/revocations',
            '/.well-known/jwks.json',
            '/offline.js',
            '/offline?lang=en',
          ].map((path) => cache.match(path)),
        );
        return kept.every(Boolean);
      },
      null,
      { timeout: 30_000, polling: 200 },
    );
    // The genuine card's log proof, asked for while online (as the offline page does), is kept.
    await page.waitForFunction(
      async (digits) => (await fetch(`/api/v1/proof/${digits}`)).ok,
      card.token,
      { timeout: 30_000, polling: 300 },
    );
    devices.push({ name, context, page });
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer(
      { validFrom: '2020-01-01' },
      { CACHET_LOG_INTERVAL_MS: '100', CACHET_VERIFY_HOSTS: BRAND_HOST },
    );
    card = await server.mint({ date: daysFromToday(-16), occasion: 'wedding' });
    revoked = await server.mint({ date: daysFromToday(-15) });
    await server.store.revokeCard(revoked.serial, { reason: 'lost-or-stolen' }, new Date());
    browser = await launchChromium();
    await visitOnce('webcrypto', false);
    await visitOnce('noble', true);
    // No server, no network.
    await server.close();
    for (const device of devices) await device.context.setOffline(true);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  const verdictOf = async (page: Page) => {
    await page.waitForSelector('#offline-word[data-word]', { timeout: 20_000 });
    return page.evaluate(() => {
      const $ = (id: string) => document.getElementById(id);
      return {
        word: $('offline-word')?.dataset.word,
        status: $('offline-word')?.textContent,
        freshness: $('offline-freshness')?.textContent ?? '',
        engine: $('offline-engine')?.dataset.engine,
        reason: $('offline-reason')?.dataset.reason ?? null,
        log: $('offline-log')?.textContent ?? null,
        role: $('offline-verdict')?.getAttribute('role'),
      };
    });
  };

  for (const engine of ['webcrypto', 'noble'] as const) {
    describe(`with ${engine === 'webcrypto' ? 'WebCrypto Ed25519' : 'WebCrypto Ed25519 removed'}`, () => {
      const device = () => devices.find((d) => d.name === engine)!;

      it('says authentic for the genuine card, checked on this device, with its log entry', async () => {
        const { page } = device();
        await page.goto(card.url);
        const v = await verdictOf(page);
        expect(v.word).toBe('authentic');
        expect(v.status).toBe('Genuine code');
        expect(v.role).toBe('status');
        expect(v.engine).toBe(engine);
        expect(v.freshness).toMatch(
          /^Checked on this device, without the network\. Revocations known as of \d{4}-\d\d-\d\d \d\d:\d\d UTC \((now|\d+ seconds? ago|\d+ minutes? ago)\)\.$/,
        );
        expect(v.log).toMatch(/^Publicly logged on \d{4}-\d\d-\d\d, entry \d+/);
        await page.screenshot({ path: join(ARTIFACTS, `offline-authentic-${engine}.png`) });
      });

      it('says revoked, with the reason, for the revoked card', async () => {
        const { page } = device();
        await page.goto(revoked.url);
        const v = await verdictOf(page);
        expect(v.word).toBe('revoked');
        expect(v.reason).toBe('lost-or-stolen');
        expect(await page.textContent('#offline-details')).toContain('Reported lost or stolen');
        await page.screenshot({ path: join(ARTIFACTS, `offline-revoked-${engine}.png`) });
      });

      it('says forged for a card whose digits were changed, and look-alike for another host', async () => {
        const { page } = device();
        const digits = card.token;
        const changed = `${digits.slice(0, 150)}${digits[150] === '1' ? '2' : '1'}${digits.slice(151)}`;
        await page.goto(`${new URL(card.url).origin}/c/${changed}`);
        expect((await verdictOf(page)).word).toBe('forged');
        await page.goto(
          `${new URL(card.url).origin}/offline?q=${encodeURIComponent(`https://verify.example.net/c/${digits}`)}`,
        );
        await page.waitForSelector('#offline-verdict[data-status]');
        expect(await page.textContent('#offline-word')).toBe('Look-alike address');
      });

      it('checks a link pasted into the start page, which opens from the cache', async () => {
        const { page } = device();
        await page.goto(`${new URL(card.url).origin}/`);
        await page.fill('#q', card.url);
        await page.click('#paste-form button[type="submit"]');
        const v = await verdictOf(page);
        expect(v.word).toBe('authentic');
      });
    });
  }

  it('reads a photo of the card with the cached wasm reader and checks its code on the device', async () => {
    const { page } = devices[0]!;
    const photo = join(tempDir('cachet-offline-photo-'), 'card.png');
    writeFileSync(photo, (await renderQr(revoked.url, { scale: 6 })).png);
    await page.goto(`${new URL(card.url).origin}/`);
    await page.setInputFiles('#image-file', photo);
    const v = await verdictOf(page);
    expect(v.word).toBe('revoked');
    expect(v.reason).toBe('lost-or-stolen');
  });

  // The same table the server, the CLI and cachet/verify run (test/trust/card-links.test.ts).
  it('reads every card link of the shared table as the server does', async () => {
    const { page } = devices[0]!;
    const origin = new URL(card.url).origin;
    const seen: { name: string; word: string | undefined; meaning: string }[] = [];
    for (const row of CARD_LINKS) {
      await page.goto(`${origin}/offline?lang=en&q=${encodeURIComponent(row.text(card.token))}`);
      await page.waitForSelector('#offline-word[data-word]', { timeout: 20_000 });
      seen.push({
        name: row.name,
        word: (await page.getAttribute('#offline-word', 'data-word')) ?? undefined,
        meaning: (await page.textContent('#offline-meaning')) ?? '',
      });
    }
    expect(seen.map(({ name, word }) => ({ name, word }))).toEqual(
      CARD_LINKS.map((row) => ({ name: row.name, word: expectedWord(row) })),
    );
    CARD_LINKS.forEach((row, i) => {
      if (row.leadsTo) expect(seen[i]!.meaning, row.name).toContain(row.leadsTo);
    });
  }, 120_000);

  // Opened from the home screen, with no card: what to do, what it checks, how fresh its data is.
  for (const lang of LANGUAGES) {
    it(`opened with no code, says what to do and how fresh its keys are (${lang})`, async () => {
      const { page } = devices[0]!;
      const o = messagesFor(lang).offline;
      await page.goto(`${new URL(card.url).origin}/offline?lang=${lang}`);
      await page.waitForSelector('#offline-start:not([hidden])', { timeout: 20_000 });
      // No empty verdict box, no empty freshness line: the guidance instead.
      expect(await page.isVisible('#offline-verdict')).toBe(false);
      expect(await page.isVisible('#offline-freshness')).toBe(false);
      expect(await page.textContent('h1')).toBe(o.startHeading);
      const start = (await page.textContent('#offline-start'))!;
      expect(start).toContain(o.startHow);
      expect(start).toContain(o.startChecks);
      expect(await page.isVisible('#offline-q')).toBe(true);
      expect(await page.getAttribute('#offline-scan', 'href')).toBe(`/?lang=${lang}`);
      const freshness = (await page.textContent('#offline-start-freshness'))!;
      // "Revocations known as of YYYY-MM-DD HH:MM UTC (…). The keys … until YYYY-MM-DD HH:MM UTC."
      const [before] = o.revocationsAsOf.split('{date}');
      expect(freshness.startsWith(before!), freshness).toBe(true);
      expect(freshness).toMatch(
        /\d{4}-\d\d-\d\d \d\d:\d\d UTC[\s\S]*\d{4}-\d\d-\d\d \d\d:\d\d UTC/,
      );
      expect(freshness).toContain(o.trustUntil.split('{date}')[0]!);
      await page.screenshot({ path: join(ARTIFACTS, `offline-start-${lang}.png`) });
    });
  }

  it('checks a link pasted on the page opened with no code, still offline', async () => {
    const { page } = devices[0]!;
    await page.goto(`${new URL(card.url).origin}/offline?lang=en`);
    await page.waitForSelector('#offline-start:not([hidden])');
    await page.fill('#offline-q', card.url);
    await page.click('#offline-paste button[type="submit"]');
    expect((await verdictOf(page)).word).toBe('authentic');
  });

  it('speaks the language of the page it replaces', async () => {
    const { page } = devices[0]!;
    await page.goto(`${new URL(revoked.url).origin}/verify?q=${revoked.token}&lang=fr`);
    await page.waitForSelector('#offline-word[data-word]');
    expect(await page.textContent('#offline-freshness')).toMatch(
      /^Vérifié sur cet appareil, sans le réseau\./,
    );
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
  });
});
