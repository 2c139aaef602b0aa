// Scan summaries: read from the real registry, remembered for a few seconds per serial.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanSummaries } from '../../src/app/scan-summaries.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

describe('ScanSummaries', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await makeFixture();
  });
  afterAll(() => f.close());

  it('counts checks, first minute and countries, and re-reads only after its time is up', async () => {
    const serial = '00112233445566aa';
    const summaries = new ScanSummaries(f.store, 5_000);
    expect(await summaries.get(serial, 0)).toEqual({ count: 0, since: null, countries: 0 });
    await f.store.recordScans([
      { serial, minute: '2026-11-23T09:41', channel: 'page', country: 'FR', count: 3 },
      { serial, minute: '2026-11-23T09:40', channel: 'image', country: '', count: 1 },
      { serial, minute: '2026-11-23T10:02', channel: 'api', country: 'VN', count: 2 },
      {
        serial: 'ffffffffffffffff',
        minute: '2026-11-01T00:00',
        channel: 'api',
        country: 'DE',
        count: 9,
      },
    ]);
    expect((await summaries.get(serial, 4_999)).count).toBe(0); // still the remembered answer
    expect(await summaries.get(serial, 5_000)).toEqual({
      count: 6,
      since: '2026-11-23T09:40',
      countries: 2,
    });
  });
});
