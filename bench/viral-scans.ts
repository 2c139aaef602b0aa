// The scans of one viral card, made up the same way wherever they are needed: in workerd, where
// the simulated isolates send them, and on Node, where the driver counts what was sent. Every
// batch follows from (seed, second, isolate), so both sides make the very same batches.
import type { ScanBatch, ScanChannel, ScanCount } from '../src/core/index.js';
import { seededRandom } from './seeded-random.js';

/** The channels, with their share of checks: most people open the verdict page. */
const CHANNELS: [ScanChannel, number][] = [
  ['page', 0.62],
  ['api', 0.23],
  ['image', 0.1],
  ['serial', 0.05],
];

/** 100 countries; the scanners' countries follow a Zipf law over this order. */
export const COUNTRIES = (
  'US GB FR DE JP CN IN BR IT ES CA KR AU MX RU NL TR SA CH SE ID PL BE TH AR NG ZA EG AE IL ' +
  'AT NO DK FI IE PT GR CZ RO HU SG HK TW MY PH VN PK BD CL CO PE VE UA KZ MA DZ TN KE GH ET ' +
  'NZ QA KW OM BH JO LB IQ IR LK NP MM KH LA UY PY BO EC CR PA DO PR CU JM GT HN SV NI SK SI ' +
  'HR RS BG LT LV EE IS LU MT CY'
).split(' ');

/** What a run of the viral card looks like. */
export interface ViralPlan {
  /** Makes every batch; another seed, other batches. */
  seed: number;
  serial: string;
  /** Simulated isolates, each sending one batch a second. */
  isolates: number;
  /** Scans a second over all isolates (10,000 for the viral card, 100,000 at 10×). */
  scansPerSecond: number;
  /** Distinct people who could scan the card on the day. */
  population: number;
  /** Simulated time of second 0 (ms since the epoch). */
  startMs: number;
}

/** murmur3's finaliser: a bijection of 32-bit words that mixes every bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Scanner number `index`'s distinct-scanner hash: 32 hex digits that look as random as the real
 * HMAC, and differ for every index (each word is a bijection of the index).
 */
export function scannerHash(seed: number, index: number): string {
  const a = mix(index ^ mix(seed));
  const b = mix(a + 0x9e3779b9);
  const c = mix(b + 0x7f4a7c15);
  const d = mix(c + 0x632be5ab);
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}

/** Zipf(1) weights' running sums over COUNTRIES. */
const COUNTRY_CUMULATIVE = (() => {
  const weights = COUNTRIES.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();

/** Where scanner `index` is: one country per person, drawn once from the Zipf law. */
export function scannerCountry(seed: number, index: number): string {
  const u = mix(index ^ mix(seed ^ 0x5bd1e995)) / 4294967296;
  const i = COUNTRY_CUMULATIVE.findIndex((c) => u < c);
  return COUNTRIES[i === -1 ? COUNTRIES.length - 1 : i]!;
}

function pickChannel(u: number): ScanChannel {
  let sum = 0;
  for (const [channel, share] of CHANNELS) if (u < (sum += share)) return channel;
  return 'page';
}

/** Scans isolate `isolate` sends for `second`: the second's scans shared as evenly as can be. */
export function scansOf(plan: ViralPlan, isolate: number): number {
  const share = (i: number) => Math.floor((plan.scansPerSecond * i) / plan.isolates);
  return share(isolate + 1) - share(isolate);
}

/**
 * Isolate `isolate`'s batch for simulated `second`: its scans merged as an isolate's batcher
 * merges them (per minute, channel, country and scanner), with a batch id of its own.
 */
export function viralBatch(plan: ViralPlan, second: number, isolate: number): ScanBatch {
  const next = seededRandom(mix(plan.seed ^ mix(second * 65_537 + isolate)));
  const batchId = [next, next, next, next].map((r) => hex8(Math.floor(r() * 4294967296))).join('');
  const minute = new Date(plan.startMs + second * 1000).toISOString().slice(0, 16);
  const merged = new Map<string, ScanCount>();
  for (let n = scansOf(plan, isolate); n > 0; n--) {
    const index = Math.floor(next() * plan.population);
    const channel = pickChannel(next());
    const scanner = scannerHash(plan.seed, index);
    const key = `${minute}|${channel}|${scanner}`;
    const entry = merged.get(key);
    if (entry) entry.count++;
    else
      merged.set(key, {
        serial: plan.serial,
        minute,
        channel,
        country: scannerCountry(plan.seed, index),
        scanner,
        count: 1,
      });
  }
  return { batchId, scans: [...merged.values()] };
}
