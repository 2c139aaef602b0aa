// bench:viral's figures: what each rate counted against what was sent, in workerd and on Node,
// printed line by line.
import {
  countriesMatch,
  percentile,
  type RateResult,
  type Truth,
  type ViralOptions,
} from './viral-harness.js';
import type { NodeRateResult } from './viral-node.js';
import { SKETCH_STANDARD_ERROR } from '../src/core/scan-sketch.js';

/** The revocation lag the design promises at most. */
export const REVOCATION_GOAL_MS = 5000;

const n = (x: number) => x.toLocaleString('en');
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} %`;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(38)}${value}`);

/**
 * The bound the sketch states for nearly every estimate: 3 relative standard errors (about 2.4 %;
 * one in about 370 estimates falls outside). Small days are counted nearly exactly.
 */
export function sketchBound(): number {
  return 3 * SKETCH_STANDARD_ERROR;
}

/** Whether the estimate is within the bound; prints the line. */
function printScanners(truth: Truth, estimate: number, how: string): boolean {
  const error = (estimate - truth.scanners) / truth.scanners;
  const bound = sketchBound();
  const within = bound === null || Math.abs(error) <= bound;
  const verdict =
    bound === null
      ? ''
      : `, bound ±${(bound * 100).toFixed(2)} %: ${within ? 'within' : 'NOT within'}`;
  row(
    'distinct scanners true / estimated',
    `${n(truth.scanners)} / ${n(estimate)} (${how})  error ${pct(error)}${verdict}`,
  );
  return within;
}

/** Prints `counted` against the truth; true when equal. */
function printCounts(truth: Truth, counted: number, perCountry: Map<string, number>): boolean {
  const countries = countriesMatch(truth, perCountry);
  const ok = counted === truth.scans && countries;
  row(
    'scans sent / counted in the registry',
    `${n(truth.scans)} / ${n(counted)}  ${ok ? 'equal' : 'NOT EQUAL'}` +
      ` (${truth.perCountry.size} countries, ${countries ? 'each equal' : 'NOT each equal'})`,
  );
  return ok;
}

/**
 * Prints one workerd rate; true when every scan was counted exactly once and the registry's
 * distinct-scanner figure is within the sketch's bound.
 */
export function printRate(r: RateResult, o: ViralOptions): boolean {
  const perBatch = r.rate / o.isolates;
  console.log(
    `\nworkerd: ${n(r.rate)} scans/s, ${o.isolates} isolates × 1 batch/s (≈${perBatch.toFixed(0)} scans a batch), ` +
      `${o.concurrency} batches in flight`,
  );
  const ok = printCounts(r.truth, r.counted, r.countedPerCountry);
  row(
    'batches sent / resent with their id',
    `${n(r.truth.batches)} / ${n(r.resent)}, answered duplicate: ${n(r.duplicates)}`,
  );
  printScanners(r.truth, r.estimatedScanners, `${r.sketches} shards' sketches merged`);
  const registryError = (r.registryScanners - r.truth.scanners) / r.truth.scanners;
  const registryWithin = Math.abs(registryError) <= sketchBound();
  row(
    "registry's figure (summary, signals)",
    `${n(r.registryScanners)}  error ${pct(registryError)}` +
      (registryWithin ? ', within the bound' : ', NOT within the bound') +
      (r.registryScanners < r.estimatedScanners ? ', below the merged sketches' : ''),
  );
  row(
    'aggregator latency per batch',
    `p50 ${percentile(r.latencies, 0.5)} ms, p99 ${percentile(r.latencies, 0.99)} ms (isolate → object → ack)`,
  );
  const wall = r.wallMs / 1000;
  const writing = r.writeMs / 1000;
  row(
    'D1 writes',
    `${(r.statements / writing).toFixed(1)} statements/s in ${(r.flushes / writing).toFixed(2)} batches/s ` +
      `(${n(r.statements)} statements in ${n(r.flushes)} batches over ${writing.toFixed(1)} s)`,
  );
  row('aggregator shards used', `${r.shards} (each isolate picks one of CACHET_SCAN_SHARDS)`);
  // Paced, never ahead of real time: it kept up when the last second was sent within its second.
  const kept = r.wallMs <= o.seconds * 1000;
  row(
    'time',
    `${o.seconds} simulated s in ${wall.toFixed(1)} s: ${kept ? 'kept up with' : 'slower than'} real time` +
      ` (paced, never ahead of it)`,
  );
  printLag(r, o, kept);
  return ok && registryWithin;
}

/** Prints the Node rate; true when every scan was counted exactly once. */
export function printNodeRate(r: NodeRateResult, o: ViralOptions): boolean {
  console.log(
    `Node: the same ${n(r.truth.batches)} batches through the aggregator service, ${r.shards} shards, SQLite registry file`,
  );
  const ok = printCounts(r.truth, r.counted, r.countedPerCountry);
  printScanners(r.truth, r.estimatedScanners, "the registry's figure");
  row(
    'registry writes',
    `${n(r.statements)} statements in ${n(r.flushes)} transactions (${(r.statements / o.seconds).toFixed(1)} statements a simulated s)`,
  );
  row('time', `${(r.ms / 1000).toFixed(2)} s for ${o.seconds} simulated s`);
  return ok;
}

/** The revocation lag line: meaningful only when the run kept up with real time. */
function printLag(r: RateResult, o: ViralOptions, kept: boolean): void {
  const reads = `${n(r.cardReads)} card reads by the isolates`;
  const lag =
    r.revocationLagMs === null
      ? 'NOT measured: some isolate still called the card standing at the end of the run'
      : `${(r.revocationLagMs / 1000).toFixed(2)} s, ` +
        `${r.revocationLagMs <= REVOCATION_GOAL_MS ? 'within' : 'NOT within'} 5 s`;
  row(
    `revocation lag (worst of ${o.isolates})`,
    kept
      ? `${lag} (revoked at simulated second ${r.revokedAtSecond}; ${reads})`
      : `${lag} in this run behind real time, where rows also aged past CACHET_REGISTRY_FRESH_MS and were read again (${reads})`,
  );
}

/**
 * Prints the real-time revocation run (few scans, so that workerd keeps up); true when every scan
 * was counted and every isolate heard of the revocation within 5 s.
 */
export function printRevocation(r: RateResult, o: ViralOptions): boolean {
  const kept = r.wallMs <= o.seconds * 1000;
  console.log(
    `\nworkerd, revocation at real time: ${n(r.rate)} scans/s (1 a batch), revoked at second ` +
      `${r.revokedAtSecond} of ${o.seconds}, past CACHET_REGISTRY_FRESH_MS (4 s), so isolates' rows are fresh only by the aggregator's answers`,
  );
  const counted = printCounts(r.truth, r.counted, r.countedPerCountry);
  row(
    'time',
    `${o.seconds} simulated s in ${(r.wallMs / 1000).toFixed(1)} s: ${kept ? 'kept up with' : 'slower than'} real time`,
  );
  printLag(r, o, kept);
  if (!kept)
    row('', 'the machine was too busy to keep up with real time: run it again on a quieter one');
  return counted && r.revocationLagMs !== null && r.revocationLagMs <= REVOCATION_GOAL_MS;
}
