// The Worker's Cron Trigger in workerd: at a UTC day's end the day's distinct-scanner hashes fold
// into per-day counts and the day's key is deleted from D1, as the Node timer does in SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayToDate, instantToDay } from '../../src/core/index.js';
import {
  makeContractFixture,
  startWorkerdTarget,
  type ContractFixture,
  type Target,
} from '../helpers/contract-fixture.js';
import { realNow } from '../helpers/dates.js';

let f: ContractFixture;
let t: Target;
beforeAll(async () => {
  f = await makeContractFixture();
  t = await startWorkerdTarget(f);
}, 120_000);
afterAll(() => t?.close());

/** The UTC day `n` days before today, on workerd's clock (the real one, even under faketime). */
const daysAgo = (n: number) => dayToDate(instantToDay(realNow()) - n);

describe('workerd: the daily Cron Trigger', () => {
  it('folds an ended day into per-day counts and deletes its scanner key; today stays', async () => {
    const serial = f.cards.authentic.serial;
    const [ended, today] = [daysAgo(2), daysAgo(0)];
    const row = (minute: string, scanner: string, count: number) =>
      `('${serial}', '${minute}', 'page', 'FR', '${scanner}', ${count})`;
    t.query!(
      `INSERT INTO scans (serial, minute, channel, country, scanner, count) VALUES ${[
        row(`${ended}T08:00`, 'aa', 1),
        row(`${ended}T08:00`, 'bb', 2),
        row(`${ended}T09:30`, 'cc', 1),
        row(`${today}T00:00`, 'dd', 1),
      ].join(', ')}`,
    );
    t.query!(`INSERT INTO scanner_keys (day, key) VALUES ('${ended}', '${'ab'.repeat(32)}')`);
    const scanners = () =>
      t.query!(
        `SELECT minute, scanner, count FROM scans WHERE serial = '${serial}' ORDER BY minute, scanner`,
      );
    expect(scanners().filter((r) => r.scanner !== '')).toHaveLength(4);

    const cron = await fetch(`${t.url}/__scheduled?cron=${encodeURIComponent('0 0 * * *')}`);
    expect(cron.status).toBe(200);

    // The handler's writes run in waitUntil: wait for them.
    for (let attempt = 0; attempt < 8 && t.query!('SELECT day FROM scanner_keys').length; attempt++)
      await new Promise((r) => setTimeout(r, 250));
    expect(t.query!('SELECT day FROM scanner_keys')).toEqual([]);
    expect(scanners()).toEqual([
      { minute: `${ended}T08:00`, scanner: '', count: 3 },
      { minute: `${ended}T09:30`, scanner: '', count: 1 },
      { minute: `${today}T00:00`, scanner: 'dd', count: 1 },
    ]);
    expect(
      t.query!(`SELECT day, scanners FROM scan_days WHERE serial = '${serial}' ORDER BY day`),
    ).toEqual([{ day: ended, scanners: 3 }]);
  }, 60_000);
});
