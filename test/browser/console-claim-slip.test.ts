// The console's claim slip in a real browser (Debian's Chromium through playwright-core), on a
// phone's viewport: an associate ticks "Add a claim slip", mints, sees the code and the claim
// page's URL once, downloads the slip (its QR code read back by zxing-wasm off Poppler's render)
// and the next card, minted without one, shows no code. The box and its words in every language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimCodeHash, parseClaimCode, parseSerial, serialToHex } from '../../src/core/index.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/;

describe.skipIf(!chromiumPresent)('the console’s claim slip in Chromium', () => {
  useChromium();

  it('mints with a slip, shows its code once and downloads the slip', async () => {
    const key = await server.staffKey({ name: 'Camille', role: 'associate', boutique: 'PAR-SH' });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console?lang=en`);
    await page.fill('#credential', key);
    await page.click('#sign-in button');
    await page.waitForSelector('#mint-section:not([hidden])');
    await page.fill('#m-associate', '101');
    await page.getByLabel('Add a claim slip').check();
    await page.click('#mint-form button[type=submit]');
    await page.waitForSelector('#m-slip:not([hidden])');
    const code = (await page.textContent('#m-claim-code'))!;
    expect(code).toMatch(CODE);
    expect(await page.getAttribute('#m-claim-url', 'href')).toBe(
      `${server.url}/claim?code=${code}`,
    );
    const serial = serialToHex(parseSerial((await page.textContent('#m-serial'))!));
    const kept = server.store.db
      .prepare('SELECT code_hash FROM claim_codes WHERE serial = ?')
      .get(serial) as { code_hash: string };
    expect(kept.code_hash).toBe(
      await claimCodeHash(parseClaimCode(code), await server.store.claims().claimSalt()),
    );
    // Nowhere the next visit could find it again.
    expect(
      await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage })),
    ).not.toContain(code);

    const download = page.waitForEvent('download');
    await page.click('#m-slip button[data-slip=pdf]');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.slip\.pdf$/);
    const [slip] = pdfPages(readFileSync((await file.path())!), 300);
    expect(await decodeQr(slip!)).toEqual([`${server.url}/claim?code=${code}`]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-claim-slip.png'), fullPage: true });

    // The next card, without a slip: the code is gone from the page.
    await page.getByLabel('Add a claim slip').uncheck();
    const first = (await page.textContent('#m-serial'))!;
    await page.click('#mint-form button[type=submit]');
    await page.waitForFunction(
      (before) => document.getElementById('m-serial')?.textContent !== before,
      first,
    );
    expect(await page.isHidden('#m-slip')).toBe(true);
    expect(await page.textContent('#minted')).not.toContain(code);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('offers the slip in every language of the console', async () => {
    const labels = new Set<string>();
    for (const lang of ['en', 'fr', 'de', 'vi', 'zh']) {
      const html = await (await server.get(`/console?lang=${lang}`)).text();
      const label = /<input id="m-claim-slip" type="checkbox" \/>\s*([^<]+)<\/label>/.exec(html);
      expect(label, lang).not.toBeNull();
      labels.add(label![1]!.trim());
      expect(html).toContain('id="m-claim-code"');
    }
    expect(labels.size).toBe(5);
  });
});
