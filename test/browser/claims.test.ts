// The recipient's claim, end to end in Chromium on a phone: a card minted with a slip through the
// admin API (claimSlip) and photographed as issued; she opens the slip's link, claims the card
// with a public name and the photo shown, keeps her holder secret (downloaded); the verdict page
// shows both; a second claim with the slip is refused; she releases the claim and hands on the
// transfer code; the next holder claims with it and the verdict shows the new claim. The same
// pages work with script turned off, and axe finds nothing on any of them. Screenshots go to
// test-artifacts/browser/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../src/app/i18n/index.js';
import { formatClaimCode, generateClaimCode } from '../../src/core/index.js';
import type { MintedCard } from '../../src/services/mint.js';
import { violations } from '../helpers/axe.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { mintServerCardWithSlip, recordReferencePhoto } from '../helpers/slipped-card.js';

const en = messagesFor('en').claim;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(!chromiumPresent)('claiming a card, in Chromium on a phone', () => {
  let card: MintedCard;
  let code: string;
  /** The link the slip's QR code holds. */
  let claimUrl: string;
  let plain: { card: MintedCard; code: string };
  let audited: { card: MintedCard; code: string };

  useChromium({
    seed: async (server) => {
      const associate = await server.staffKey({
        name: 'Camille',
        role: 'associate',
        boutique: 'PAR-SH',
      });
      // Minted as a boutique does, with a slip: the answer gives the slip's code and link once.
      const minted = await fetch(`${server.url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${associate}`, 'content-type': 'application/json' },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, claimSlip: true }),
      });
      if (minted.status !== 201) throw new Error(`mint refused: ${await minted.text()}`);
      ({
        claimCode: code,
        claimUrl,
        ...card
      } = (await minted.json()) as MintedCard & {
        claimCode: string;
        claimUrl: string;
      });
      await recordReferencePhoto(server, associate, card);
      plain = await mintServerCardWithSlip(server);
      audited = await mintServerCardWithSlip(server);
    },
    timeout: 60_000,
  });

  /** Submits the form holding `button` and waits for the page it answers with; its status. */
  async function submit(page: Page, button: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
      ),
      page.click(button),
    ]);
    await page.waitForLoadState('load');
    return response.status();
  }

  async function phone(options: Parameters<typeof browser.newContext>[0] = {}) {
    const context = await browser.newContext({ ...PHONE, ...options });
    context.setDefaultTimeout(10_000);
    return context;
  }

  it('mint with a slip → claim with a name and the photo → verdict → refused twice → release → next holder', async () => {
    const her = await phone();
    const page = await her.newPage();
    // The slip's QR code leads here: the code is already in the field.
    await page.goto(claimUrl);
    expect(await page.inputValue('#code')).toBe(code);
    expect(await page.textContent('[data-house-sees]')).toContain(en.houseSees);
    await page.fill('#handle', 'Camille ✿');
    await page.check('input[name="show_photo"]');
    await page.screenshot({ path: join(ARTIFACTS, 'claim-form.png'), fullPage: true });
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(200);
    const secret = (await page.textContent('[data-holder-secret]'))!.trim();
    expect(secret).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
    expect(await page.textContent('[data-claim-serial]')).toBe(card.serialText);

    // The secret downloads as a text file, with no script on the page.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-secret-download]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(secret);
    await page.screenshot({ path: join(ARTIFACTS, 'claim-made.png'), fullPage: true });

    // Anyone checking the card sees the claim, the name as text and the photo as issued.
    const someone = await phone();
    const viewer = await someone.newPage();
    await viewer.goto(card.url);
    expect(await viewer.getAttribute('[data-claim]', 'data-claim')).toBe('active');
    expect(await viewer.textContent('[data-claim-handle]')).toBe('Camille ✿');
    expect(await viewer.locator('[data-claim] a').count()).toBe(0);
    const photo = viewer.locator('img[data-claim-photo]');
    expect(await photo.getAttribute('alt')).toBe(en.photoAlt);
    expect(
      await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    await viewer.screenshot({ path: join(ARTIFACTS, 'claim-verdict.png'), fullPage: true });

    // Someone else with the slip: refused, and told the house knows.
    const other = await someone.newPage();
    await other.goto(`${server.url}/claim?code=${encodeURIComponent(code)}`);
    expect(await submit(other, '#claim-form button[type="submit"]')).toBe(409);
    expect(await other.textContent('h1')).toBe(en.takenTitle);

    // She passes the card on: her secret opens the claim, and the release gives a transfer code.
    await page.goto(`${server.url}/claim/manage`);
    await page.fill('#holder_secret', secret);
    expect(await submit(page, '#manage-form button[type="submit"]')).toBe(200);
    expect(await page.inputValue('#handle')).toBe('Camille ✿');
    await page.check('#confirm');
    expect(await submit(page, '#release-form button[type="submit"]')).toBe(200);
    const transfer = (await page.textContent('[data-transfer-code]'))!.trim();
    expect(transfer).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    const link = (await page.getAttribute('[data-transfer-link]', 'href'))!;
    await page.screenshot({ path: join(ARTIFACTS, 'claim-released.png'), fullPage: true });
    await viewer.reload();
    expect(await viewer.locator('[data-claim]').count()).toBe(0);

    // The next holder follows the link she was given with the card.
    const next = await phone();
    const hers = await next.newPage();
    await hers.goto(link);
    expect(await hers.inputValue('#code')).toBe(transfer);
    await hers.fill('#handle', 'Jun');
    expect(await submit(hers, '#claim-form button[type="submit"]')).toBe(200);
    expect(await hers.textContent('[data-holder-secret]')).not.toContain(secret);
    await viewer.reload();
    expect(await viewer.textContent('[data-claim-handle]')).toBe('Jun');
    expect(await viewer.locator('img[data-claim-photo]').count()).toBe(0);
    await viewer.screenshot({ path: join(ARTIFACTS, 'claim-next-holder.png'), fullPage: true });
    for (const c of [her, someone, next]) await c.close();
  }, 90_000);

  it('works with script turned off', async () => {
    const context = await phone({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/claim?lang=fr`);
    await page.fill('#code', plain.code.replace(/-/g, ' ').toLowerCase());
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(200);
    const secret = (await page.textContent('[data-holder-secret]'))!.trim();
    await page.goto(`${server.url}/claim/manage?lang=fr`);
    await page.fill('#holder_secret', secret);
    expect(await submit(page, '#manage-form button[type="submit"]')).toBe(200);
    await page.fill('#handle', 'Léa');
    expect(await submit(page, '#change-form button[type="submit"]')).toBe(200);
    expect(await page.textContent('[data-claim-handle]')).toBe('Léa');
    await context.close();
  });

  it('axe finds no violation on the claim pages: form, refusals, claim, manage, release', async () => {
    const context = await phone({ bypassCSP: true });
    const page = await context.newPage();
    const found: string[] = [];
    const check = async (name: string) => {
      for (const v of await violations(page)) found.push(`${name}: ${v}`);
    };
    await page.goto(`${server.url}/claim`);
    await check('the form');
    await page.goto(`${server.url}/claim?lang=zh`);
    await check('the form in Chinese');
    await page.fill(
      '#code',
      `${audited.code.slice(0, -1)}${audited.code.endsWith('A') ? 'B' : 'A'}`,
    );
    await page.fill('#handle', 'x'.repeat(41));
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(400);
    await check('a typo and a long name');
    await page.fill('#code', formatClaimCode(generateClaimCode()));
    await page.fill('#handle', '');
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(404);
    await check('an unknown code');
    await page.goto(`${server.url}/claim?code=${encodeURIComponent(audited.code)}`);
    await page.fill('#handle', 'Ana');
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(200);
    await check('a claim made');
    const secret = (await page.textContent('[data-holder-secret]'))!.trim();
    await page.goto(`${server.url}/claim?code=${encodeURIComponent(audited.code)}`);
    expect(await submit(page, '#claim-form button[type="submit"]')).toBe(409);
    await check('already claimed');
    await page.goto(`${server.url}/claim/manage`);
    await check('the manage form');
    await page.fill('#holder_secret', `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
    expect(await submit(page, '#manage-form button[type="submit"]')).toBe(400);
    await check('a mistyped secret');
    await page.fill('#holder_secret', secret);
    expect(await submit(page, '#manage-form button[type="submit"]')).toBe(200);
    await check('the claim held');
    await page.fill('#handle', '');
    expect(await submit(page, '#change-form button[type="submit"]')).toBe(200);
    await check('the claim changed');
    await page.check('#confirm');
    expect(await submit(page, '#release-form button[type="submit"]')).toBe(200);
    await check('the claim released');
    await page.goto(card.url);
    await check('a verdict with a claim');
    await context.close();
    expect(found).toEqual([]);
  }, 90_000);
});
