// `npm run bench:viral`: one card scanned by the whole internet. Simulated isolates send the card's
// scan batches to its aggregator in workerd at 10,000 scans a second and at 10×, then the same
// batches go through the aggregator service on Node's SQLite registry; prints what was counted
// against what was sent, the distinct-scanner error, latency, D1 writes and revocation lag.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../src/cli/local-worker.js';
import { driveRate, startViralWorker, type ViralOptions } from './viral-harness.js';
import { runNodeRate } from './viral-node.js';
import { printNodeRate, printRate, printRevocation } from './viral-report.js';

const { values } = parseArgs({
  options: {
    isolates: { type: 'string', default: '300' },
    rates: { type: 'string', default: '10000,100000' },
    seconds: { type: 'string', default: '6' },
    population: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '30' },
    'resend-every': { type: 'string', default: '100' },
    seed: { type: 'string', default: '26' },
    port: { type: 'string' },
    'inspector-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`npm run bench:viral -- [--isolates 300] [--rates 10000,100000] [--seconds 6]
    [--population 1000000] [--concurrency 30] [--resend-every 100] [--seed 26]
    [--port N] [--inspector-port N]

Starts bench/viral-worker.ts in workerd (wrangler dev) over a local D1 migrated as the registry.
For each rate, a fresh card: every simulated second each simulated isolate (the Worker's own
scan forwarder and registry store) adds its scans (rate/isolates of them, 4 channels, 100
countries, scanners drawn from --population people), answers for the card from its store, and
sends its batch to its shard of the card's aggregator Durable Object, --concurrency isolates at
a time, never ahead of real time. One answer in --resend-every is dropped, so that the isolate
sends that batch again with its id. The card is revoked a third of the way in. After a final
flush it prints scans sent against counted in D1 (exit 1 unless equal, in total and per
country), distinct scanners against the sketch's estimate and the registry's own figure (exit 1
unless within the sketch's bound), latency per batch, D1 writes a
second, and the worst revocation lag over the isolates. Then the same batches go through the
aggregator service over a SQLite registry file. Last, a run at one scan per isolate a second,
which keeps up with real time, revokes a card once the isolates' rows are fresh only by the
aggregator's answers, and prints the worst lag (goal: 5 s).`);
  process.exit(0);
}

// In memory where the machine has it: every aggregator answer waits for its storage to be durable,
// and the figures should measure the code rather than this machine's disk (fsync).
const dir = mkdtempSync(
  join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cachet-bench-viral-'),
);
const options: ViralOptions = {
  isolates: Number(values.isolates),
  rates: values.rates.split(',').map(Number),
  seconds: Number(values.seconds),
  population: Number(values.population),
  concurrency: Number(values.concurrency),
  resendEvery: Number(values['resend-every']),
  seed: Number(values.seed),
  dir,
  port: values.port ? Number(values.port) : await freePort(),
  inspectorPort: values['inspector-port'] ? Number(values['inspector-port']) : await freePort(),
  log: (line) => process.stderr.write(`${line}\n`),
};
let ok = true;
const worker = await startViralWorker(options);
try {
  console.log(
    `bench:viral  ${options.isolates} isolates × 1 batch/s, ${options.seconds} simulated s per rate, ` +
      `scanners drawn from ${options.population.toLocaleString('en')}, Node ${process.version}`,
  );
  for (const rate of options.rates) {
    const result = await driveRate(worker.url, rate, options);
    ok = printRate(result, options) && ok;
    ok = printNodeRate(await runNodeRate(result.plan, options), options) && ok;
  }
  // Revocation at real time: one scan per isolate a second, which workerd here keeps up with.
  // Revoked past CACHET_REGISTRY_FRESH_MS (4 s), with 7 s left to see every isolate hear of it.
  const revocation = { ...options, seconds: 12, revokeAtSecond: 5 };
  ok = printRevocation(await driveRate(worker.url, options.isolates, revocation), revocation) && ok;
} finally {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
}
if (!ok) {
  console.log(
    'FAILED: a scan was not counted exactly once, the distinct-scanner figure is out of its bound, ' +
      'or the revocation did not reach every isolate within 5 s (see above)',
  );
  process.exit(1);
}
