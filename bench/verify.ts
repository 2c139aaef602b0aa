// npm run bench:verify: req/s of Cachet's /api/v1/verify on Node against a bare Hono server whose
// route runs one Ed25519 verify, all in one run, so the ratio holds on a shared, noisy machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launch, type LocalProcess } from '../src/cli/local-worker.js';
import {
  benchOptions,
  expectAuthentic,
  GOAL,
  REPEAT_GOAL,
  LIMIT_NEVER_HIT,
  runRounds,
  startCachet,
} from './rounds.js';

const options =
  benchOptions(`npm run bench:verify -- [--duration SECONDS] [--connections N] [--rounds N]

Starts Cachet (node dist/src/node.js, demo registry in a temporary folder) and a bare Hono server
whose route runs one WebCrypto Ed25519 verify, each in its own process, then loads them in turn with
autocannon, ROUNDS times, and prints req/s and the ratios. Cachet runs twice: with the signature
memo off (every request runs the whole verification) and on (a card scanned again skips the
curve arithmetic, as on a viral day). Goals: ratio >= ${GOAL} with every request verified,
>= ${REPEAT_GOAL} for repeat scans.`);

const dist = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-'));
const started: LocalProcess[] = [];

async function cachet(name: string, memo: number): Promise<string> {
  const { server, demoUrl } = await startCachet(dir, name, {
    CACHET_VERIFY_MEMO: String(memo),
    // One load generator is one client: the limiter stays in the path, with a limit it never hits.
    CACHET_RATE_LIMITS: `verify=${LIMIT_NEVER_HIT}`,
  });
  started.push(server);
  return demoUrl.replace('/c/', '/api/v1/verify/');
}

try {
  const cold = await cachet('cold', 0);
  const repeat = await cachet('repeat', 10_000);
  const barePort = await freePort();
  started.push(
    await launch(process.execPath, [join(dist, 'bench/bare-verify-server.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORT: String(barePort) },
      ready: /ready/,
      url: `http://127.0.0.1:${barePort}`,
    }),
  );
  await expectAuthentic([cold, repeat]);
  await runRounds(
    'bench:verify',
    [
      {
        label: 'bare Hono + 1 Ed25519 verify (baseline)',
        url: `http://127.0.0.1:${barePort}/api/v1/verify/${cold.split('/').pop()}`,
      },
      { label: 'cachet, every request verified', url: cold },
      { label: 'cachet, repeat scans (memo)', url: repeat, goal: REPEAT_GOAL },
    ],
    options,
  );
} finally {
  await Promise.all(started.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
}
