// A card's scan aggregator over a real SQLite registry: batches from many isolates across its
// shards reach the registry exactly, a batch or flush written twice counts once, the distinct
// scanners read by the summary, the history and the flagged list are the shards' merged sketch,
// and a day's sketches go with its key.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  randomSerial,
  serialToHex,
  type ScanChannel,
  type ScanCount,
} from '../../src/core/index.js';
import type { ScanFlush } from '../../src/core/scan-flush.js';
import { ScanSketch, SKETCH_STANDARD_ERROR } from '../../src/core/scan-sketch.js';
import {
  flushScanAggregator,
  ScanAggregator,
  type AggregatorState,
  type ScanFlushStore,
} from '../../src/services/scan-aggregator.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { daysFromToday, today } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(join(tempDir(), 'registry.db'));
});
afterEach(() => store.close());

const COUNTRIES = ['FR', 'JP', 'US', 'BR', 'KE', 'AU', ''];
const CHANNELS: ScanChannel[] = ['page', 'api', 'image', 'serial'];

/** A day's scanner hashes as the app makes them: HMAC under the registry's key of that day. */
async function hasherFor(day: string) {
  const key = await store.admin().scannerKey(day);
  return (i: number) =>
    createHmac('sha256', key).update(`203.0.113.${i}`).digest('hex').slice(0, 32);
}

/** The estimate of one sketch fed every hash of `scans`: what the merged shards must read. */
function estimateOf(scans: ScanCount[]): number {
  const sketch = new ScanSketch();
  for (const s of scans) if (s.scanner) sketch.add(s.scanner);
  return sketch.estimate();
}

/** Simulated isolates' scans: `n` checks of `serial` on `day` by `scanners` distinct scanners. */
function scansOf(
  serial: string,
  day: string,
  n: number,
  scanners: number,
  hash: (i: number) => string,
) {
  const scans: ScanCount[] = [];
  for (let i = 0; i < n; i++) {
    scans.push({
      serial,
      minute: `${day}T${String(10 + (i % 3)).padStart(2, '0')}:0${i % 7}`,
      channel: CHANNELS[i % CHANNELS.length]!,
      country: COUNTRIES[i % COUNTRIES.length]!,
      scanner: hash(i % scanners),
      count: 1 + (i % 3),
    });
  }
  return scans;
}

describe("a card's scan aggregator over SQLite", () => {
  it('counts every scan of every shard exactly, and its distinct scanners within the sketch error', async () => {
    const serial = serialToHex(randomSerial());
    const day = today();
    const hash = await hasherFor(day);
    const shards = [0, 1, 2, 3].map((s) => new ScanAggregator(serial, s));
    const scans = scansOf(serial, day, 40_000, 12_000, hash);
    // 40 isolates, each with its own shard, flushing now and then while batches arrive.
    for (let i = 0; i < scans.length; i += 500) {
      const shard = shards[(i / 500) % shards.length]!;
      shard.add(scans.slice(i, i + 500));
      if ((i / 500) % 7 === 0) await flushScanAggregator(shard, store);
    }
    for (const shard of shards) await flushScanAggregator(shard, store);
    for (const shard of shards) expect(await flushScanAggregator(shard, store)).toBeNull();

    const sent = scans.reduce((n, s) => n + s.count, 0);
    const summary = await store.summariseScans(serial);
    expect(summary.count).toBe(sent);
    expect(summary.countries).toBe(COUNTRIES.length - 1);
    expect(summary.peakScanners).toBe(estimateOf(scans)); // the union of the four shards
    expect(Math.abs(summary.peakScanners - 12_000) / 12_000).toBeLessThan(
      3 * SKETCH_STANDARD_ERROR,
    );

    const history = await store.admin().scanHistory(serial);
    expect(history.total).toBe(sent);
    for (const country of COUNTRIES) {
      const expected = scans.filter((s) => s.country === country).reduce((n, s) => n + s.count, 0);
      expect(history.countries.find((c) => c.country === country)?.scans, country).toBe(expected);
    }
    expect(history.days).toEqual([
      { day, scans: sent, scanners: summary.peakScanners, countries: COUNTRIES.length - 1 },
    ]);
    // No scanner hash reached the scans table: only counts, and 16 KiB per shard.
    expect(store.db.prepare("SELECT count(*) FROM scans WHERE scanner <> ''").pluck().get()).toBe(
      0,
    );
    expect(store.db.prepare('SELECT count(*) FROM scan_sketches').pluck().get()).toBe(4);

    const flagged = await store.admin().flaggedCards({ scannersPerDay: 11_000, countries: 50 }, 10);
    expect(flagged.map((f) => [f.serial, f.reasons, f.peakScanners])).toEqual([
      [serial, ['scanners-per-day'], summary.peakScanners],
    ]);
  });

  it('adds a flush written twice once, and one whose answer was lost once when tried again', async () => {
    const serial = serialToHex(randomSerial());
    const day = today();
    const hash = await hasherFor(day);
    const shard = new ScanAggregator(serial, 2);
    shard.add(scansOf(serial, day, 30, 5, hash));
    const flush = shard.takeFlush()!;
    const first = await store.recordScanFlush(flush);
    const again = await store.recordScanFlush(flush);
    expect([first.counted, again.counted]).toEqual([true, false]);
    shard.flushed(flush.seq);
    expect((await store.summariseScans(serial)).count).toBe(60);

    // The registry commits, then the answer is lost: the aggregator keeps the flush and retries.
    shard.add(scansOf(serial, day, 30, 5, hash));
    let lose = true;
    const flaky: ScanFlushStore = {
      async recordScanFlush(f: ScanFlush) {
        const result = await store.recordScanFlush(f);
        if (lose) throw new Error('connection reset');
        return result;
      },
    };
    await expect(flushScanAggregator(shard, flaky)).rejects.toThrow('connection reset');
    shard.add(scansOf(serial, day, 3, 5, hash)); // more scans meanwhile, for the next flush
    lose = false;
    const retried = await flushScanAggregator(shard, flaky);
    expect(retried).toMatchObject({ counted: false, scans: 60 });
    expect(await flushScanAggregator(shard, flaky)).toMatchObject({ counted: true, scans: 6 });
    expect((await store.summariseScans(serial)).count).toBe(126);
  });

  it("deletes a day's sketches with its key, keeps its estimate, and writes no sketch back late", async () => {
    const serial = serialToHex(randomSerial());
    const yesterday = daysFromToday(-1);
    const hash = await hasherFor(yesterday);
    const [a, b] = [new ScanAggregator(serial, 0), new ScanAggregator(serial, 1)];
    const first = scansOf(serial, yesterday, 400, 300, hash);
    a.add(first);
    await flushScanAggregator(a, store);
    const second = scansOf(serial, yesterday, 10, 10, (i) => hash(i + 1000));
    b.add(second); // b's sketch not yet written
    expect(store.db.prepare('SELECT count(*) FROM scan_sketches').pluck().get()).toBe(1);

    await store.admin().endScanDays(today());
    expect(store.db.prepare('SELECT count(*) FROM scan_sketches').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM scanner_keys').pluck().get()).toBe(0);
    const ended = estimateOf(first);
    expect(Math.abs(ended - 300)).toBeLessThanOrEqual(6); // nearly exact at small counts
    expect((await store.summariseScans(serial)).peakScanners).toBe(ended);

    const late = await flushScanAggregator(b, store);
    expect(late?.estimates).toEqual([{ day: yesterday, scanners: estimateOf(second) }]);
    expect(store.db.prepare('SELECT count(*) FROM scan_sketches').pluck().get()).toBe(0);
    const summary = await store.summariseScans(serial);
    // 400 and 10 checks of 1 to 3 scans each; the late estimate (10) does not lower the day's.
    expect(summary.count).toBe(first.reduce((n, s) => n + s.count, 0) + 19);
    expect(summary.peakScanners).toBe(ended);
    expect(b.forgetEndedDays(today())).toEqual([yesterday]);
    expect(a.forgetEndedDays(today())).toEqual([yesterday]);
  });

  it("adds a day's directly written scanners to the aggregators' estimate, before and after the day ends", async () => {
    const serial = serialToHex(randomSerial());
    const day = today();
    const hash = await hasherFor(day);
    // Ten scanners written directly (as an isolate without the aggregator does), forty through it.
    await store.recordScans(scansOf(serial, day, 10, 10, hash));
    const shard = new ScanAggregator(serial, 0);
    const through = scansOf(serial, day, 40, 40, (i) => hash(i + 100));
    shard.add(through);
    await flushScanAggregator(shard, store);
    const n = 10 + estimateOf(through); // 50, or 49 when two of the 40 share a register
    const thresholds = { scannersPerDay: 45, countries: 50 };
    const read = async () => ({
      peak: (await store.summariseScans(serial)).peakScanners,
      history: (await store.admin().scanHistory(serial)).days.map((d) => d.scanners),
      flagged: (await store.admin().flaggedCards(thresholds, 10)).map((f) => f.peakScanners),
    });
    expect(await read()).toEqual({ peak: n, history: [n], flagged: [n] });
    await store.admin().endScanDays(daysFromToday(1));
    expect(await read()).toEqual({ peak: n, history: [n], flagged: [n] });
  });
});

describe('a scan aggregator restarted from its kept state', () => {
  it('writes what it held, once, as if it had never stopped', async () => {
    const serial = serialToHex(randomSerial());
    const day = today();
    const hash = await hasherFor(day);
    const scans = scansOf(serial, day, 300, 120, hash);
    // What a Durable Object keeps of each batch: the counts and the registers it raised.
    const kept: AggregatorState = { seq: 0, outgoing: null, counts: [], registers: [] };
    const before = new ScanAggregator(serial, 1);
    const keep = (changes: ReturnType<ScanAggregator['add']>) => {
      kept.counts.push(...changes.counts.map((c) => ({ ...c, seq: 0 })));
      kept.registers.push(...changes.registers);
    };
    keep(before.add(scans.slice(0, 100)));
    // A flush given out, written, and its answer lost; then more batches; then eviction.
    const given = before.takeFlush()!;
    await store.recordScanFlush(given);
    kept.seq = given.seq;
    kept.outgoing = given.seq;
    kept.counts = kept.counts.map((c) => ({ ...c, seq: given.seq }));
    keep(before.add(scans.slice(100)));

    const after = new ScanAggregator(serial, 1);
    after.restore(kept);
    expect(after.pending).toBe(before.pending);
    expect(await flushScanAggregator(after, store)).toMatchObject({ counted: false });
    expect(await flushScanAggregator(after, store)).toMatchObject({ counted: true });
    expect(await flushScanAggregator(after, store)).toBeNull();
    const summary = await store.summariseScans(serial);
    expect(summary.count).toBe(scans.reduce((n, s) => n + s.count, 0));
    expect(summary.peakScanners).toBe(estimateOf(scans));
  });
});
