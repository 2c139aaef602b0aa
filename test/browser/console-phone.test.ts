// The staff console on a phone and in every language: on a 412-pixel screen its tables (cards,
// flagged cards, reports) stack each row, so every column shows without the page running wider
// than the screen; and it has the language switcher every other page has.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newReportId } from '../../src/core/index.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { violations } from '../helpers/axe.js';
import { daysFromToday } from '../helpers/dates.js';

describe.skipIf(!chromiumPresent)('the staff console on a phone, in five languages', () => {
  let legalKey: string;
  let serial: string;

  useChromium({
    key: { validFrom: daysFromToday(-30) },
    env: { CACHET_FLAG_SCANNERS_PER_DAY: '3', CACHET_FLAG_COUNTRIES: '2' },
    seed: async (server) => {
      const card = await server.mint({ date: daysFromToday(-2), clientRef: 'CRM-0042' });
      serial = card.serial;
      await server.mint({ date: daysFromToday(-1) });
      const minute = `${daysFromToday(0)}T09:00`;
      await server.store.recordScans(
        ['a', 'b', 'c'].map((s, i) => ({
          serial: card.serial,
          minute,
          channel: 'page' as const,
          country: i % 2 ? 'JP' : 'FR',
          scanner: s.repeat(32),
          count: 2,
        })),
      );
      await server.store.addReport({
        id: newReportId(),
        createdAt: new Date().toISOString(),
        lang: 'en',
        code: card.token,
        verdict: 'authentic',
        serial: card.serial,
        place: 'online-shop',
        where:
          'https://marketplace.example/listing/a-very-long-listing-address-that-runs-on-and-on',
        seenOn: null,
        details: '',
        contact: null,
        photo: null,
        cardSerial: card.serial,
      });
      legalKey = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
    },
  });

  async function signIn(page: Page, path = '/console') {
    await page.goto(`${server.url}${path}`);
    await page.fill('#credential', legalKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#signed-in:not([hidden])');
    await page.waitForSelector(`#flagged tr[data-serial="${serial}"]`);
    await page.waitForSelector('#reports tr[data-report]');
    await page.click('#search button');
    await page.waitForSelector('#results tr:nth-child(2)');
  }

  it('shows every column of every table within a 412-pixel screen', async () => {
    const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
    await signIn(page);
    const seen = await page.evaluate(() => {
      const tables = ['results', 'flagged', 'reports'].map((id) => {
        const body = document.getElementById(id)!;
        const headers = [...body.closest('table')!.querySelectorAll('thead th')].map((th) =>
          th.textContent!.trim(),
        );
        const cells = [...body.querySelectorAll('td')].map((td) => {
          const box = td.getBoundingClientRect();
          return {
            left: box.left,
            right: box.right,
            width: box.width,
            label: getComputedStyle(td, '::before').content,
          };
        });
        return { id, headers, rows: body.children.length, cells };
      });
      return { page: document.documentElement.scrollWidth, tables };
    });
    expect(seen.page).toBeLessThanOrEqual(412);
    for (const table of seen.tables) {
      expect(table.rows, table.id).toBeGreaterThan(0);
      expect(table.cells.length, table.id).toBe(table.rows * table.headers.length);
      table.cells.forEach((cell, i) => {
        const column = `${table.id} ${table.headers[i % table.headers.length]}`;
        // On the screen without scrolling sideways.
        expect(cell.left, column).toBeGreaterThanOrEqual(0);
        expect(cell.right, column).toBeLessThanOrEqual(412);
        expect(cell.width, column).toBeGreaterThan(0);
      });
      // Each cell labelled with its column, since a stacked row shows no header row.
      table.cells.forEach((cell, i) =>
        expect(cell.label).toBe(JSON.stringify(table.headers[i % table.headers.length])),
      );
    }
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone.png'), fullPage: true });
    // Opening a card still works on the phone, and its details fit too.
    await page.click(`#flagged tr[data-serial="${serial}"]`);
    await page.waitForSelector('#card:not([hidden]) #chart');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    await page.close();
  }, 60_000);

  it('has the language switcher, and speaks the language chosen', async () => {
    const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console`);
    const links = await page.$$eval('nav a[hreflang]', (as) =>
      as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent!.trim() })),
    );
    expect(links).toEqual([
      { href: '/console?lang=en', text: 'English' },
      { href: '/console?lang=fr', text: 'Français' },
      { href: '/console?lang=de', text: 'Deutsch' },
      { href: '/console?lang=vi', text: 'Tiếng Việt' },
      { href: '/console?lang=zh', text: '简体中文' },
    ]);
    await page.click('nav a[hreflang="fr"]');
    await page.waitForURL(/lang=fr/);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toBe('Console du personnel Cachet');
    expect(await page.getAttribute('nav a[aria-current]', 'hreflang')).toBe('fr');
    // Signed in, what the script writes is in French too; a sign-in survives a change of language.
    await page.fill('#credential', legalKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#signed-in:not([hidden])');
    await page.click('#search button');
    await page.waitForSelector('#results tr');
    expect(await page.textContent('#status')).toMatch(/^2 cartes trouvées/);
    await page.click('nav a[hreflang="de"]');
    await page.waitForURL(/lang=de/);
    await page.waitForSelector('#signed-in:not([hidden])');
    expect(await page.textContent('#search-section h2')).toBe('Suchen');
    // Accept-Language picks the language when no ?lang= is given.
    const res = await fetch(`${server.url}/console`, { headers: { 'accept-language': 'zh-CN' } });
    expect(res.headers.get('content-language')).toBe('zh-Hans');
    expect(await res.text()).toContain('<html lang="zh-Hans">');
    expect(errors).toEqual([]);
    await page.close();
    // The switcher passes axe's WCAG A and AA rules (axe needs the page's CSP lifted to run).
    const checked = await browser.newPage({
      viewport: { width: 412, height: 915 },
      bypassCSP: true,
    });
    await checked.goto(`${server.url}/console?lang=vi`);
    expect(await violations(checked)).toEqual([]);
    await checked.close();
  }, 60_000);
});
