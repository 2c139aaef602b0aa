// When a scan fails, the start page says why and what to do instead (Chromium): a refused camera,
// a browser with no camera, an in-app browser, a code that was seen but could not be read; and
// after a failed read it offers a box to draw around the code, which is then read on its own.
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent, launchChromium } from '../helpers/chromium.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe.skipIf(!chromiumPresent)('when a scan fails, the start page says why', () => {
  let server: TestServer;
  let browser: Browser;
  const dir = tempDir('cachet-scan-failures-');
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    // A fake camera exists, but no permission is granted: the browser refuses it.
    browser = await launchChromium(['--use-fake-device-for-media-stream']);
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  const open = async (options: Parameters<Browser['newContext']>[0] = {}, init?: string) => {
    const context = await browser.newContext({ locale: 'en-GB', ...options });
    contexts.push(context);
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#image-check:not([hidden])');
    return page;
  };

  it('says the camera was refused, and how to go on', async () => {
    const page = await open();
    await page.click('#camera-button');
    await page.waitForFunction(() => document.getElementById('image-status')!.textContent !== '');
    expect(await page.textContent('#image-status')).toMatch(/^The camera was refused\. Allow it/);
  });

  it('says when the browser cannot open a camera at all', async () => {
    const page = await open(
      {},
      `Object.defineProperty(navigator, 'mediaDevices', { value: undefined });`,
    );
    await page.click('#camera-button');
    await page.waitForFunction(() => document.getElementById('image-status')!.textContent !== '');
    expect(await page.textContent('#image-status')).toMatch(
      /^This browser cannot open a camera here/,
    );
  });

  it('names the in-app browser that may block the camera', async () => {
    const page = await open({
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 350.0.0.0',
    });
    expect(await page.isVisible('#in-app-notice')).toBe(true);
    expect(await page.textContent('#in-app-notice')).toMatch(
      /^You are in the Instagram app’s own browser/,
    );
    const plain = await open();
    expect(await plain.isVisible('#in-app-notice')).toBe(false);
  });

  it('says a code was seen but could not be read, and offers a box to draw around it', async () => {
    // A card's QR code with patches painted over its data: found by its finder patterns, but
    // its error correction cannot recover it.
    const qr = await QRCode.toBuffer(`${server.url.toUpperCase()}/C/${'1'.repeat(208)}`, {
      scale: 6,
      margin: 4,
    });
    const patches = Array.from({ length: 10 }, (_, i) => ({
      input: {
        create: {
          width: 40,
          height: 40,
          channels: 3 as const,
          background: i % 2 ? '#000' : '#fff',
        },
      },
      left: 80 + ((i * 23) % 120),
      top: 80 + ((i * 37) % 120),
    }));
    const damaged = join(dir, 'damaged.png');
    await sharp(qr).composite(patches).png().toFile(damaged);
    const blank = join(dir, 'blank.png');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ddd' } })
      .png()
      .toFile(blank);

    const page = await open();
    await page.setInputFiles('#image-file', blank);
    await page.waitForFunction(() =>
      /No QR code/.test(document.getElementById('image-status')!.textContent ?? ''),
    );

    await page.setInputFiles('#image-file', damaged);
    await page.waitForFunction(() =>
      /could not be read/.test(document.getElementById('image-status')!.textContent ?? ''),
    );
    expect(await page.textContent('#image-status')).toMatch(
      /^A QR code was found but could not be read/,
    );
    // The box: drawn with the pointer over the image, then read on its own.
    await page.waitForSelector('#crop:not([hidden])');
    expect(await page.isDisabled('#crop-button')).toBe(true);
    await page.locator('#crop-canvas').scrollIntoViewIfNeeded();
    const canvas = (await page.$('#crop-canvas'))!.boundingBox();
    const b = (await canvas)!;
    await page.mouse.move(b.x + 5, b.y + 5);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width - 5, b.y + b.height - 5, { steps: 5 });
    await page.mouse.up();
    expect(await page.isDisabled('#crop-button')).toBe(false);
    await page.evaluate(() => (document.getElementById('image-status')!.textContent = ''));
    await page.click('#crop-button');
    await page.waitForFunction(
      () =>
        document.getElementById('image-status')!.textContent !== '' &&
        !/Reading/.test(document.getElementById('image-status')!.textContent!),
    );
    expect(await page.textContent('#image-status')).toMatch(/could not be read/);
  });
});
