// bench:viral's driver: starts bench/viral-worker.ts in workerd over a local D1, drives one viral
// card's simulated isolates at each rate, and compares what the registry counted with what was
// sent, which it knows exactly because it makes the same batches (bench/viral-scans.ts).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startConfigWorker, type LocalProcess } from '../src/cli/local-worker.js';
import type { IsolatesReport, SecondAnswer, SecondRequest } from './viral-worker.js';
import { viralBatch, type ViralPlan } from './viral-scans.js';

export interface ViralOptions {
  /** Simulated isolates, each sending one batch a second (300). */
  isolates: number;
  /** The rates to drive, scans a second (10,000 and 100,000). */
  rates: number[];
  /** Simulated seconds per rate. */
  seconds: number;
  /** Distinct people who could scan the card in its day (10⁶). */
  population: number;
  /** Batches of a second in flight at once. */
  concurrency: number;
  /** Every n-th batch's answer is dropped, so its isolate sends it again with its id; 0 never. */
  resendEvery: number;
  seed: number;
  /** A folder of its own: config, D1 state, the Node registry file. */
  dir: string;
  port: number;
  inspectorPort: number;
  /** The simulated second at whose start the card is revoked (a third of the way in). */
  revokeAtSecond?: number;
  /** Progress lines (stderr for the bench, nothing in tests). */
  log?: (line: string) => void;
}

/** What was sent in a run, known exactly. */
export interface Truth {
  scans: number;
  batches: number;
  scanners: number;
  perCountry: Map<string, number>;
}

/** One rate's figures. */
export interface RateResult {
  rate: number;
  plan: ViralPlan;
  truth: Truth;
  counted: number;
  countedPerCountry: Map<string, number>;
  /** The estimate of the shards' sketches in the registry, merged. */
  estimatedScanners: number;
  /** The figure the registry's summary reads (scan_days): what signals see. */
  registryScanners: number;
  /** Shards' sketches in the registry for the day. */
  sketches: number;
  /** From the first batch to the end of the final flush. */
  wallMs: number;
  writeMs: number;
  latencies: number[];
  resent: number;
  duplicates: number;
  statements: number;
  flushes: number;
  shards: number;
  /**
   * The worst over the isolates of how long after the revocation committed each still called the
   * card standing, ms; null when some isolate still did at the end.
   */
  revocationLagMs: number | null;
  revokedAtSecond: number;
  /** Card rows the isolates read from D1 themselves (the aggregator's answers spare the rest). */
  cardReads: number;
}

/** The sum of counts, distinct scanners and per-country sums of a plan's batches. */
export function truthOf(
  plan: ViralPlan,
  seconds: number,
  each?: (batch: ReturnType<typeof viralBatch>) => void,
): Truth {
  const scanners = new Set<string>();
  const perCountry = new Map<string, number>();
  let scans = 0;
  let batches = 0;
  for (let second = 0; second < seconds; second++) {
    for (let isolate = 0; isolate < plan.isolates; isolate++) {
      const batch = viralBatch(plan, second, isolate);
      batches++;
      for (const s of batch.scans) {
        scans += s.count;
        scanners.add(s.scanner);
        perCountry.set(s.country, (perCountry.get(s.country) ?? 0) + s.count);
      }
      each?.(batch);
    }
  }
  return { scans, batches, scanners: scanners.size, perCountry };
}

/** The bench Worker in workerd, its local D1 migrated as the registry. */
export function startViralWorker(
  o: Pick<ViralOptions, 'dir' | 'port' | 'inspectorPort'>,
): Promise<LocalProcess> {
  return startConfigWorker({
    dir: join(o.dir, 'workerd'),
    config: 'bench/wrangler.viral.toml',
    port: o.port,
    inspectorPort: o.inspectorPort,
    d1: 'cachet-viral',
  });
}

/**
 * Posts `body` (or gets) and reads the JSON answer. `again`: an idempotent call is made once more
 * when the connection kept alive was closed meanwhile (the driver is idle while Node counts).
 */
async function call<T>(url: string, body?: unknown, again = false): Promise<T> {
  let response: Response;
  try {
    response = await fetch(
      url,
      body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
    );
  } catch (error) {
    if (!again) throw error;
    return call(url, body, false);
  }
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Today at 12:00 UTC: the simulated seconds stay inside one UTC day. */
export function noonToday(now = new Date()): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12);
}

/** Drives one rate against the Worker at `url`: every simulated second, then a final flush. */
export async function driveRate(url: string, rate: number, o: ViralOptions): Promise<RateResult> {
  const plan: ViralPlan = {
    seed: o.seed + rate,
    serial: randomBytes(8).toString('hex'),
    isolates: o.isolates,
    scansPerSecond: rate,
    population: o.population,
    startMs: noonToday(),
  };
  await call(`${url}/start`, { plan, resendEvery: o.resendEvery }, true);
  const revokedAtSecond = o.revokeAtSecond ?? Math.floor(o.seconds / 3);
  const latencies: number[] = [];
  const started = performance.now();
  for (let second = 0; second < o.seconds; second++) {
    // Never ahead of real time, so that the aggregator's timers see the real rate.
    const due = started + second * 1000 - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    if (second === revokedAtSecond) await call(`${url}/revoke`, {});
    const request: SecondRequest = { plan, second, concurrency: o.concurrency };
    latencies.push(...(await call<SecondAnswer>(`${url}/second`, request)).latencies);
    o.log?.(`  ${rate.toLocaleString('en')}/s: second ${second + 1}/${o.seconds}`);
  }
  const wallMs = performance.now() - started;
  await call(`${url}/flush`, {}, true);
  const writeMs = performance.now() - started;
  const stats = await call<Record<string, number>[]>(`${url}/stats`, undefined, true);
  const report = await call<IsolatesReport>(`${url}/report`, undefined, true);
  const counted = await call<{
    summary: { count: number; peakScanners: number };
    countries: { country: string; count: number }[];
    sketches: number;
    union: number;
  }>(`${url}/counted`, undefined, true);
  const lags = report.lastStanding.map((at) => (at === null ? 0 : at - report.revokedAt!));
  return {
    rate,
    plan,
    truth: truthOf(plan, o.seconds),
    counted: counted.summary.count,
    countedPerCountry: new Map(counted.countries.map((c) => [c.country, c.count])),
    estimatedScanners: counted.union,
    registryScanners: counted.summary.peakScanners,
    sketches: counted.sketches,
    wallMs,
    writeMs,
    latencies,
    resent: report.resent,
    duplicates: report.duplicates,
    statements: stats.reduce((a, s) => a + (s.statements ?? 0), 0),
    flushes: stats.reduce((a, s) => a + (s.flushes ?? 0), 0),
    shards: report.shards.length,
    revocationLagMs: report.revokedNow.every(Boolean) ? Math.max(0, ...lags) : null,
    revokedAtSecond,
    cardReads: report.cardReads,
  };
}

/** The value below which `p` of the sorted values fall. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Whether every country's count matches what was sent. */
export function countriesMatch(truth: Truth, counted: Map<string, number>): boolean {
  if (truth.perCountry.size !== counted.size) return false;
  for (const [country, n] of truth.perCountry) if (counted.get(country) !== n) return false;
  return true;
}
