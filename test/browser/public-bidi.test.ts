// Names staff typed, shown on the public pages in a real browser (Debian's Chromium): a
// right-to-left override in a boutique's name cannot turn the words after it around, each value
// sits in its own <bdi>, and a 500-character word does not push the page wider than a phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPresent } from '../helpers/chromium.js';
import { browser, server, useChromium } from '../helpers/browser.js';
import { daysFromToday } from '../helpers/dates.js';
import type { MintedCard } from '../../src/services/mint.js';
import { mintWithSlip } from '../helpers/claim-slip.js';

const RLO = '\u202E';
const HOSTILE_BOUTIQUE = `Maison ${RLO}tnemurtsni`;
const HOSTILE_ASSOCIATE = `Anna ${RLO}gnp.exe`;
const HEBREW_CITY = 'תל אביב';
const LONG_WORD = 'W'.repeat(500);
/** A value as public pages show it: a direction control is the replacement character U+FFFD. */
const shownPublicly = (value: string) => value.replace(/[\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
/** A paragraph separator would end the name's isolate, and the override after it run on. */
const SEPARATED_BOUTIQUE = `Maison Bond St\u2029${RLO}`;

describe.skipIf(!chromiumPresent)('values from staff on the public pages, in Chromium', () => {
  let hostile: MintedCard;
  let long: MintedCard;
  let separated: MintedCard;
  let slipped: { token: string; code: string };

  useChromium({
    seed: async (server) => {
      await server.store.addBoutique({
        number: 71,
        code: 'EVL-RL',
        name: HOSTILE_BOUTIQUE,
        city: HEBREW_CITY,
        country: 'IL',
      });
      await server.store.addAssociate({
        number: 7101,
        boutique: 71,
        displayName: HOSTILE_ASSOCIATE,
      });
      await server.store.addBoutique({
        number: 72,
        code: 'LNG-WD',
        name: LONG_WORD,
        city: LONG_WORD,
        country: 'FR',
      });
      await server.store.addAssociate({ number: 7201, boutique: 72, displayName: LONG_WORD });
      await server.store.addBoutique({
        number: 73,
        code: 'PSP-GB',
        name: SEPARATED_BOUTIQUE,
        city: 'London',
        country: 'GB',
      });
      await server.store.addAssociate({ number: 7301, boutique: 73, displayName: 'Tom' });
      separated = await server.mint({
        boutique: 'PSP-GB',
        associate: 7301,
        date: daysFromToday(-3),
      });
      hostile = await server.mint({ boutique: 'EVL-RL', associate: 7101, date: daysFromToday(-3) });
      long = await server.mint({ boutique: 'LNG-WD', associate: 7201, date: daysFromToday(-3) });
      slipped = await mintWithSlip({ ...server, origin: server.url });
    },
    timeout: 60_000,
  });

  /** A card's verdict page in a phone-sized window. */
  const open = async (card: { token: string } | string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}${typeof card === 'string' ? card : `/c/${card.token}`}`);
    return page;
  };
  /** How wide the page is drawn: no wider than the phone's 390 px when every word wraps. */
  const widthOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  /**
   * The left edge, on screen, of each letter of `after` where it follows `value` in the element's
   * text: rising when those letters read left to right, as written.
   */
  const lettersAfter = (page: Page, selector: string, value: string, after: string) =>
    page.evaluate(
      ({ selector, value, after }) => {
        const element = document.querySelector(selector)!;
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        const letters: { char: string; x: number }[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            letters.push({ char: text[i]!, x: range.getBoundingClientRect().left });
          }
        }
        const all = letters.map((l) => l.char).join('');
        const start = all.indexOf(value) + value.length;
        const end = all.indexOf(after, start) + after.length;
        return letters
          .slice(start, end)
          .filter((l) => l.char.trim() !== '' && all.indexOf(after, start) >= 0)
          .map((l) => ({ char: l.char, x: Math.round(l.x) }));
      },
      { selector, value, after },
    );

  /** The `<dd>` beside the `<dt>` that reads `label`. */
  const ddOf = (label: string) => `dl dt:has-text("${label}") + dd`;

  it('keeps the words after a boutique name with a right-to-left override in their order', async () => {
    const page = await open(hostile);
    const dd = page.locator(ddOf('Boutique'));
    await dd.evaluate((el) => el.setAttribute('data-probe', 'boutique'));
    const letters = await lettersAfter(
      page,
      '[data-probe=boutique]',
      shownPublicly(HOSTILE_BOUTIQUE),
      '(IL)',
    );
    // ", תל אביב (IL)": the city reads right to left as Hebrew does, then "(IL)" left to right
    // (with the override running on, it is drawn ")LI(" from right to left).
    const tail = letters.slice(-4);
    expect(tail.map((l) => l.char).join('')).toBe('(IL)');
    const xs = tail.map((l) => l.x);
    expect(xs, `"(IL)" drawn at ${xs.join(', ')}`).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(4);
    await page.context().close();
  });

  it('keeps the words after a name that holds a paragraph separator in their order', async () => {
    const page = await open(separated);
    const dd = page.locator(ddOf('Boutique'));
    await dd.evaluate((el) => el.setAttribute('data-probe', 'boutique'));
    // "London (GB)" as written, not "(GB) London" turned around by the override.
    const letters = await lettersAfter(page, '[data-probe=boutique]', 'Maison Bond St', '(GB)');
    // (On a phone the comma may end the name's line: "London (GB)" is read on its own.)
    const tail = letters.slice(-10);
    expect(tail.map((l) => l.char).join('')).toBe('London(GB)');
    const xs = tail.map((l) => l.x);
    expect(xs, `"London (GB)" drawn at ${xs.join(', ')}`).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
    // The separator shown as a space, inside the name's own <bdi>.
    expect(await dd.evaluate((el) => el.querySelector('bdi')!.textContent)).toBe(
      'Maison Bond St \ufffd',
    );
    await page.context().close();
  });

  it('sets each name apart in its own <bdi>: the boutique, its city and country, and the associate', async () => {
    const page = await open(hostile);
    const isolated = (label: string) =>
      page
        .locator(ddOf(label))
        .evaluate((dd) => [...dd.querySelectorAll('bdi')].map((b) => b.textContent));
    expect(await isolated('Boutique')).toEqual([
      shownPublicly(HOSTILE_BOUTIQUE),
      HEBREW_CITY,
      'IL',
    ]);
    expect(await isolated('Associate')).toEqual([shownPublicly(HOSTILE_ASSOCIATE)]);
    // Public pages spell no control character out; an override is seen as U+FFFD, never obeyed.
    expect(await page.locator(ddOf('Associate')).textContent()).toContain('Anna \ufffdgnp.exe');
    await page.context().close();
  });

  it('wraps a 500-character name within a phone’s width', async () => {
    const page = await open(long);
    expect(await page.locator(ddOf('Associate')).textContent()).toContain(LONG_WORD);
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('wraps the longest public name a holder may choose, on the claim page and the verdict', async () => {
    const handle = 'W'.repeat(40);
    const page = await open('/claim');
    await page.fill('#code', slipped.code);
    await page.fill('#handle', handle);
    await Promise.all([page.waitForLoadState(), page.click('#claim-form button')]);
    await page.waitForSelector('[data-holder-secret]');
    expect(await page.textContent('[data-claim-handle]')).toBe(handle);
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.goto(`${server.url}/c/${slipped.token}`);
    expect(await page.textContent('[data-claim-handle]')).toBe(handle);
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('keeps the look-alike warning in order when the pasted address closes its isolate and overrides', async () => {
    // A pop directional isolate would end the address's <bdi>, and the override after it turn the
    // page's own warning around ("…etis kcehc s’esuoh").
    const page = await open(`/verify?q=${encodeURIComponent('https://goo\u2069\u202Egle.com/x')}`);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('look-alike');
    const host = await page.locator('[data-status] bdi').textContent();
    expect(host).toBe('goo\ufffd\ufffdgle.com');
    await page
      .locator('[data-status] bdi')
      .evaluate((el) => el.parentElement!.setAttribute('data-probe', 'warning'));
    const letters = await lettersAfter(page, '[data-probe=warning]', host!, 'site');
    const tail = letters.slice(-4);
    expect(tail.map((l) => l.char).join('')).toBe('site');
    const xs = tail.map((l) => l.x);
    expect(xs, `"site" drawn at ${xs.join(', ')}`).toEqual([...xs].sort((a, b) => a - b));
    await page.context().close();
  });

  it('sets a pasted look-alike address apart, and wraps it within a phone’s width', async () => {
    const page = await open('/');
    const code = `https://${'w'.repeat(120)}.example/c/1234`;
    await page.fill('#q', code);
    await Promise.all([page.waitForURL(/\/verify/), page.click('#paste-form button')]);
    expect(await page.getAttribute('[data-status]', 'data-status')).toBe('look-alike');
    // The pasted text and its address, each in its own <bdi>.
    expect(await page.locator('dd.mono bdi').textContent()).toBe(code);
    expect(await page.locator('[data-status] bdi').textContent()).toBe(
      `${'w'.repeat(120)}.example`,
    );
    expect(await widthOf(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});
