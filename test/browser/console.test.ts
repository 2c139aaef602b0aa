// The staff console in a real browser (Debian's Chromium through playwright-core): legal signs in
// with an API key, searches, opens a card's timeline, sees the flagged list, revokes with
// confirmation; an associate mints a card and downloads its print files.
// Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { daysFromToday } from '../helpers/dates.js';
import { describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { qrText } from '../../src/print/qr.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

describe.skipIf(!chromiumPresent)('the staff console in Chromium', () => {
  let card: MintedCard;
  let legalKey: string;

  useChromium({
    // Low thresholds, so that three phones in two countries flag the card.
    env: {
      CACHET_FLAG_SCANNERS_PER_DAY: '3',
      CACHET_FLAG_COUNTRIES: '2',
    },
    seed: async (server) => {
      card = await server.mint({ date: daysFromToday(-16), clientRef: 'CRM-0042' });
      await server.mint({ date: daysFromToday(-15) });
      // Checks from three phones and two countries, written over two days.
      await server.store.recordScans([
        {
          serial: card.serial,
          minute: `${daysFromToday(-15)}T09:00`,
          channel: 'page',
          country: 'FR',
          scanner: 'a'.repeat(32),
          count: 4,
        },
        {
          serial: card.serial,
          minute: `${daysFromToday(-14)}T10:00`,
          channel: 'page',
          country: 'JP',
          scanner: 'b'.repeat(32),
          count: 7,
        },
        {
          serial: card.serial,
          minute: `${daysFromToday(-14)}T11:00`,
          channel: 'image',
          country: 'JP',
          scanner: 'c'.repeat(32),
          count: 2,
        },
        {
          serial: card.serial,
          minute: `${daysFromToday(-14)}T11:30`,
          channel: 'api',
          country: 'FR',
          scanner: 'd'.repeat(32),
          count: 1,
        },
      ]);
      legalKey = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
    },
  });

  it('signs in, searches, shows the timeline and the flagged list, and revokes after confirming', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', 'cachet_sk_wrong');
    await page.click('#sign-in button');
    await page.waitForSelector('#status[data-tone=error]');
    expect(await page.textContent('#status')).toContain('unknown or was disabled');

    await page.fill('#credential', legalKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#signed-in:not([hidden])');
    expect(await page.textContent('#who')).toBe('Léa Legal (legal)');
    await page.waitForSelector(`#flagged tr[data-serial="${card.serial}"]`);
    expect(await page.textContent(`#flagged tr[data-serial="${card.serial}"]`)).toContain(
      'scanners-per-day, countries',
    );

    await page.fill('#q-serial', card.serialText.slice(0, 6));
    await page.click('#search button');
    await page.click(`#results tr[data-serial="${card.serial}"]`);
    await page.waitForSelector('#card:not([hidden]) #chart rect');
    expect(await page.locator('#chart rect').count()).toBe(2); // two days with checks
    const body = await page.textContent('#card-body');
    for (const text of ['Timeline: 14 checks', 'CRM-0042', 'JP: 9', 'FR: 5'])
      expect(body).toContain(text);
    expect(await page.locator('#signals [data-signal]').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'console-card.png'), fullPage: true });

    // Revoking asks first: dismissing changes nothing, accepting revokes.
    await page.selectOption('#r-reason', 'counterfeit');
    await page.fill('#r-note', 'Seen on a marketplace, case 12');
    page.once('dialog', (d) => void d.dismiss());
    await page.click('#revoke-form button');
    expect((await (await server.get(`/api/v1/verify/${card.token}`)).json()) as any).toMatchObject({
      status: 'authentic',
    });
    page.once('dialog', (d) => {
      expect(d.message()).toContain('Revoke card');
      void d.accept();
    });
    await page.click('#revoke-form button');
    await page.waitForSelector('#revoke-form[hidden]', { state: 'attached' });
    expect(await page.textContent('#card-body')).toContain(
      'counterfeit — Seen on a marketplace, case 12',
    );
    expect((await (await server.get(`/api/v1/verify/${card.token}`)).json()) as any).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'counterfeit' },
    });

    const download = page.waitForEvent('download');
    await page.click('#evidence-html');
    const report = await (await download).path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(report!, 'utf8')).toContain(`Evidence: card ${card.serialText}`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-revoked.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits the sign-in on a phone: styled, nothing wider than a 412-pixel screen', async () => {
    const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
    await page.goto(`${server.url}/console`);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      field: document.querySelector('#credential')!.getBoundingClientRect().right,
      button: document.querySelector('#sign-in button')!.getBoundingClientRect().height,
      font: getComputedStyle(document.body).fontFamily,
    }));
    expect(widths.page).toBeLessThanOrEqual(412);
    expect(widths.field).toBeLessThanOrEqual(412);
    expect(widths.button).toBeGreaterThanOrEqual(24); // WCAG 2.2 target size
    expect(widths.font).toContain('system-ui');
    await page.screenshot({ path: join(ARTIFACTS, 'console-sign-in-phone.png'), fullPage: true });
    await page.close();
  });

  it('lets an associate mint a card for their boutique and download its print files', async () => {
    const associateKey = await server.staffKey({
      name: 'Camille',
      role: 'associate',
      boutique: 'PAR-SH',
    });
    const cards = () =>
      (server.store.db.prepare('SELECT count(*) AS n FROM cards').get() as { n: number }).n;
    const before = cards();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', associateKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#mint-section:not([hidden])');
    // An associate mints; searching and the flagged list are not theirs.
    expect(await page.isHidden('#search-section')).toBe(true);
    expect(await page.isHidden('#flagged-section')).toBe(true);
    expect(await page.locator('#m-boutique option').allTextContents()).toEqual([
      expect.stringMatching(/^PAR-SH/),
    ]);

    await page.fill('#m-associate', '101');
    await page.selectOption('#m-occasion', 'birthday');
    await page.fill('#m-client-ref', 'CRM-77');
    // A double click sends the same request twice: one card.
    await page.dblclick('#mint-form button');
    await page.waitForSelector('#minted:not([hidden])');
    await page.waitForFunction(() => {
      const img = document.getElementById('m-preview') as HTMLImageElement;
      return img.complete && img.naturalWidth > 0;
    });
    const serialText = (await page.textContent('#m-serial'))!;
    const url = (await page.textContent('#m-url'))!;
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '') !== '');
    expect(cards()).toBe(before + 1);
    expect(
      (await (await server.get(`/api/v1/verify/${/\/c\/(\d+)/.exec(url)![1]}`)).json()) as any,
    ).toMatchObject({ status: 'authentic', card: { serialText, occasion: 'birthday' } });

    const download = page.waitForEvent('download');
    await page.click('#minted button[data-format=pdf]');
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${serialText}.insert.pdf`);
    const { readFileSync } = await import('node:fs');
    const [pdfPage] = pdfPages(readFileSync((await file.path())!));
    expect(await decodeQr(pdfPage!)).toEqual([qrText(url)]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-mint.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
