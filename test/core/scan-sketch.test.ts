// The distinct-scanner sketch: its estimate within the error it states, at a viral card's 10⁶
// scanners and at a boutique's few; duplicates change nothing; shards merge into the union.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScanSketch, SKETCH_REGISTERS, SKETCH_STANDARD_ERROR } from '../../src/core/scan-sketch.js';

/**
 * Scanner hashes as the Worker makes them: HMAC-SHA256 under a day key, cut to 32 hex digits.
 * The key is fixed, so each bound below is checked on the same inputs every run.
 */
const dayKey = Buffer.from('a fixed day key for the sketch tests');
const hashOf = (i: number) =>
  createHmac('sha256', dayKey).update(`198.51.100.${i}`).digest('hex').slice(0, 32);

describe('the distinct-scanner sketch', () => {
  it('states 0.81 %, and keeps 3 bytes a scanner for a small day and 16 KiB at most', () => {
    expect(SKETCH_REGISTERS).toBe(16_384);
    expect(SKETCH_STANDARD_ERROR).toBeCloseTo(0.008125, 5);
    const sketch = new ScanSketch();
    expect(sketch.toBytes().length).toBe(0);
    for (let i = 0; i < 20; i++) sketch.add(hashOf(i));
    const small = sketch.toBytes();
    expect(small.length).toBeLessThanOrEqual(60);
    expect(new ScanSketch(small).registers).toEqual(sketch.registers);
    for (let i = 20; i < 100_000; i++) sketch.add(hashOf(i));
    const dense = sketch.toBytes();
    expect(dense.length).toBe(16_384);
    expect(new ScanSketch(dense).registers).toEqual(sketch.registers);
    // A small sketch merges into a dense one as its registers would.
    expect(new ScanSketch(dense).merge(small).registers).toEqual(sketch.registers);
  });

  it('estimates 10^6 distinct scanners within 3 standard errors', () => {
    const sketch = new ScanSketch();
    for (let i = 0; i < 1_000_000; i++) sketch.add(hashOf(i));
    const error = Math.abs(sketch.estimate() - 1_000_000) / 1_000_000;
    expect(error).toBeLessThan(3 * SKETCH_STANDARD_ERROR);
  }, 60_000);

  it('stays within 3 standard errors across the switch from linear counting (20k to 200k)', () => {
    const sketch = new ScanSketch();
    let n = 0;
    for (const target of [20_000, 41_000, 60_000, 80_000, 120_000, 200_000]) {
      for (; n < target; n++) sketch.add(hashOf(n));
      expect(Math.abs(sketch.estimate() - n) / n, `at ${n}`).toBeLessThan(
        3 * SKETCH_STANDARD_ERROR,
      );
    }
  });

  it('counts a boutique-sized day nearly exactly', () => {
    const sketch = new ScanSketch();
    expect(sketch.estimate()).toBe(0);
    expect(sketch.empty).toBe(true);
    for (let i = 0; i < 50; i++) sketch.add(hashOf(i));
    expect(sketch.estimate()).toBe(50);
    for (let i = 50; i < 1000; i++) sketch.add(hashOf(i));
    expect(Math.abs(sketch.estimate() - 1000)).toBeLessThanOrEqual(10);
  });

  it('does not move for a scanner seen again', () => {
    const sketch = new ScanSketch();
    for (let i = 0; i < 5000; i++) sketch.add(hashOf(i));
    const before = sketch.toBytes();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) expect(sketch.add(hashOf(i))).toBeUndefined();
    }
    expect(sketch.toBytes()).toEqual(before);
  });

  it('merges two shards into the sketch of the union, however the scanners split', () => {
    const a = new ScanSketch();
    const b = new ScanSketch();
    const whole = new ScanSketch();
    // Overlapping halves: 0..59,999 in one shard, 40,000..99,999 in the other.
    for (let i = 0; i < 100_000; i++) {
      if (i < 60_000) a.add(hashOf(i));
      if (i >= 40_000) b.add(hashOf(i));
      whole.add(hashOf(i));
    }
    const merged = new ScanSketch(a.toBytes()).merge(b.toBytes());
    expect(merged.toBytes()).toEqual(whole.toBytes());
    expect(merged.estimate()).toBe(whole.estimate());
    expect(new ScanSketch(b.toBytes()).merge(a).estimate()).toBe(whole.estimate());
  });

  it('refuses bytes that are not a sketch and input that is not a hash', () => {
    expect(() => new ScanSketch(new Uint8Array(10))).toThrow(TypeError);
    expect(() => new ScanSketch().add('not a hash')).toThrow(TypeError);
  });
});
