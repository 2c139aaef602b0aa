// bench:viral's harness in a tiny configuration: simulated isolates' batches, some sent twice,
// reach the registry through the card's sharded aggregator in workerd exactly once, in total and
// per country; the distinct-scanner estimate is within the sketch's stated bound; every isolate
// hears of the revocation; and the same batches count the same on Node's SQLite registry.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type LocalProcess } from '../../src/cli/local-worker.js';
import {
  countriesMatch,
  driveRate,
  startViralWorker,
  type ViralOptions,
} from '../../bench/viral-harness.js';
import { runNodeRate } from '../../bench/viral-node.js';
import { sketchBound } from '../../bench/viral-report.js';
import { tempDir } from '../helpers/fixture.js';

describe('the viral load harness, tiny', () => {
  let worker: LocalProcess;
  let options: ViralOptions;
  beforeAll(async () => {
    options = {
      isolates: 6,
      rates: [1200],
      seconds: 4,
      population: 20_000,
      concurrency: 3,
      resendEvery: 4,
      seed: 7,
      dir: tempDir('cachet-viral-'),
      port: await freePort(),
      inspectorPort: await freePort(),
    };
    worker = await startViralWorker(options);
  });
  afterAll(async () => {
    await worker?.close();
    rmSync(options.dir, { recursive: true, force: true });
  });

  it('counts every scan once in workerd and on Node, and estimates scanners within the bound', async () => {
    const r = await driveRate(worker.url, 1200, options);
    expect(r.truth.scans).toBe(1200 * 4);
    expect(r.counted).toBe(r.truth.scans);
    expect(countriesMatch(r.truth, r.countedPerCountry)).toBe(true);
    expect(r.resent).toBeGreaterThan(0);
    expect(r.duplicates).toBe(r.resent);
    expect(r.shards).toBeGreaterThan(0);
    const bound = sketchBound()!;
    expect(Math.abs(r.estimatedScanners - r.truth.scanners)).toBeLessThanOrEqual(
      bound * r.truth.scanners,
    );
    // The figure the summary and the signals read is the whole union too, not one shard's view.
    expect(Math.abs(r.registryScanners - r.truth.scanners)).toBeLessThanOrEqual(
      bound * r.truth.scanners,
    );
    // Every simulated isolate was told of the revocation by an aggregator's answer.
    expect(r.revocationLagMs).not.toBeNull();

    const node = await runNodeRate(r.plan, options);
    expect(node.truth.scans).toBe(r.truth.scans);
    expect(node.counted).toBe(node.truth.scans);
    expect(countriesMatch(node.truth, node.countedPerCountry)).toBe(true);
    expect(Math.abs(node.estimatedScanners - node.truth.scanners)).toBeLessThanOrEqual(
      bound * node.truth.scanners,
    );
  }, 120_000);
});
