// The public page in a real browser (Debian's Chromium through playwright-core): upload a photo,
// paste a link, type a serial, scan with a fake camera, switch language. Screenshots of each
// are kept in test-artifacts/browser/. Runs whenever Chromium is installed, and always in CI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { type Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderQr } from '../../src/node/render-qr.js';
import type { MintedCard } from '../../src/services/mint.js';
import { tempDir } from '../helpers/fixture.js';
import { writeY4m } from '../helpers/y4m.js';
import { daysFromToday } from '../helpers/dates.js';

describe.skipIf(!chromiumPresent)('the public page in Chromium', () => {
  let card: MintedCard;
  let revoked: MintedCard;
  const dir = tempDir('cachet-browser-');
  const photo = join(dir, 'card-photo.jpg');
  const video = join(dir, 'camera.y4m');

  useChromium({
    seed: async (server) => {
      card = await server.mint({ date: daysFromToday(-16), occasion: 'wedding' });
      revoked = await server.mint({ date: daysFromToday(-15) });
      await server.store.revokeCard(
        revoked.serial,
        { reason: 'other', note: 'Reported stolen' },
        new Date(),
      );
      // A photo: the card's QR code on a table, turned a little, as a JPEG.
      const qr = await renderQr(card.url, { scale: 6 });
      await sharp(qr.png)
        .extend({ top: 80, bottom: 80, left: 120, right: 120, background: '#d9cbb5' })
        .rotate(12, { background: '#d9cbb5' })
        .jpeg({ quality: 60 })
        .toFile(photo);
      await writeY4m(video, qr.png);
    },
    flags: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
    timeout: 120_000,
  });

  /** A fresh page in a phone-sized window, with the camera allowed for this server. */
  const open = async (path: string, locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale,
      permissions: ['camera'],
    });
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  };
  const keep = async (page: Page, name: string) =>
    writeFileSync(join(ARTIFACTS, `${name}.png`), await page.screenshot({ fullPage: true }));

  it('says plainly that an image is read on the device, and sent only to compare a card the house keeps a photo of', async () => {
    const page = await open('/');
    const notice = page.locator('#no-upload-notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toBe(
      'Your image is read on this device. It is sent only when the house keeps a photo of the card as issued, to compare the two, and it is not kept.',
    );
    await keep(page, 'start-page');
    await page.context().close();
  });

  it('reads an uploaded photo in the browser and shows the verdict; only the code is sent', async () => {
    const page = await open('/');
    const sent: { url: string; body: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') sent.push({ url: r.url(), body: r.postData() ?? '' });
    });
    await page.locator('#image-file').setInputFiles(photo);
    await page.waitForSelector('[data-status]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('authentic');
    expect(await page.textContent('body')).toContain(card.serialText);
    // One post, to /verify, carrying the code's text: no image bytes.
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]!.url).pathname).toBe('/verify');
    const form = new URLSearchParams(sent[0]!.body);
    expect(form.getAll('q')).toEqual([
      card.url.replace(/^http:\/\/[^/]+\/c\//, (p) => p.toUpperCase()),
    ]);
    expect(form.get('source')).toBe('image');
    expect(sent[0]!.body.length).toBeLessThan(1000);
    await keep(page, 'upload-verdict');
    await page.context().close();
  });

  it('offers to send the image where the browser has no WebAssembly, and says so', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#send-form').isVisible()).toBe(true);
    expect(await page.locator('#no-upload-notice').isVisible()).toBe(false);
    expect(await page.textContent('#image-status')).toContain('cannot read images itself');
    await page.locator('#send-form input[type=file]').setInputFiles(photo);
    await Promise.all([page.waitForURL(/\/verify\/image/), page.click('#send-form button')]);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('authentic');
    await keep(page, 'no-wasm-server-read');
    await context.close();
  });

  it('checks a pasted link', async () => {
    const page = await open('/');
    await page.fill('#q', card.url);
    await Promise.all([page.waitForURL(/\/c\/\d+/), page.click('#paste-form button')]);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('authentic');
    expect(await page.textContent('main')).toContain('It does not prove that a card in a photo');
    await keep(page, 'paste-verdict');
    await page.context().close();
  });

  it('looks up a typed serial, and says the serial alone does not show the card in hand is genuine', async () => {
    const page = await open('/');
    await page.fill('#s', revoked.serialText.toLowerCase().replace(/-/g, ' '));
    await Promise.all([page.waitForURL(/\/serial\?/), page.click('#serial-form button')]);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('revoked');
    expect(await page.textContent('main')).toContain('Only the serial was typed');
    await keep(page, 'serial-lookup');
    await page.context().close();
  });

  it('scans the card with the camera (a fake capture device) and shows the verdict', async () => {
    const page = await open('/');
    await page.click('#camera-button');
    await page.waitForSelector('[data-status]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('authentic');
    await keep(page, 'camera-verdict');
    await page.context().close();
  });

  it('speaks the browser’s language, and switches on request', async () => {
    const page = await open(`/c/${card.token}`, 'vi-VN');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('h1')).toBe('Mã thật');
    await Promise.all([page.waitForURL(/lang=zh/), page.click('nav a[hreflang="zh-Hans"]')]);
    expect(await page.textContent('h1')).toBe('真实的码');
    await keep(page, 'verdict-zh');
    await page.context().close();
  });
});
