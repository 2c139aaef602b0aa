// A card looked up by its printed serial gets the verdict a scan of its code gets, warnings and
// all, on the real server: never the registry's bare "authentic". The look-up is not a scan.
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en.js';
import { editCardKeys } from '../helpers/edit-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { daysFromToday } from '../helpers/dates.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const scan = async (s: TestServer, token: string) =>
  (await (await s.get(`/api/v1/verify/${token}`)).json()) as any;
const bySerial = async (s: TestServer, serialText: string) => {
  const res = await s.get(`/api/v1/cards/${serialText}`);
  return { status: res.status, body: (await res.json()) as any };
};
const serialPage = async (s: TestServer, serialText: string) =>
  (await s.get(`/serial?s=${serialText}&lang=en`)).text();

describe('a look-up by serial', () => {
  it('says forged, as a scan does, once the key is compromised from before the card’s date', async () => {
    server = await startTestServer({ validFrom: daysFromToday(-30) });
    const older = await server.mint({ date: daysFromToday(-5) });
    const card = await server.mint({ date: daysFromToday(0) });
    expect((await bySerial(server, card.serialText)).body.status).toBe('authentic');

    const s = server;
    await editCardKeys(
      s.dir,
      { status: 'compromised', compromisedSince: daysFromToday(-2) },
      async () => (await scan(s, card.token)).status === 'forged',
    );

    expect(await scan(s, card.token)).toMatchObject({
      status: 'forged',
      reason: {
        code: 'key-compromised',
        dates: { issued: daysFromToday(0), compromisedSince: daysFromToday(-2) },
      },
    });
    const api = await bySerial(s, card.serialText);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      method: 'serial',
      proof: 'registry-only',
      status: 'forged',
      reason: {
        code: 'key-compromised',
        dates: { issued: daysFromToday(0), compromisedSince: daysFromToday(-2) },
      },
    });
    const page = await serialPage(s, card.serialText);
    expect(page).toContain('data-status="forged"');
    expect(page).not.toContain('data-status="authentic"');
    expect(page).toContain(en.keyRefused['key-compromised'].title);

    // A card dated before the compromise still verifies, with the warning, on all three.
    expect(await scan(s, older.token)).toMatchObject({
      status: 'authentic',
      warnings: ['key-compromised'],
    });
    expect((await bySerial(s, older.serialText)).body).toMatchObject({
      status: 'authentic',
      warnings: ['key-compromised'],
    });
    expect(await serialPage(s, older.serialText)).toContain('data-warning="key-compromised"');
  });

  it('carries the development-key warning a scan carries', async () => {
    server = await startTestServer({ validFrom: daysFromToday(-30), development: true });
    const card = await server.mint();
    expect((await scan(server, card.token)).warnings).toContain('development-key');
    const api = await bySerial(server, card.serialText);
    expect(api.body).toMatchObject({ status: 'authentic', warnings: ['development-key'] });
    const page = await serialPage(server, card.serialText);
    expect(page).toContain('data-warning="development-key"');
    expect(page).toContain(en.developmentKey);
  });

  it('carries the warning of a card dated in the future', async () => {
    server = await startTestServer({ validFrom: daysFromToday(-30) });
    const card = await server.mint({ date: daysFromToday(10) });
    expect((await scan(server, card.token)).warnings).toContain('issued-in-future');
    expect((await bySerial(server, card.serialText)).body.warnings).toContain('issued-in-future');
    expect(await serialPage(server, card.serialText)).toContain('data-warning="issued-in-future"');
  });

  it('is not counted as a check of the card, and never shows its code', async () => {
    server = await startTestServer(
      { validFrom: daysFromToday(-30) },
      { CACHET_SCAN_FLUSH_MS: '20' },
    );
    const card = await server.mint();
    for (let i = 0; i < 3; i++) {
      const api = await bySerial(server, card.serialText);
      expect(JSON.stringify(api.body)).not.toContain(card.token);
      expect(await serialPage(server, card.serialText)).not.toContain(card.token);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.store.summariseScans(card.serial)).count).toBe(0);
    // A scan is counted.
    await scan(server, card.token);
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.store.summariseScans(card.serial)).count).toBe(1);
  });
});
