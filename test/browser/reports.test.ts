// A report of a suspected fake, in Chromium end to end: a reporter on a phone goes from a verdict
// page to the form, is refused once (and finds everything typed still there), sends a photo
// with consent and gets a reference; legal signs in to the console, opens the report from the
// list with the keyboard, sees the photo, links it to a card and closes it. axe-core checks the
// form, the refused form and the console with a report open.
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { violations } from '../helpers/axe.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixture.js';

describe.skipIf(!chromiumPresent)('reporting a fake, and legal closing it, in Chromium', () => {
  let card: MintedCard;
  let original: MintedCard;
  let legalKey: string;
  let ref: string;
  const photoPath = join(tempDir('cachet-report-photo-'), 'IMG_2041.jpg');

  useChromium({
    seed: async (server) => {
      card = await server.mint({});
      original = await server.mint({ associate: 102 });
      await server.store.revokeCard(card.serial, { reason: 'counterfeit' }, new Date());
      legalKey = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
      await sharp({
        create: { width: 300, height: 200, channels: 3, background: '#b08d57' },
      })
        .withExif({ IFD0: { Make: 'PhoneCo', Artist: 'Jane Reporter' } })
        .jpeg()
        .toFile(photoPath);
    },
  });

  it('takes a report from a phone, in French, refused once and then sent with its photo', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      bypassCSP: true, // for axe only: the pages run no script of their own
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/c/${card.token}`);
    await page.click('[data-report-link]');
    await page.waitForSelector('#report-form');
    expect(await page.textContent('h1')).toBe('Signaler une contrefaçon présumée');
    expect(await page.getAttribute('[data-report-about]', 'data-report-about')).toBe('revoked');
    expect(await violations(page)).toEqual([]);

    // Where it was seen is required: the browser itself holds the form back until it is given.
    await page.selectOption('#place', 'online-shop');
    await page.fill('#details', 'Vendue 90 € avec un sac.');
    await page.click('#report-form button[type=submit]');
    expect(await page.locator('#where:invalid').count()).toBe(1);
    expect(await page.locator('[data-report-ref]').count()).toBe(0);

    // A photo without consent is refused by the server: said beside it, the rest kept.
    await page.fill('#where', 'https://marche.example/annonce/77');
    await page.setInputFiles('#photo', photoPath);
    await page.click('#report-form button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(await page.getAttribute('[role=alert]', 'data-problems')).toBe('photo');
    expect(await page.textContent('#photo-problem')).toContain('cochez la case');
    expect(await page.inputValue('#details')).toBe('Vendue 90 € avec un sac.');
    expect(await page.inputValue('#where')).toBe('https://marche.example/annonce/77');
    expect(await page.inputValue('#place')).toBe('online-shop');
    expect(await violations(page)).toEqual([]);

    await page.setInputFiles('#photo', photoPath);
    await page.check('input[name=consent]');
    await page.fill('#contact', 'jane@example.org');
    await page.click('#report-form button[type=submit]');
    await page.waitForSelector('[data-report-ref]');
    ref = (await page.textContent('[data-report-ref]'))!.trim();
    expect(ref).toMatch(/^R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.textContent('h1')).toBe('Merci : votre signalement est envoyé');
    await page.screenshot({ path: join(ARTIFACTS, 'report-sent.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('lets legal open it from the console with the keyboard, see the photo, link it and close it', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console`);
    await page.fill('#credential', legalKey);
    await page.click('#sign-in button');
    const row = `#reports tr[data-report="${ref}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain('online-shop: https://marche.example/annonce/77');

    await page.focus(row);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#report:not([hidden])');
    const body = await page.textContent('#report-body');
    for (const text of ['jane@example.org', 'Vendue 90 € avec un sac.', 'revoked', 'fr'])
      expect(body).toContain(text);
    await page.waitForFunction(() => {
      const img = document.getElementById('report-photo') as HTMLImageElement;
      return !img.hidden && img.complete && img.naturalWidth > 0;
    });
    expect(
      await page.evaluate(
        () => (document.getElementById('report-photo') as HTMLImageElement).naturalWidth,
      ),
    ).toBe(300);
    expect(await violations(page)).toEqual([]);

    await page.fill('#l-serial', original.serialText);
    await page.click('#link-form button');
    await page.waitForFunction(
      (serial) => document.getElementById('status')?.textContent?.includes(serial),
      original.serialText,
    );
    expect(await page.textContent('#report-body')).toContain(original.serialText);

    await page.selectOption('#c-outcome', 'counterfeit-confirmed');
    await page.fill('#c-note', 'Annonce retirée le 30 novembre');
    await page.click('#close-form button');
    await page.waitForSelector('#close-form[hidden]', { state: 'attached' });
    expect(await page.textContent('#status')).toContain('is closed: counterfeit-confirmed');
    expect(await page.locator(row).count()).toBe(0); // off the open list
    await page.selectOption('#rp-status', 'closed');
    await page.click('#reports-filter button');
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain('closed: counterfeit-confirmed');
    await page.screenshot({ path: join(ARTIFACTS, 'console-report.png'), fullPage: true });

    // The card's evidence report lists it.
    const evidence = await fetch(
      `${server.url}/api/v1/admin/cards/${original.serial}/evidence?format=html`,
      { headers: { authorization: `Bearer ${legalKey}` } },
    );
    expect(await evidence.text()).toContain(`data-report="${ref}"`);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
