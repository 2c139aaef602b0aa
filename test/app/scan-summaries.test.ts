// Scan summaries: read from the real registry, remembered for a few seconds per serial.
import { describe, expect, it } from 'vitest';
import { ScanSummaries } from '../../src/services/scan-summaries.js';
import { daysFromToday } from '../helpers/dates.js';
import { fixture as f, useFixture } from '../helpers/use-fixture.js';

/** The days the scans fall on: a busy day, the day after, and one earlier for another card. */
const busy = daysFromToday(-13);
const next = daysFromToday(-12);
const earlier = daysFromToday(-35);

describe('ScanSummaries', () => {
  useFixture();

  it("counts checks, first minute, countries and the busiest day's distinct scanners, and re-reads only after its time is up", async () => {
    const serial = '00112233445566aa';
    const summaries = new ScanSummaries(f.store, 5_000);
    expect(await summaries.get(serial, 0)).toEqual({
      count: 0,
      since: null,
      countries: 0,
      peakScanners: 0,
    });
    await f.store.recordScans([
      {
        serial,
        minute: `${busy}T09:41`,
        channel: 'page',
        country: 'FR',
        scanner: 'a1',
        count: 3,
      },
      {
        serial,
        minute: `${busy}T09:40`,
        channel: 'image',
        country: '',
        scanner: 'a2',
        count: 1,
      },
      { serial, minute: `${next}T08:00`, channel: 'api', country: '', scanner: 'a1', count: 1 },
      {
        serial,
        minute: `${busy}T10:02`,
        channel: 'api',
        country: 'VN',
        scanner: 'a1',
        count: 2,
      },
      {
        serial: 'ffffffffffffffff',
        minute: `${earlier}T00:00`,
        channel: 'api',
        country: 'DE',
        scanner: 'b1',
        count: 9,
      },
    ]);
    expect((await summaries.get(serial, 4_999)).count).toBe(0); // still the remembered answer
    expect(await summaries.get(serial, 5_000)).toEqual({
      count: 7,
      since: `${busy}T09:40`,
      countries: 2,
      peakScanners: 2, // a1 and a2 on the busy day; a1 again the day after is another day
    });
  });
});
