// npm run bench:edge: req/s of the Worker's /api/v1/verify in workerd (local D1) against a bare
// Hono Worker whose route runs one Ed25519 verify, all in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startConfigWorker,
  startLocalWorker,
  type LocalProcess,
} from '../src/cli/local-worker.js';
import {
  benchOptions,
  demoRegistry,
  expectAuthentic,
  GOAL,
  REPEAT_GOAL,
  runRounds,
} from './rounds.js';

const options =
  benchOptions(`npm run bench:edge -- [--duration SECONDS] [--connections N] [--rounds N]

Builds a demo registry, starts the Worker (src/worker.ts) in workerd through wrangler dev twice,
with the signature memo off and on, over a local D1 seeded with it, and a bare Hono Worker whose
route runs one Ed25519 verify; loads them in turn with autocannon and prints req/s and the
ratios. Goals: ratio >= ${GOAL} with every request verified, >= ${REPEAT_GOAL} for repeat scans.`);

const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-edge-'));
const started: LocalProcess[] = [];
try {
  const { config, authentic } = await demoRegistry(dir);
  const token = authentic.token;

  const worker = async (name: string, memo: number) => {
    const w = await startLocalWorker({
      dir: join(dir, name),
      dbPath: config.dbPath,
      keysDir: config.keysDir,
      port: await freePort(),
      inspectorPort: await freePort(),
      verifyMemo: memo,
      // One load generator is one client: the limiters (the Rate Limiting binding, then the
      // isolate's) stay in the path, never reached.
      vars: { CACHET_RATE_LIMITS: 'verify=1000000000' },
      editConfig: (text) =>
        text.replace(/simple = \{ limit = \d+/g, 'simple = { limit = 1000000000'),
    });
    started.push(w);
    return `${w.url}/api/v1/verify/${token}`;
  };
  const cold = await worker('cold', 0);
  const repeat = await worker('repeat', 10_000);
  const bare = await startConfigWorker({
    dir: join(dir, 'bare'),
    config: 'bench/wrangler.bare.toml',
    port: await freePort(),
    inspectorPort: await freePort(),
  });
  started.push(bare);
  await expectAuthentic([cold, repeat]);
  await runRounds(
    'bench:edge',
    [
      {
        label: 'bare Hono Worker + 1 Ed25519 verify (baseline)',
        url: `${bare.url}/api/v1/verify/${token}`,
      },
      { label: 'cachet Worker, every request verified', url: cold },
      { label: 'cachet Worker, repeat scans (memo)', url: repeat, goal: REPEAT_GOAL },
    ],
    options,
  );
} finally {
  await Promise.all(started.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
}
