// ScanBatcher: scans merge in memory, go out in one batch, and none is lost when a write fails.
import { describe, expect, it } from 'vitest';
import { ScanBatcher, scanMinute, type ScanCount } from '../../src/core/index.js';

const event = (serial: string, channel: 'page' | 'api' = 'page') => ({
  serial,
  minute: '2024-02-29T10:00',
  channel,
  country: 'FR',
  scanner: '',
});

describe('ScanBatcher', () => {
  it('merges scans per serial, minute, channel and country, and writes them as one batch', async () => {
    const batches: ScanCount[][] = [];
    const scans = new ScanBatcher(
      async (b) => void batches.push(b),
      () => {},
    );
    for (let i = 0; i < 5; i++) scans.add(event('a'));
    scans.add(event('a', 'api'));
    scans.add(event('b'));
    expect(scans.pending).toBe(7);
    await scans.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((s) => [s.serial, s.channel, s.count])).toEqual([
      ['a', 'page', 5],
      ['a', 'api', 1],
      ['b', 'page', 1],
    ]);
    expect(scans.pending).toBe(0);
    await scans.flush();
    expect(batches).toHaveLength(1); // nothing pending, nothing written
  });

  it('keeps a failed batch for the next write and reports the error', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: ScanCount[] = [];
    const scans = new ScanBatcher(
      async (b) => {
        if (fail) throw new Error('D1 unavailable');
        written.push(...b);
      },
      (e) => errors.push(e),
    );
    scans.add(event('a'));
    scans.add(event('a'));
    await scans.flush();
    expect(errors).toHaveLength(1);
    expect(scans.pending).toBe(2);
    fail = false;
    scans.add(event('a'));
    await scans.flush();
    expect(written).toEqual([{ ...event('a'), count: 3 }]);
  });

  it('runs one write at a time; scans added during a write go in the next', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batches: number[] = [];
    const scans = new ScanBatcher(
      async (b) => {
        batches.push(b.reduce((n, s) => n + s.count, 0));
        if (batches.length === 1) await gate;
      },
      () => {},
    );
    scans.add(event('a'));
    const first = scans.flush();
    await Promise.resolve();
    scans.add(event('a'));
    scans.add(event('b'));
    const second = scans.flush();
    release();
    await Promise.all([first, second]);
    expect(batches).toEqual([1, 2]);
  });

  it('flushSoon schedules one write for everything added until it runs', async () => {
    const batches: number[] = [];
    const scans = new ScanBatcher(
      async (b) => void batches.push(b.reduce((n, s) => n + s.count, 0)),
      () => {},
    );
    expect(scans.flushSoon(20)).toBeUndefined(); // nothing pending
    scans.add(event('a'));
    const scheduled = scans.flushSoon(20);
    expect(scheduled).toBeInstanceOf(Promise);
    for (let i = 0; i < 9; i++) {
      scans.add(event('a'));
      expect(scans.flushSoon(20)).toBeUndefined(); // already scheduled
    }
    await scheduled;
    expect(batches).toEqual([10]);
    scans.add(event('b'));
    await scans.flushSoon(20);
    expect(batches).toEqual([10, 1]);
  });

  it('counts by the UTC minute', () => {
    expect(scanMinute(new Date('2024-02-29T10:59:59.999Z'))).toBe('2024-02-29T10:59');
  });
});
