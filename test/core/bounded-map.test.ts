// The bounded maps behind every cache and per-client counter: they keep the newest entries,
// evict in the order each caller relies on, and forget an entry once its time is up.
import { describe, expect, it } from 'vitest';
import { BoundedMap, ExpiringMap } from '../../src/core/index.js';

describe('BoundedMap', () => {
  it('evicts the entry written longest ago, whatever was read since', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a read keeps nothing
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
    expect([map.get('b'), map.get('c'), map.size]).toEqual([2, 3, 2]);
  });

  it('makes a key written again the newest, so it outlives the others', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect([map.get('a'), map.has('b'), map.get('c')]).toEqual([10, false, 3]);
  });

  it('evicts the least recently used entry when told to', () => {
    const map = new BoundedMap<string, number>(2, 'least-recently-used');
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a is now the most recent
    map.set('c', 3);
    expect([map.get('a'), map.has('b'), map.get('c'), map.size]).toEqual([1, false, 3, 2]);
  });

  it('keeps a null value apart from an absent key', () => {
    const map = new BoundedMap<string, number | null>(2);
    map.set('gone', null);
    expect(map.get('gone')).toBeNull();
    expect(map.get('never')).toBeUndefined();
  });

  it('never holds more than its size, and nothing at size 0', () => {
    const map = new BoundedMap<number, number>(100);
    for (let i = 0; i < 1_000; i++) map.set(i, i);
    expect(map.size).toBe(100);
    expect([map.get(899), map.get(900), map.get(999)]).toEqual([undefined, 900, 999]);
    const off = new BoundedMap<string, number>(0);
    off.set('a', 1);
    expect([off.get('a'), off.size]).toEqual([undefined, 0]);
  });

  it('forgets a deleted key and everything on clear', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.delete('a')).toBe(true);
    expect([map.get('a'), map.size]).toEqual([undefined, 1]);
    map.clear();
    expect([map.get('b'), map.size]).toEqual([undefined, 0]);
  });
});

describe('ExpiringMap', () => {
  it('answers until its time is up, then reads as absent', () => {
    const map = new ExpiringMap<string, string>(10, 5_000);
    map.set('a', 'first', 1_000);
    expect(map.get('a', 1_000)).toBe('first');
    expect(map.get('a', 5_999)).toBe('first');
    expect(map.get('a', 6_000)).toBeUndefined();
    map.set('a', 'again', 6_000); // written again: a new lifetime
    expect(map.get('a', 10_999)).toBe('again');
    expect(map.get('a', 11_000)).toBeUndefined();
  });

  it('stays within its size, evicting the entry written longest ago', () => {
    const map = new ExpiringMap<string, number>(2, 60_000);
    map.set('a', 1, 0);
    map.set('b', 2, 1);
    expect(map.get('a', 2)).toBe(1); // a read keeps nothing
    map.set('c', 3, 3);
    expect([map.get('a', 4), map.get('b', 4), map.get('c', 4), map.size]).toEqual([
      undefined,
      2,
      3,
      2,
    ]);
    expect(map.delete('b')).toBe(true);
    expect(map.get('b', 4)).toBeUndefined();
  });
});
