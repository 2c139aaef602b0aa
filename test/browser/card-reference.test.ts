// The card as issued, end to end in Chromium: an associate mints a card in the console and records
// the photo of the written card (a rendered card stands in) through the new step; the step says
// why it refuses a photo of another card's code or of no code. Then, on the public start page, a
// phone photo of the card reads "the card the house issued", and the same code pasted on another
// card reads, loudly, as a copy. Screenshots go to test-artifacts/browser/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleMessagesFor } from '../../src/app/i18n/console.js';
import { messagesFor } from '../../src/app/i18n/index.js';
import { violations } from '../helpers/axe.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { tempDir } from '../helpers/fixture.js';
import { phonePhoto } from '../helpers/phone-photo.js';
import { startTestServer } from '../helpers/server.js';
import { renderSignedCard } from '../helpers/signed-card.js';
import { renderWrittenCard } from '../helpers/written-card.js';

const WORDS = ['Dear Camille,', 'with love', 'from Paris', 'A.'];
const OTHER_WORDS = ['For Jun,', 'happy birthday', 'see you soon', 'M.'];
const console_ = consoleMessagesFor('en').script;
const en = messagesFor('en');

describe.skipIf(!chromiumPresent)('the card as issued, in Chromium', () => {
  let associateKey: string;
  let managerKey: string;
  const dir = tempDir('cachet-card-reference-');
  const file = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  let minted: { serialText: string; url: string };

  useChromium({
    seed: async (server) => {
      associateKey = await server.staffKey({
        name: 'Camille',
        role: 'associate',
        boutique: 'PAR-SH',
      });
      managerKey = await server.staffKey({ name: 'Max', role: 'manager', boutique: 'PAR-SH' });
    },
    timeout: 60_000,
  });

  it('mints a card in the console and records the photo of the written card', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', associateKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#mint-section:not([hidden])');
    await page.fill('#m-associate', '101');
    await page.click('#mint-form button');
    await page.waitForSelector('#minted:not([hidden])');
    const serialText = (await page.textContent('#m-serial'))!;
    const url = (await page.textContent('#m-url'))!;
    minted = { serialText, url };

    await page.click('#m-reference');
    await page.waitForSelector('#reference-step:not([hidden])');
    // Focus moves to the step's heading, which names the card; the file input is labelled and
    // asks a phone for its back camera.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ref-heading');
    expect(await page.textContent('#ref-serial')).toBe(serialText);
    const input = page.locator('#ref-photo');
    expect(await input.getAttribute('capture')).toBe('environment');
    expect(await input.getAttribute('accept')).toBe('image/jpeg,image/png,image/webp');
    expect(await page.locator('label[for="ref-photo"]').count()).toBe(1);

    // Refusals, said in the page's words in the alert region: another card's code, no code.
    const other = await server.mint();
    await input.setInputFiles(file('other.jpg', await renderWrittenCard({ url: other.url })));
    await page.click('#reference-form button');
    await page.waitForFunction(() => document.getElementById('ref-error')!.textContent !== '');
    expect(await page.textContent('#ref-error')).toBe(
      console_.refOtherCard.replace('{serial}', serialText),
    );
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ref-photo');
    await input.setInputFiles(file('blank.jpg', await renderWrittenCard({ url: null })));
    await page.click('#reference-form button');
    await page.waitForFunction(
      (text) => document.getElementById('ref-error')!.textContent === text,
      console_.refNoCode,
    );

    // The written card itself: recorded, with its hashes shown.
    const written = await renderSignedCard(url, WORDS, 3);
    await input.setInputFiles(file('written.jpg', written));
    await page.click('#reference-form button');
    await page.waitForSelector('#ref-result dl[data-reference]', { timeout: 30_000 });
    expect(await page.textContent('#ref-error')).toBe('');
    const result = (await page.textContent('#ref-result'))!;
    expect(result).toContain(console_.refRecorded.replace('{serial}', serialText));
    expect(result).toMatch(/Photo SHA-256[0-9a-f]{64}/);
    expect(result).toMatch(/Fingerprint SHA-256[0-9a-f]{64}/);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-reference.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the reference on the card opened from the list, and reaches the step from there', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', managerKey);
    await page.click('#sign-in button');
    await page.waitForSelector('#search-section:not([hidden])');
    await page.fill('#q-serial', minted.serialText);
    await page.click('#search button');
    await page.locator('#results tr').first().press('Enter');
    await page.waitForSelector('#card:not([hidden]) [data-reference-state]');
    expect(await page.getAttribute('[data-reference-state]', 'data-reference-state')).toBe(
      'recorded',
    );
    expect(await page.textContent('[data-reference-state]')).toMatch(
      /^recorded \d{4}-\d\d-\d\d by \S+, SHA-256 [0-9a-f]{64}$/,
    );
    await page.click('#card-reference');
    await page.waitForSelector('#reference-step:not([hidden])');
    expect(await page.textContent('#ref-serial')).toBe(minted.serialText);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ref-heading');
    await page.close();
  });

  it('says it is too late once the days after minting are over', async () => {
    // A house that allows no day after minting: any photo comes too late.
    const late = await startTestServer(undefined, { CACHET_REFERENCE_REPLACE_DAYS: '0' });
    try {
      const key = await late.staffKey({ name: 'Camille', role: 'associate', boutique: 'PAR-SH' });
      const page = await browser.newPage();
      await page.goto(`${late.url}/console?lang=fr`);
      await page.fill('#credential', key);
      await page.click('#sign-in button');
      await page.fill('#m-associate', '101');
      await page.click('#mint-form button');
      await page.waitForSelector('#minted:not([hidden])');
      const url = (await page.textContent('#m-url'))!;
      await page.click('#m-reference');
      await page
        .locator('#ref-photo')
        .setInputFiles(file('late.jpg', await renderSignedCard(url, WORDS, 5)));
      await page.click('#reference-form button');
      await page.waitForFunction(() => document.getElementById('ref-error')!.textContent !== '');
      expect(await page.textContent('#ref-error')).toBe(consoleMessagesFor('fr').script.refTooLate);
      await page.close();
    } finally {
      await late.close();
    }
  });

  /** The start page, given a photo: the page it ends on, and what was posted. */
  async function checkPhoto(photo: Uint8Array, name: string) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/?lang=en`);
    await page.locator('#image-file').setInputFiles(file(name, photo));
    await page.waitForSelector('[data-match]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('authentic');
    return { page, posted };
  }

  it('on the start page, says a phone photo of the card is the card the house issued', async () => {
    const written = await renderSignedCard(minted.url, WORDS, 3);
    const { page, posted } = await checkPhoto(await phonePhoto(written), 'phone.jpg');
    // The photo went to be compared, once, since the house keeps a photo of this card.
    expect(posted).toEqual(['/verify/image']);
    expect(await page.getAttribute('[data-match]', 'data-match')).toBe('same-card');
    expect(await page.textContent('[data-match]')).toContain(en.card.same);
    await page.screenshot({ path: join(ARTIFACTS, 'public-same-card.png'), fullPage: true });
    await page.close();
  });

  it('on the start page, says loudly that the same code on another card is a copy', async () => {
    const pasted = await renderSignedCard(minted.url, OTHER_WORDS, 11);
    const { page } = await checkPhoto(await phonePhoto(pasted), 'copy.jpg');
    const alert = page.locator('[data-match="different-card"]');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain(en.card.copyTitle);
    await page.screenshot({ path: join(ARTIFACTS, 'public-copy.png'), fullPage: true });
    await page.close();
  });
});
