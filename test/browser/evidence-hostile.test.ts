// The evidence report with hostile text in it, printed to PDF by Chromium and read back with
// Poppler's pdftotext: a report whose "where" is one 500-character word leaves every column on
// the page, and a right-to-left override in an associate's name or a report's "where" is shown
// as [U+202E] without reordering the words around it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/services/access.js';
import { addAssociate } from '../../src/services/boutiques.js';
import type { MintedCard } from '../../src/services/mint.js';
import { chromiumPresent } from '../helpers/chromium.js';
import { ARTIFACTS, browser, server, useChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixture.js';

const LONG_WORD = 'W'.repeat(500);
const FLIPPED_NAME = 'Anna \u202Egnp.exe';
const FLIPPED_WHERE = 'https://evil.example/\u202Emoc.elgoog';
/** A line separator, and characters that draw nothing: a zero width space, a byte order mark, a tag. */
const SEPARATED_WHERE = 'market\u2028stall 12';
const HIDDEN_DETAILS = 'Sold\u200Btwice\uFEFFhere\u{E0069}.';

/** A word pdftotext found, and where on its page (PDF points). */
interface PlacedWord {
  text: string;
  xMin: number;
  xMax: number;
  pageWidth: number;
}

/** Every word of `pdf` with its box, as `pdftotext -bbox` reads it. */
function placedWords(pdf: Buffer): PlacedWord[] {
  const file = join(tempDir('cachet-evidence-pdf-'), 'evidence.pdf');
  writeFileSync(file, pdf);
  const xhtml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words: PlacedWord[] = [];
  for (const page of xhtml.split('<page ').slice(1)) {
    const pageWidth = Number(/width="([\d.]+)"/.exec(page)![1]);
    for (const m of page.matchAll(/<word xMin="([\d.]+)" [^>]*xMax="([\d.]+)"[^>]*>([^<]*)</g)) {
      words.push({ text: m[3]!, xMin: Number(m[1]), xMax: Number(m[2]), pageWidth });
    }
  }
  return words;
}

/** What a reader of the printed page reads: pdftotext's text in its layout order. */
function pdfText(pdf: Buffer): string {
  const file = join(tempDir('cachet-evidence-pdf-'), 'evidence.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

describe.skipIf(!chromiumPresent)(
  'the evidence report with hostile text, printed by Chromium',
  () => {
    let card: MintedCard;
    let legalKey: string;

    /** Sends the public report form about `card`, as a browser on this site does. */
    const report = async (where: string, details = 'Seen twice.\nStill listed.') => {
      const form = new FormData();
      for (const [name, value] of Object.entries({
        code: card.url,
        place: 'online-shop',
        where,
        details,
      }))
        form.set(name, value);
      const res = await fetch(`${server.url}/report?lang=en`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
    };

    useChromium({
      seed: async (server) => {
        await addAssociate(server.store, operator('test-setup'), {
          number: 660,
          boutique: 'PAR-SH',
          displayName: FLIPPED_NAME,
        });
        card = await server.mint({ associate: 660 });
        legalKey = await server.staffKey({ name: 'Léa Legal', role: 'legal' });
        await report(LONG_WORD);
        await report(FLIPPED_WHERE);
        await report(SEPARATED_WHERE, HIDDEN_DETAILS);
      },
    });

    const printed = new Map<
      'A4' | 'A5',
      Promise<{ pdf: Buffer; isolates: string[]; table: number; page: number; scroll: number }>
    >();
    /**
     * The evidence report as legal prints it (portrait, print media), once per paper size: the
     * PDF, the table's and the page's widths, and the isolates that hold a right-to-left override.
     */
    const printEvidence = (format: 'A4' | 'A5' = 'A4') => {
      if (!printed.has(format)) printed.set(format, printOn(format));
      return printed.get(format)!;
    };
    const printOn = async (format: 'A4' | 'A5') => {
      const context = await browser.newContext({
        extraHTTPHeaders: { authorization: `Bearer ${legalKey}` },
        // The paper's width at 96 dpi.
        viewport: format === 'A4' ? { width: 794, height: 1123 } : { width: 559, height: 794 },
      });
      const page = await context.newPage();
      const res = await page.goto(
        `${server.url}/api/v1/admin/cards/${card.serial}/evidence?format=html`,
      );
      expect(res?.status()).toBe(200);
      expect(await page.locator('#reports tr[data-report]').count()).toBe(3);
      await page.emulateMedia({ media: 'print' });
      const widths = await page.evaluate(() => ({
        table: document.getElementById('reports')!.getBoundingClientRect().right,
        page: document.documentElement.clientWidth,
        scroll: document.documentElement.scrollWidth,
      }));
      // Each hostile value in its own isolate (its text, and how the page sets it apart).
      const isolates = await page.evaluate(() =>
        [...document.querySelectorAll('bdi')]
          .filter((b) => b.textContent!.includes('[U+202E]'))
          .map((b) => `${b.textContent} ${getComputedStyle(b).unicodeBidi}`),
      );
      const pdf = await page.pdf({ format, printBackground: true });
      writeFileSync(join(ARTIFACTS, `evidence-hostile-${format}.pdf`), pdf);
      await context.close();
      return { pdf, isolates, ...widths };
    };

    it('prints every column of the reports table on the page, the long word wrapped', async () => {
      const { pdf, table, page, scroll } = await printEvidence();
      const words = placedWords(pdf);
      for (const header of ['Reference', 'Received', 'Seen', 'Code', 'checked', 'Status']) {
        const found = words.filter((w) => w.text === header);
        expect(found.length, header).toBeGreaterThan(0);
        for (const w of found) expect(w.xMax, header).toBeLessThanOrEqual(w.pageWidth);
      }
      // Each report's verdict and status, on the page.
      expect(words.filter((w) => w.text === 'authentic').length).toBeGreaterThanOrEqual(2);
      expect(words.filter((w) => w.text === 'open').length).toBeGreaterThanOrEqual(2);
      // Nothing printed past the page's right edge, and the whole word is there, in pieces.
      const outside = words.filter((w) => w.xMax > w.pageWidth || w.xMin < 0).map((w) => w.text);
      expect(outside).toEqual([]);
      const ws = words.filter((w) => /^W+$/.test(w.text)).reduce((n, w) => n + w.text.length, 0);
      expect(ws).toBe(500);
      // The table, as laid out for print, no wider than the page.
      expect(table).toBeLessThanOrEqual(page);
      expect(scroll).toBeLessThanOrEqual(page);
    }, 30_000);

    it('shows a right-to-left override as [U+202E], the words around it in their order', async () => {
      const { pdf, isolates } = await printEvidence();
      expect(isolates).toEqual([
        'Anna [U+202E]gnp.exe isolate',
        'https://evil.example/[U+202E]moc.elgoog isolate',
      ]);
      const text = pdfText(pdf);
      expect(text.replace(/\s+/g, ' ')).toContain('Anna [U+202E]gnp.exe (no. 660)');
      // The address may wrap anywhere in its column: read without the line breaks.
      const joined = text.replace(/\s+/g, '');
      expect(joined).toContain('https://evil.example/[U+202E]moc.elgoog');
      expect(joined).not.toContain('google.com');
      expect(text).not.toContain('\u202E');
    });

    it('shows a line separator and characters that draw nothing by their code points', async () => {
      const joined = pdfText((await printEvidence()).pdf).replace(/\s+/g, '');
      expect(joined).toContain('market[U+2028]stall12');
      expect(joined).toContain('Sold[U+200B]twice[U+FEFF]here[U+E0069].');
    });

    it('prints on A5 portrait with every column readable, in a few pages', async () => {
      const { pdf, table, page } = await printEvidence('A5');
      const text = pdfText(pdf);
      // pdftotext ends each page with a form feed.
      expect(text.split('\f').length - 1).toBeLessThanOrEqual(6);
      // The long column keeps ordinary words whole; the short ones their headers and values.
      const words = placedWords(pdf).map((w) => w.text);
      for (const word of ['online-shop:', 'Reference', 'Received', 'Status', 'authentic', 'open'])
        expect(words, word).toContain(word);
      expect(text).toContain('Seen twice.');
      // The long word wraps in lines of a dozen letters or more, not every few characters.
      const ws = placedWords(pdf).filter((w) => /^W+$/.test(w.text));
      expect(Math.max(...ws.map((w) => w.text.length))).toBeGreaterThanOrEqual(12);
      expect(table).toBeLessThanOrEqual(page);
    }, 30_000);
  },
);
