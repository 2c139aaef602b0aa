// A viral card's scans through the aggregator Durable Objects in workerd: several isolates'
// batches, answers lost and batches resent, reach D1 exactly per day and per country; a flush
// written twice counts once; the distinct scanners the summary, history and flagged list read
// are the shards' merged sketch; each answer carries the card's revocation.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConfigWorker, type LocalProcess } from '../../src/cli/local-worker.js';
import {
  randomSerial,
  serialToHex,
  toHex,
  type CardState,
  type ScanChannel,
  type ScanEvent,
} from '../../src/core/index.js';
import { ScanSketch, SKETCH_STANDARD_ERROR } from '../../src/core/scan-sketch.js';
import { realNow } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';

/** This suite's own ports (the default 8787 is left alone). */
const PORT = 18800;
const INSPECTOR_PORT = 18801;

let worker: LocalProcess;
const url = (path: string) => `http://127.0.0.1:${PORT}${path}`;
const post = async <T>(path: string, body: unknown = {}): Promise<T> => {
  const response = await fetch(url(path), { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
};
const get = async <T>(path: string): Promise<T> => (await (await fetch(url(path))).json()) as T;

beforeAll(async () => {
  worker = await startConfigWorker({
    dir: tempDir(),
    config: 'test/edge/wrangler.scans.toml',
    port: PORT,
    inspectorPort: INSPECTOR_PORT,
    d1: 'cachet',
    timeoutMs: 90_000,
  });
}, 120_000);
afterAll(() => worker?.close());

/** The Worker's day and time: workerd keeps the real clock, whatever this process's says. */
const today = () => realNow().toISOString().slice(0, 10);
const now = () => realNow().getTime();

const COUNTRIES = ['FR', 'JP', 'US', 'BR', 'KE', ''];
const CHANNELS: ScanChannel[] = ['page', 'api', 'image', 'serial'];

/** A registered card, for its revocation to be read (a revocation needs its card row). */
async function registerCard(serial: string): Promise<void> {
  const now = new Date().toISOString();
  const run = (sql: string, params: unknown[]) => post('/sql', { sql, params });
  await run(
    "INSERT OR IGNORE INTO boutiques (number, code, name, city, country, created_at) VALUES (1, 'T', 'T', 'Paris', 'FR', ?)",
    [now],
  );
  await run(
    "INSERT OR IGNORE INTO associates (number, boutique, display_name, created_at) VALUES (1, 1, 'A', ?)",
    [now],
  );
  await run(
    "INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, minted_at) VALUES (?, 'k', 9000, 1, 1, 0, ?)",
    [serial, now],
  );
}

describe('scans through the aggregators in workerd', () => {
  it("counts every isolate's scans exactly, once however often a lost answer resends them", async () => {
    const serial = serialToHex(randomSerial());
    await registerCard(serial);
    const day = today();
    const { key } = await post<{ key: string }>(`/day-key/${day}`);
    const hash = (i: number) =>
      createHmac('sha256', Buffer.from(key, 'hex'))
        .update(`198.51.100.${i}`)
        .digest('hex')
        .slice(0, 32);
    const distinct = 3000;
    const sent: ScanEvent[] = [];
    let lost = 0;
    // 12 isolates, 10 rounds each of 100 checks: 12,000 scans of one card. Every fourth flush of
    // an isolate loses its answer: the aggregator counted the batch, the isolate sends it again.
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 12 }, async (_, isolate) => {
          const events: ScanEvent[] = [];
          for (let k = 0; k < 100; k++) {
            const i = sent.length + events.length;
            events.push({
              serial,
              minute: `${day}T0${i % 4}:${String(i % 60).padStart(2, '0')}`,
              channel: CHANNELS[i % 4]!,
              country: COUNTRIES[(i * 7) % COUNTRIES.length]!,
              scanner: hash((i * 7919) % distinct),
            });
          }
          sent.push(...events);
          const lose = (round + isolate) % 4 === 0 ? 1 : 0;
          lost += lose;
          await post('/scan', { isolate: `i${isolate}`, events, lose });
        }),
      );
    }
    const drained = await post<{ left: number; cards: CardState[] }>('/drain');
    expect(drained.left).toBe(0);
    // Each isolate's last answer names the card as standing, read from D1 within the second.
    expect(drained.cards.every((c) => c.serial === serial && c.revokedAt === null)).toBe(true);
    expect(drained.cards.every((c) => now() - c.knownAt < 60_000)).toBe(true);

    const stats: Record<string, number>[] = [];
    for (let shard = 0; shard < 4; shard++) {
      await post(`/object/${serial}:${shard}/flush`);
      stats.push(await get<Record<string, number>>(`/object/${serial}:${shard}/stats`));
    }
    const total = (k: string) => stats.reduce((n, s) => n + s[k]!, 0);
    expect(total('scans')).toBe(12_000);
    expect(total('duplicates')).toBe(lost);
    expect(total('pending')).toBe(0);
    // Far fewer D1 transactions than batches: 12 isolates × 10 rounds + resends.
    expect(total('flushes')).toBeLessThan(total('batches'));

    const summary = await get<{ count: number; countries: number; peakScanners: number }>(
      `/summary/${serial}`,
    );
    expect(summary.count).toBe(12_000);
    expect(summary.countries).toBe(COUNTRIES.length - 1);
    const history = await get<{
      total: number;
      days: { day: string; scans: number; scanners: number }[];
      countries: { country: string; scans: number }[];
    }>(`/history/${serial}`);
    expect(history.days.map((d) => [d.day, d.scans])).toEqual([[day, 12_000]]);
    for (const country of COUNTRIES) {
      expect(history.countries.find((c) => c.country === country)?.scans, country).toBe(
        sent.filter((e) => e.country === country).length,
      );
    }
    // The distinct scanners: the union of the shards' sketches, within the stated error.
    const sketch = new ScanSketch();
    for (const e of sent) sketch.add(e.scanner);
    expect(summary.peakScanners).toBe(sketch.estimate());
    expect(history.days[0]!.scanners).toBe(sketch.estimate());
    expect(Math.abs(summary.peakScanners - distinct) / distinct).toBeLessThan(
      3 * SKETCH_STANDARD_ERROR,
    );
    const flagged = await get<{ serial: string; peakScanners: number }[]>(`/flagged/2900`);
    expect(flagged.find((f) => f.serial === serial)?.peakScanners).toBe(sketch.estimate());
    const sketches = await post<{ n: number }[]>('/sql', {
      sql: 'SELECT count(*) AS n FROM scan_sketches WHERE serial = ?',
      params: [serial],
    });
    expect(sketches[0]!.n).toBeGreaterThan(0);
    expect(sketches[0]!.n).toBeLessThanOrEqual(4);
  }, 120_000);

  it('counts a batch sent twice once, and answers with the revocation within a second', async () => {
    const serial = serialToHex(randomSerial());
    await registerCard(serial);
    const name = `${serial}:0`;
    const batch = {
      batchId: toHex(crypto.getRandomValues(new Uint8Array(16))),
      scans: [
        {
          serial,
          minute: `${today()}T12:00`,
          channel: 'page',
          country: 'FR',
          scanner: '',
          count: 5,
        },
      ],
    };
    const first = await post<{ duplicate: boolean; card: CardState }>(
      `/object/${name}/batch`,
      batch,
    );
    const again = await post<{ duplicate: boolean; card: CardState }>(
      `/object/${name}/batch`,
      batch,
    );
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(first.card).toMatchObject({ serial, revokedAt: null });

    const revokedAt = realNow().toISOString();
    await post('/sql', {
      sql: "INSERT INTO revocations (serial, revoked_at, reason) VALUES (?, ?, 'lost')",
      params: [serial, revokedAt],
    });
    await new Promise((r) => setTimeout(r, 1100));
    const later = await post<{ duplicate: boolean; card: CardState }>(`/object/${name}/batch`, {
      ...batch,
      batchId: toHex(crypto.getRandomValues(new Uint8Array(16))),
    });
    expect(later.card).toMatchObject({ serial, revokedAt });
    expect(now() - later.card.knownAt).toBeLessThan(1500);

    // A quiet aggregator writes at once (its alarm); the flush writes whatever is left.
    await post(`/object/${name}/flush`);
    expect((await get<{ count: number }>(`/summary/${serial}`)).count).toBe(10);
    const refused = await fetch(url(`/object/${name}/batch`), {
      method: 'POST',
      body: JSON.stringify({ batchId: 'x', scans: batch.scans }),
    });
    expect(refused.status).toBe(400);
  }, 60_000);

  it('calls at most 25 aggregators in one flush, and the next flushes send the rest', async () => {
    const serials = Array.from({ length: 30 }, () => serialToHex(randomSerial()));
    const events = serials.map((serial) => ({
      serial,
      minute: `${today()}T09:00`,
      channel: 'page' as const,
      country: 'KE',
      scanner: '',
    }));
    const first = await post<{ pending: number; shard: number }>('/scan', {
      isolate: 'busy',
      events,
    });
    expect(first.pending).toBe(5); // Workers' subrequests are counted: the rest waits
    expect((await post<{ left: number }>('/drain')).left).toBe(0);
    for (const serial of serials) await post(`/object/${serial}:${first.shard}/flush`);
    const counted = await post<{ n: number }[]>('/sql', {
      sql: `SELECT count(*) AS n FROM scans WHERE serial IN (${serials.map(() => '?').join(',')})`,
      params: serials,
    });
    expect(counted[0]!.n).toBe(30);
  }, 60_000);

  it("adds a flush D1 was sent twice once, and ends a day's sketches with its key", async () => {
    const serial = serialToHex(randomSerial());
    const day = today();
    const { key } = await post<{ key: string }>(`/day-key/${day}`);
    const sketch = new ScanSketch();
    for (let i = 0; i < 200; i++) {
      sketch.add(
        createHmac('sha256', Buffer.from(key, 'hex')).update(String(i)).digest('hex').slice(0, 32),
      );
    }
    const flush = {
      aggregator: `${serial}:3`,
      serial,
      shard: 3,
      seq: 1,
      counts: [
        { serial, minute: `${day}T08:00`, channel: 'api', country: 'JP', scanner: '', count: 7 },
        { serial, minute: `${day}T08:01`, channel: 'page', country: '', scanner: '', count: 2 },
      ],
      sketches: [{ day, registers: toHex(sketch.toBytes()) }],
    };
    const first = await post<{ counted: boolean; statements: number }>('/record-flush', flush);
    const again = await post<{ counted: boolean }>('/record-flush', flush);
    expect([first.counted, again.counted]).toEqual([true, false]);
    expect(first.statements).toBe(4); // counts, sketch, estimate, marker: one transaction
    expect(await get(`/summary/${serial}`)).toMatchObject({
      count: 9,
      peakScanners: sketch.estimate(),
    });

    // The day ends (the cron, here for every day before tomorrow): sketches go with the key.
    const tomorrow = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    await post(`/end-days/${tomorrow}`);
    const left = await post<{ n: number }[]>('/sql', {
      sql: 'SELECT (SELECT count(*) FROM scan_sketches) + (SELECT count(*) FROM scanner_keys) AS n',
    });
    expect(left[0]!.n).toBe(0);
    expect(await get(`/summary/${serial}`)).toMatchObject({ peakScanners: sketch.estimate() });
    // A late flush of the ended day: its estimate, never its sketch.
    await post('/record-flush', { ...flush, seq: 2, counts: [] });
    const late = await post<{ n: number }[]>('/sql', {
      sql: 'SELECT count(*) AS n FROM scan_sketches',
    });
    expect(late[0]!.n).toBe(0);
  }, 60_000);
});
