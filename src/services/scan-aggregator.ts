// One shard of a card's scan aggregator, as a rule written once: isolates' batches merged into
// exact counts per minute, channel and country and one distinct-scanner sketch per day, and what
// one flush writes to the registry. The Workers' Durable Object keeps its state durable around
// it (src/workers/scan-object.ts); on Node it runs over the SQLite store as it is.
import {
  aggregatorName,
  CachetError,
  type ScanBatch,
  type ScanChannel,
  type ScanCount,
} from '../core/index.js';
import type { ScanFlush, ScanFlushResult } from '../core/scan-flush.js';
import { ScanSketch } from '../core/scan-sketch.js';

/** Where flushes are written: the registry (SqlStore.recordScanFlush, on D1 or SQLite). */
export interface ScanFlushStore {
  recordScanFlush(flush: ScanFlush): Promise<ScanFlushResult>;
}

/** A register of a day's sketch raised by a batch. */
export interface RaisedRegister {
  day: string;
  index: number;
  rank: number;
}

/** What a batch changed: what a caller keeping the state elsewhere must write before answering. */
export interface BatchChanges {
  /** Counts added, scanner ''. */
  counts: ScanCount[];
  registers: RaisedRegister[];
}

/** A shard's state as kept outside memory, to carry on after a restart. */
export interface AggregatorState {
  /** The last flush number given out. */
  seq: number;
  /** The flush given out and not yet written, if any: its counts are those with its seq. */
  outgoing: number | null;
  /** Counts by flush: seq 0 for those not yet in a flush. */
  counts: (ScanCount & { seq: number })[];
  registers: RaisedRegister[];
}

const CHANNELS = new Set<ScanChannel>(['page', 'api', 'image', 'serial']);
const MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * Checks a batch as an isolate sends it: a 32-hex id, and counts of `serial` only.
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the field that is wrong.
 */
export function checkScanBatch(batch: unknown, serial: string): ScanBatch {
  const b = batch as Partial<ScanBatch> | null;
  const bad = (what: string) => new CachetError('ERR_INVALID_ARGUMENT', `a scan batch ${what}`);
  if (typeof b?.batchId !== 'string' || !/^[0-9a-f]{32}$/.test(b.batchId))
    throw bad('needs a batchId of 32 hex digits');
  if (!Array.isArray(b.scans)) throw bad('needs a list of scans');
  for (const s of b.scans as Partial<ScanCount>[]) {
    if (s?.serial !== serial) throw bad(`holds scans of one card only, here ${serial}`);
    if (typeof s.minute !== 'string' || !MINUTE.test(s.minute)) throw bad('needs minutes');
    if (!CHANNELS.has(s.channel as ScanChannel)) throw bad('needs a known channel');
    if (typeof s.country !== 'string' || s.country.length > 2) throw bad('needs country codes');
    // '' or a scanner hash (16 bytes in hex): checked before anything is merged.
    if (typeof s.scanner !== 'string' || !/^(|[0-9a-f]{32})$/.test(s.scanner))
      throw bad('needs scanner hashes of 32 hex digits');
    if (!Number.isSafeInteger(s.count) || s.count! < 1) throw bad('needs positive counts');
  }
  return b as ScanBatch;
}

const countKey = (c: Pick<ScanCount, 'minute' | 'channel' | 'country'>) =>
  `${c.minute}|${c.channel}|${c.country}`;

/** Adds `count` to the entry of its minute, channel and country in `map`. */
function addCount(map: Map<string, ScanCount>, c: ScanCount, serial: string): void {
  const key = countKey(c);
  const entry = map.get(key);
  if (entry) entry.count += c.count;
  else
    map.set(key, {
      serial,
      minute: c.minute,
      channel: c.channel,
      country: c.country,
      scanner: '',
      count: c.count,
    });
}

/** One shard of one card's aggregator: merges batches, and gives out one flush at a time. */
export class ScanAggregator {
  readonly serial: string;
  readonly shard: number;
  readonly name: string;
  #seq = 0;
  #pending = new Map<string, ScanCount>();
  /** The flush given out and not yet written: given out again, same seq, until it is. */
  #outgoing: { seq: number; counts: ScanCount[] } | null = null;
  /** Each day's sketch, with how often it changed and the change count last written. */
  #days = new Map<string, { sketch: ScanSketch; changes: number; written: number }>();
  /** The change count of each day's sketch in the flush given out. */
  #taken = new Map<string, number>();

  constructor(serial: string, shard: number) {
    this.serial = serial;
    this.shard = shard;
    this.name = aggregatorName(serial, shard);
  }

  /** Merges one batch's scans; returns what changed. */
  add(scans: ScanCount[]): BatchChanges {
    const counts = new Map<string, ScanCount>();
    const registers: RaisedRegister[] = [];
    for (const s of scans) {
      addCount(this.#pending, s, this.serial);
      addCount(counts, s, this.serial);
      if (s.scanner === '') continue;
      const day = s.minute.slice(0, 10);
      const raised = this.#day(day).sketch.add(s.scanner);
      if (raised) {
        this.#days.get(day)!.changes++;
        registers.push({ day, ...raised });
      }
    }
    return { counts: [...counts.values()], registers };
  }

  /** Carries on from a state kept elsewhere (every day's sketch is written again once). */
  restore(state: AggregatorState): void {
    this.#seq = state.seq;
    const outgoing = new Map<string, ScanCount>();
    for (const c of state.counts) {
      if (c.seq === 0) addCount(this.#pending, c, this.serial);
      else if (c.seq === state.outgoing) addCount(outgoing, c, this.serial);
    }
    this.#outgoing =
      state.outgoing === null ? null : { seq: state.outgoing, counts: [...outgoing.values()] };
    for (const r of state.registers) {
      const day = this.#day(r.day);
      if (day.sketch.raise(r.index, r.rank)) day.changes++;
    }
  }

  /** Scans merged and not yet written. */
  get pending(): number {
    let n = 0;
    for (const c of this.#pending.values()) n += c.count;
    for (const c of this.#outgoing?.counts ?? []) n += c.count;
    return n;
  }

  /**
   * The next flush: the one given out before if it was not written (same seq, same counts, the
   * sketches as they are now), else every pending count and each day whose sketch changed since
   * it was last written. Null when there is nothing to write. `newSeq` is true when the pending
   * counts moved into a new flush (a caller keeping the state elsewhere marks them with its seq).
   */
  takeFlush(): (ScanFlush & { newSeq: boolean }) | null {
    const sketches: ScanFlush['sketches'] = [];
    this.#taken.clear();
    for (const [day, d] of this.#days) {
      if (d.changes === d.written) continue;
      sketches.push({ day, registers: d.sketch.toBytes() });
      this.#taken.set(day, d.changes);
    }
    let newSeq = false;
    if (!this.#outgoing) {
      if (this.#pending.size === 0 && sketches.length === 0) return null;
      // A new number even for sketches alone: a number once given out is never given again.
      this.#outgoing = { seq: ++this.#seq, counts: [...this.#pending.values()] };
      this.#pending = new Map();
      newSeq = true;
    }
    return {
      aggregator: this.name,
      serial: this.serial,
      shard: this.shard,
      seq: this.#outgoing.seq,
      counts: this.#outgoing.counts,
      sketches,
      newSeq,
    };
  }

  /** The flush `seq` is in the registry: its counts leave, its sketches are clean. */
  flushed(seq: number): void {
    if (this.#outgoing?.seq === seq) this.#outgoing = null;
    for (const [day, changes] of this.#taken) {
      const d = this.#days.get(day);
      if (d) d.written = changes;
    }
    this.#taken.clear();
  }

  /** The days whose sketch this shard holds. */
  get days(): string[] {
    return [...this.#days.keys()];
  }

  /**
   * Forgets the sketches of days before `today` that are written: a sketch must not outlive its
   * day. Returns the days forgotten.
   */
  forgetEndedDays(today: string): string[] {
    const ended: string[] = [];
    for (const [day, d] of this.#days) {
      if (day < today && d.changes === d.written) {
        this.#days.delete(day);
        ended.push(day);
      }
    }
    return ended;
  }

  #day(day: string) {
    let d = this.#days.get(day);
    if (!d) this.#days.set(day, (d = { sketch: new ScanSketch(), changes: 0, written: 0 }));
    return d;
  }
}

/**
 * Writes the aggregator's next flush to `store`. A flush that fails stays given out and is
 * written again, same seq, on the next call: the registry adds its counts once.
 */
export async function flushScanAggregator(
  aggregator: ScanAggregator,
  store: ScanFlushStore,
): Promise<(ScanFlushResult & { scans: number }) | null> {
  const flush = aggregator.takeFlush();
  if (!flush) return null;
  const result = await store.recordScanFlush(flush);
  aggregator.flushed(flush.seq);
  return { ...result, scans: flush.counts.reduce((n, c) => n + c.count, 0) };
}
