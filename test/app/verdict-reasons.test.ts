// A verdict page says truthfully why: a card signed by the house's key on a date that key may not
// sign for is told apart from a bad signature, with the date and what to do, in every language;
// and the count of checks shown never presents the reader's own check as an earlier one.
import { afterEach, describe, expect, it } from 'vitest';
import { fill, LANGUAGES, messagesFor } from '../../src/app/i18n/index.js';
import { formatToken, parseTokenText } from '../../src/core/index.js';
import { editCardKeys } from '../helpers/edit-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { daysFromToday } from '../helpers/dates.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A date as the pages write it in `lang`. */
const written = (lang: string, iso: string) =>
  new Intl.DateTimeFormat(messagesFor(lang as never).lang, {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

/** The text of a page, tags and their attributes kept, entities decoded. */
const page = async (s: TestServer, path: string) =>
  (await (await s.get(path)).text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');

describe('a card dated outside its key’s dates', () => {
  it('says the key was not allowed to sign on that date, shows it, and says what to do', async () => {
    server = await startTestServer({ validFrom: daysFromToday(-30) });
    const card = await server.mint({ date: daysFromToday(0) });
    const api = async () =>
      (await (await server!.get(`/api/v1/verify/${card.token}`)).json()) as any;
    // The key's dates end before the card's (as `key rotate --force` leaves them).
    await editCardKeys(
      server.dir,
      { validTo: daysFromToday(-1) },
      async () => (await api()).status === 'forged',
    );

    expect(await api()).toMatchObject({
      status: 'forged',
      reason: {
        code: 'key-not-valid-for-date',
        dates: {
          issued: daysFromToday(0),
          validFrom: daysFromToday(-30),
          validTo: daysFromToday(-1),
        },
      },
    });
    for (const lang of LANGUAGES) {
      const m = messagesFor(lang);
      const text = await page(server, `/c/${card.token}?lang=${lang}`);
      expect(text, lang).toContain('data-status="forged"');
      expect(text, lang).toContain('data-reason="key-not-valid-for-date"');
      expect(text, lang).toContain(m.keyRefused['key-not-valid-for-date'].title);
      expect(text, lang).toContain(m.keyRefused['key-not-valid-for-date'].next);
      expect(text, lang).toContain(written(lang, daysFromToday(0)));
      expect(text, lang).toContain(written(lang, daysFromToday(-1)));
      // Not the words for a signature that does not verify.
      expect(text, lang).not.toContain(m.status.forged.explain);
      expect(text, lang).not.toContain(m.status.forged.proves);
    }

    // A signature that does not verify still says so.
    const bytes = parseTokenText(card.token).bytes;
    bytes[bytes.length - 40]! ^= 0x10;
    const bad = await page(server, `/c/${formatToken(bytes)}?lang=en`);
    expect(bad).toContain('data-reason="signature-invalid"');
    expect(bad).toContain(messagesFor('en').status.forged.explain);
    expect(bad).not.toContain(messagesFor('en').keyRefused['key-not-valid-for-date'].title);
  });
});

describe('the count of checks', () => {
  it('calls the first scan the first check, and counts only the checks before this one', async () => {
    server = await startTestServer(
      { validFrom: daysFromToday(-30) },
      { CACHET_SCAN_FLUSH_MS: '20' },
    );
    const card = await server.mint();
    const first = await page(server, `/c/${card.token}?lang=en`);
    expect(first).toContain('data-scans="0"');
    expect(first).toContain(messagesFor('en').scans.first);
    // Once that scan is written and the summary read again (kept 5 s), the next reader is told
    // of one check before theirs, not that "1 time" is the evidence of their own.
    await new Promise((r) => setTimeout(r, 5_300));
    const second = await page(server, `/c/${card.token}?lang=en`);
    expect(second).toContain('data-scans="1"');
    expect(second).toContain('Before this check, this code had been checked 1 time');
    for (const lang of LANGUAGES) {
      const m = messagesFor(lang);
      const text = await page(server, `/c/${card.token}?lang=${lang}`);
      const said = fill(m.scans.count, { count: 1, date: written(lang, daysFromToday(0)) }, lang);
      expect(text, lang).toContain(said);
    }
  }, 20_000);
});
