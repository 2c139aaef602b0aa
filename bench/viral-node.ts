// bench:viral on Node: the very batches the simulated isolates sent in workerd, through the same
// aggregator service over a SQLite registry file.
import { join } from 'node:path';
import type { ScanBatch } from '../src/core/index.js';
import { flushScanAggregator, ScanAggregator } from '../src/services/scan-aggregator.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { truthOf, type Truth, type ViralOptions } from './viral-harness.js';
import type { ViralPlan } from './viral-scans.js';

/** The same batches through the aggregator service over a SQLite registry file. */
export interface NodeRateResult {
  truth: Truth;
  counted: number;
  countedPerCountry: Map<string, number>;
  estimatedScanners: number;
  ms: number;
  statements: number;
  flushes: number;
  shards: number;
}

/**
 * Feeds a plan's batches to the aggregator service (one ScanAggregator per shard, isolate i to
 * shard i mod `shards`) on Node's store, each shard flushing once a simulated second as the
 * Durable Object does at most.
 */
export async function runNodeRate(
  plan: ViralPlan,
  o: ViralOptions,
  shards = 4,
): Promise<NodeRateResult> {
  const store = openSqliteStore(join(o.dir, `node-${plan.serial}.db`));
  try {
    const day = new Date(plan.startMs).toISOString().slice(0, 10);
    await store.admin().scannerKey(day); // sketches are kept only for a day with a key
    const aggregators = Array.from(
      { length: shards },
      (_, shard) => new ScanAggregator(plan.serial, shard),
    );
    const seconds: ScanBatch[][] = Array.from({ length: o.seconds }, () => []);
    let i = 0;
    const truth = truthOf(plan, o.seconds, (batch) =>
      seconds[Math.floor(i++ / plan.isolates)]!.push(batch),
    );
    let statements = 0;
    let flushes = 0;
    const flushAll = async () => {
      for (const aggregator of aggregators) {
        const done = await flushScanAggregator(aggregator, store);
        if (done) {
          statements += done.statements;
          flushes++;
        }
      }
    };
    const started = performance.now();
    for (const batches of seconds) {
      batches.forEach((batch, isolate) => aggregators[isolate % shards]!.add(batch.scans));
      await flushAll();
    }
    await flushAll();
    const ms = performance.now() - started;
    const summary = await store.summariseScans(plan.serial);
    const rows = store.db
      .prepare('SELECT country, sum(count) AS count FROM scans WHERE serial = ? GROUP BY country')
      .all(plan.serial) as { country: string; count: number }[];
    return {
      truth,
      counted: summary.count,
      countedPerCountry: new Map(rows.map((r) => [r.country, r.count])),
      estimatedScanners: summary.peakScanners,
      ms,
      statements,
      flushes,
      shards,
    };
  } finally {
    store.close();
  }
}
