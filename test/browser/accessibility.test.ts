// WCAG 2.2 AA in Chromium: axe-core's rules for levels A and AA (2.0, 2.1, 2.2) on the start page,
// every verdict page, a look-alike, the serial page, the trust page, the offline verifier, the
// report form, the console's sign-in and the evidence report. A violation is listed with its rule and elements.
import { describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { violations } from '../helpers/axe.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { browser, server, useChromium } from '../helpers/browser.js';
import { daysFromToday } from '../helpers/dates.js';

describe.skipIf(!chromiumPresent)('accessibility (axe-core, WCAG 2.2 AA)', () => {
  let card: MintedCard;
  let revoked: MintedCard;
  let legalKey: string;

  useChromium({
    seed: async (server) => {
      card = await server.mint({ date: daysFromToday(-16), occasion: 'wedding' });
      revoked = await server.mint({});
      await server.store.revokeCard(revoked.serial, { reason: 'counterfeit' }, new Date());
      legalKey = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
    },
  });

  /** A phone-sized page; axe is injected, so the pages' own CSP is set aside for it. */
  async function check(path: string, headers: Record<string, string> = {}) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
      extraHTTPHeaders: headers,
    });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).toBeLessThan(500);
    const found = await violations(page);
    await context.close();
    return found;
  }

  const forged = () =>
    `${card.token.slice(0, 150)}${card.token[150] === '1' ? '2' : '1'}${card.token.slice(151)}`;
  const pages: [string, () => string][] = [
    ['the start page', () => '/'],
    ['an authentic card', () => `/c/${card.token}`],
    ['a revoked card', () => `/c/${revoked.token}`],
    ['a forged card', () => `/c/${forged()}`],
    ['a malformed code', () => '/c/12345'],
    [
      'a look-alike',
      () => `/verify?q=${encodeURIComponent(`https://evil.example/c/${card.token}`)}`,
    ],
    ['the serial page', () => `/serial?s=${card.serialText}`],
    ['the trust page', () => '/trust'],
    ['the offline verifier', () => `/offline?q=${card.token}`],
    ['the offline verifier with no code', () => '/offline'],
    ['the console sign-in', () => '/console'],
    ['the report form', () => `/report?q=${card.token}`],
    ['a report sent', () => '/report/sent/R-0000-0000-0000'],
    ['a page in Chinese', () => `/c/${card.token}?lang=zh`],
  ];
  for (const [name, path] of pages) {
    it(`finds no violation on ${name}`, async () => {
      expect(await check(path())).toEqual([]);
    });
  }

  it('announces each verdict to screen readers: one status region, its title and its word', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cases: [string, string, string][] = [
      [`/c/${card.token}`, 'Genuine code', 'authentic'],
      [`/c/${revoked.token}`, 'Revoked card', 'revoked'],
      [`/c/${forged()}`, 'Forged code', 'forged'],
      ['/c/12345', 'Not a card code', 'malformed'],
      [
        `/verify?q=${encodeURIComponent(`https://evil.example/c/${card.token}`)}`,
        'Look-alike address',
        'look-alike',
      ],
    ];
    for (const [path, title, word] of cases) {
      await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=en`);
      // What a screen reader finds by role, as the accessibility tree gives it.
      const status = page.getByRole('status');
      expect(await status.count(), path).toBe(1);
      const tree = await status.ariaSnapshot();
      expect(tree, path).toContain(`heading "${title}" [level=1]`);
      expect(tree, path).toContain(word);
    }
    await context.close();
  });

  it('finds no violation on a cited check', async () => {
    const made = await fetch(`${server.url}/cite`, {
      method: 'POST',
      body: new URLSearchParams({ t: revoked.token }),
      redirect: 'manual',
    });
    expect(await check(made.headers.get('location')!)).toEqual([]);
  });

  it('finds no violation on the evidence report', async () => {
    const path = `/api/v1/admin/cards/${card.serial}/evidence?format=html`;
    expect(await check(path, { authorization: `Bearer ${legalKey}` })).toEqual([]);
  });

  it('reads at 200 % zoom with nothing cut off sideways (a 195-pixel-wide CSS viewport)', async () => {
    // 200 % zoom on a 390-pixel phone leaves 195 CSS pixels: the same layout as this window.
    const context = await browser.newContext({
      viewport: { width: 195, height: 422 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    const overflowing: string[] = [];
    const paths = ['/', `/c/${card.token}`, `/c/${revoked.token}`, '/trust', '/console'];
    for (const path of [...paths, `/report?q=${card.token}`]) {
      await page.goto(`${server.url}${path}`);
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (wide > 0) overflowing.push(`${path}: ${wide}px too wide`);
    }
    await context.close();
    expect(overflowing).toEqual([]);
  });

  it('lets legal sign in to the console, search and open a card with the keyboard alone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    // Tab to the key field, type, Enter; then Tab to the search field, type, Enter.
    for (
      let i = 0;
      i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'credential'));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('credential');
    await page.keyboard.type(legalKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#signed-in:not([hidden])');
    const tabTo = async (test: string) => {
      for (let i = 0; i < 40; i++) {
        if (await page.evaluate(test)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${test}`);
    };
    await tabTo(`document.activeElement?.id === 'q-serial'`);
    await page.keyboard.type(card.serialText.slice(0, 6));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#results tr[data-serial="${card.serial}"]`);
    await tabTo(`document.activeElement?.dataset?.serial === '${card.serial}'`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#card:not([hidden])');
    expect(await page.textContent('#card-body')).toContain(card.serialText);
    await context.close();
  });
});
