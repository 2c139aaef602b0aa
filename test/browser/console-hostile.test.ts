// The staff console against hostile text, in Chromium: a public report whose "where" is one
// 500-character word keeps every column of the report list in view, on a desktop and on a phone;
// a right-to-left override in an associate's name, a report's "where" or a staff member's name is
// shown as [U+202E] and cannot reorder what is read around it ("…moc.elgoog" never reads as
// "google.com", and "(legal)" after the name stays "(legal)").
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newReportId } from '../../src/core/index.js';
import type { MintedCard } from '../../src/services/mint.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

const LONG_WORD = 'w'.repeat(500);
const EVIL_WHERE = 'https://evil.example/\u202Emoc.elgoog';

/** A report from the public, open, about `card`, seen at `where`, sent `minutesAgo`. */
function addReport(
  server: TestServer,
  card: MintedCard,
  { where, details = '', minutesAgo }: { where: string; details?: string; minutesAgo: number },
) {
  return server.store.addReport({
    id: newReportId(),
    createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    lang: 'en',
    code: card.token,
    verdict: 'authentic',
    serial: card.serial,
    place: 'online-shop',
    where,
    seenOn: null,
    details,
    contact: null,
    photo: null,
    cardSerial: card.serial,
  });
}

/**
 * The characters of `selector`'s text in the order a reader sees them: sorted by line, then from
 * left to right, as Chromium laid them out (zero-width characters, such as an override, left out).
 */
function readOnScreen(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => {
    const seen: { c: string; x: number; y: number }[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null)
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width > 0) seen.push({ c: node.data[i]!, x: box.left, y: Math.round(box.top) });
      }
    seen.sort((a, b) => a.y - b.y || a.x - b.x);
    return seen.map((s) => s.c).join('');
  });
}

describe.skipIf(!chromiumPresent)('the staff console against hostile text, in Chromium', () => {
  let legalKey: string;
  let card: MintedCard;

  useChromium({
    seed: async (server) => {
      await server.store.addBoutique({
        number: 7,
        code: 'LON-BX',
        name: 'Maison \u202Enodnol',
        city: 'London',
        country: 'GB',
      });
      await server.store.addAssociate({
        number: 103,
        boutique: 1,
        displayName: 'Anna \u202Egnp.exe',
      });
      card = await server.mint({ associate: 103 });
      // The list shows the newest first: the override's report, then the long word's.
      await addReport(server, card, { where: LONG_WORD, minutesAgo: 2 });
      await addReport(server, card, {
        where: EVIL_WHERE,
        details: 'Sold by \u202Eeno',
        minutesAgo: 1,
      });
      legalKey = await server.staffKey({ name: 'Léa \u202Eyrt', role: 'legal' });
    },
  });

  async function signIn(page: Page) {
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', legalKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#signed-in:not([hidden])');
    await page.waitForSelector('#reports tr[data-report]:nth-child(2)');
  }

  /** Where the report list's last three columns and the table end, against what holds them. */
  function reportListBoxes(page: Page) {
    return page.evaluate(() => {
      const table = document.getElementById('reports')!.closest('table')!;
      const section = table.parentElement!;
      const edge = Math.min(window.innerWidth, section.getBoundingClientRect().right);
      const headers = [...table.querySelectorAll('thead th')].slice(3);
      const cells = [...table.querySelectorAll('tbody tr')].flatMap((row) =>
        [...row.querySelectorAll('td')].slice(3),
      );
      return {
        edge,
        columns: [...headers, ...cells].map((e) => ({
          text: e.textContent!.trim(),
          right: e.getBoundingClientRect().right,
          width: e.getBoundingClientRect().width,
        })),
        table: table.scrollWidth,
        section: { scroll: section.scrollWidth, client: section.clientWidth },
        page: document.documentElement.scrollWidth,
      };
    });
  }

  it('keeps the Verdict, Card and Status columns in view beside a 500-character word', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    const wide = await reportListBoxes(page);
    expect(wide.columns.map((c) => c.text).slice(0, 3)).toEqual(['Code checked', 'Card', 'Status']);
    for (const column of wide.columns) {
      expect(column.right, column.text).toBeLessThanOrEqual(wide.edge + 0.5);
      expect(column.width, column.text).toBeGreaterThan(0);
    }
    expect(wide.table).toBeLessThanOrEqual(wide.section.client);
    expect(wide.section.scroll).toBeLessThanOrEqual(wide.section.client);
    expect(wide.page).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(ARTIFACTS, 'console-long-word.png'), fullPage: true });
    // The report itself, opened, wraps its word too.
    await page.click('#reports tr[data-report]:nth-child(2)');
    await page.waitForSelector('#report:not([hidden]) dl');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
    await page.close();

    // On a phone each row is stacked: every cell stays on the 412-pixel screen.
    const phone = await browser.newPage({ viewport: { width: 412, height: 915 } });
    await signIn(phone);
    const narrow = await reportListBoxes(phone);
    for (const column of narrow.columns.slice(3))
      expect(column.right, column.text).toBeLessThanOrEqual(412);
    expect(narrow.page).toBeLessThanOrEqual(412);
    await phone.close();
  }, 30_000);

  it('shows control characters as [U+202E], and what follows a value stays in order', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page);

    // The signed-in name: the override shown, and "(legal)" after it not turned around.
    expect(await readOnScreen(page, '#who')).toBe('Léa [U+202E]yrt (legal)');
    expect(await page.textContent('#who bdi')).toBe('Léa [U+202E]yrt');

    // The report list: the address reads as sent, never as google.com.
    const row = '#reports tr[data-report]:first-child';
    const where = `${row} td:nth-child(3)`;
    expect(await readOnScreen(page, where)).toBe(
      'online-shop: https://evil.example/[U+202E]moc.elgoog',
    );
    expect(await page.textContent(`${where} bdi`)).toBe('https://evil.example/[U+202E]moc.elgoog');
    expect(await page.$eval(where, (td) => getComputedStyle(td).unicodeBidi)).toBe('isolate');

    // The report opened: its address and its account.
    await page.click(row);
    await page.waitForSelector('#report:not([hidden]) dl');
    const report = await readOnScreen(page, '#report-body dl');
    expect(report).toContain('online-shop: https://evil.example/[U+202E]moc.elgoog');
    expect(report).toContain('Sold by [U+202E]eno');
    expect(report).not.toContain('google.com');

    // A boutique's name in the boutique lists, shown with its override.
    const boutiques = await page.$$eval('#q-boutique option', (os) =>
      os.map((o) => (o as HTMLOptionElement).text),
    );
    expect(boutiques).toContain('LON-BX — Maison [U+202E]nodnol');

    // The associate's name, in the card list and in the card opened.
    await page.fill('#q-serial', card.serialText);
    await page.click('#search button');
    const associate = `#results tr[data-serial="${card.serial}"] td:nth-child(4)`;
    await page.waitForSelector(associate);
    expect(await readOnScreen(page, associate)).toBe('Anna [U+202E]gnp.exe');
    await page.click(`#results tr[data-serial="${card.serial}"]`);
    await page.waitForSelector('#card:not([hidden]) dl');
    const facts = await readOnScreen(page, '#card-body dl');
    expect(facts).toContain('Anna [U+202E]gnp.exe');
    expect(facts).not.toContain('exe.png');
    expect(facts).toContain('Maison Demo Saint-Honoré (PAR-SH)');
    await page.screenshot({ path: join(ARTIFACTS, 'console-controls.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
