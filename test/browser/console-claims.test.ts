// A card's claims in the staff console, in Chromium: legal opens a card claimed, released and
// claimed again with its transfer code, reads its claim history (numbers, dates, slip or
// transfer, status, the public name as text), and voids the standing claim with a reason after
// confirming; the boutique's manager reads the history but is offered no void; in French too;
// axe finds no violation in the card view with its claims.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { violations } from '../helpers/axe.js';
import { mintWithSlip } from '../helpers/claim-slip.js';

describe.skipIf(!chromiumPresent)("a card's claims in the staff console", () => {
  let card: { serial: string; token: string; code: string };
  const keys: Record<string, string> = {};

  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<any>);

  useChromium({
    seed: async (server) => {
      keys.legal = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
      keys.manager = await server.staffKey({
        name: 'Paris manager',
        role: 'manager',
        boutique: 'PAR-SH',
      });
      card = await mintWithSlip(server);
    },
  });

  async function openCard(key: string, lang = 'en') {
    // axe is injected into the page, past its CSP.
    const page = await browser.newPage({ bypassCSP: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console?lang=${lang}`);
    await page.fill('#credential', key);
    await page.click('#sign-in button');
    await page.waitForSelector('#signed-in:not([hidden])');
    await page.fill('#q-serial', card.serial);
    await page.click('#search button');
    await page.click(`#results tr[data-serial="${card.serial}"]`);
    await page.waitForSelector('#claims-part:not([hidden]) #claims tr');
    return { page, errors };
  }

  it('shows the history to legal and voids the standing claim with a reason, after confirming', async () => {
    const first = await post('/api/v1/claim', { code: card.code, handle: 'Ines' });
    const { transferCode } = await post('/api/v1/claim/release', {
      holderSecret: first.holderSecret,
    });
    await post('/api/v1/claim', { code: transferCode, handle: '<b>Mallory</b>', showPhoto: true });

    const { page, errors } = await openCard(keys.legal!);
    const today = new Date().toISOString().slice(0, 10);
    const rowText = (n: number) => page.textContent(`#claims tr[data-claim="${n}"]`);
    expect(await page.getAttribute('#claims tr[data-claim="2"]', 'data-status')).toBe('standing');
    expect(await rowText(2)).toContain(`${today} with a transfer code`);
    expect(await rowText(2)).toContain('name: <b>Mallory</b>');
    expect(await page.locator('#claims b').count()).toBe(0); // a name is text, never markup
    expect(await rowText(1)).toContain(`${today} with the slip`);
    expect(await rowText(1)).toContain(`released ${today}`);
    expect(await rowText(1)).toContain('name: Ines');

    // The void needs a reason: an empty one sends nothing.
    await page.waitForSelector('#void-form:not([hidden])');
    expect(await violations(page)).toEqual([]);
    await page.click('#void-form button');
    expect(await page.getAttribute('#claims tr[data-claim="2"]', 'data-status')).toBe('standing');
    await page.fill('#v-reason', 'Slip bought from a reseller, case 7');
    page.once('dialog', (d) => void d.dismiss());
    await page.click('#void-form button');
    expect(await page.getAttribute('#claims tr[data-claim="2"]', 'data-status')).toBe('standing');
    page.once('dialog', (d) => {
      expect(d.message()).toContain('Void claim 2 on card');
      void d.accept();
    });
    await page.click('#void-form button');
    await page.waitForSelector('#claims tr[data-claim="2"][data-status="voided"]');
    // The fresh code for the rightful recipient is shown once, in the status line.
    expect(await page.textContent('#status')).toMatch(
      /new claim code.*([0-9A-Z]{4}-){6}[0-9A-Z]{4}/,
    );
    expect(await rowText(2)).toContain('Slip bought from a reseller, case 7');
    expect(await rowText(2)).toMatch(new RegExp(`voided ${today} by stf_`));
    expect(await page.isHidden('#void-form')).toBe(true);
    const verdict = (await (await server.get(`/api/v1/verify/${card.token}`)).json()) as object;
    expect(verdict).not.toHaveProperty('claim');
    await page.screenshot({ path: join(ARTIFACTS, 'console-claims.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows the boutique's manager the history, in French, with no void", async () => {
    const { page, errors } = await openCard(keys.manager!, 'fr');
    expect(await page.textContent('#claims-part h3')).toBe('Revendications par ses destinataires');
    expect(await page.textContent('#claims tr[data-claim="1"]')).toContain('avec le coupon');
    expect(await page.isHidden('#void-form')).toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
