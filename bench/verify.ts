// npm run bench:verify: req/s of Cachet's /api/v1/verify against a bare Hono + one Ed25519 verify,
// both measured in this run, alternating, so the ratio holds on a shared, noisy machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const GOAL = 0.75;
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`npm run bench:verify -- [--duration SECONDS] [--connections N] [--rounds N]

Starts Cachet (node dist/src/node.js, demo registry in a temporary folder) and a bare Hono server
whose route runs one WebCrypto Ed25519 verify, each in its own process, then loads them in turn with
autocannon, ROUNDS times, and prints req/s and the ratio. Goal: ratio >= ${GOAL}.`);
  process.exit(0);
}
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const dist = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a server and resolves with its output once `ready` appears in it. */
function launch(
  script: string,
  env: Record<string, string>,
  ready: string,
): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, [join(dist, script)], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes(ready)) resolve({ child, output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}:\n${output}`)));
  });
}

async function load(url: string, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-'));
const [cachetPort, barePort] = [await freePort(), await freePort()];
const cachet = await launch(
  'src/node.js',
  {
    PORT: String(cachetPort),
    CACHET_DB: join(dir, 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
  },
  'Press Ctrl+C',
);
const bare = await launch('bench/bare-verify-server.js', { PORT: String(barePort) }, 'ready');
try {
  const demoUrl = /^ {2}authentic +(\S+)$/m.exec(cachet.output)?.[1];
  if (!demoUrl) throw new Error(`no demo card URL in the server's output:\n${cachet.output}`);
  const targets = {
    cachet: demoUrl.replace('/c/', '/api/v1/verify/'),
    bare: `http://127.0.0.1:${barePort}/api/v1/verify/${demoUrl.split('/c/')[1]}`,
  };
  const check = (await (await fetch(targets.cachet)).json()) as { status: string };
  if (check.status !== 'authentic')
    throw new Error(`the demo card is ${check.status}, not authentic`);

  console.log(
    `bench:verify  ${rounds} rounds × ${duration} s per server, ${connections} connections, Node ${process.version}`,
  );
  for (const url of Object.values(targets)) await load(url, 2); // warm up both JITs
  const rps = { cachet: [] as number[], bare: [] as number[] };
  const p99 = { cachet: [] as number[], bare: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    for (const name of round % 2 ? (['bare', 'cachet'] as const) : (['cachet', 'bare'] as const)) {
      const r = await load(targets[name], duration);
      rps[name].push(r.requests.average);
      p99[name].push(r.latency.p99);
      console.log(
        `  round ${round}  ${name.padEnd(6)}  ${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(rps.cachet) / mean(rps.bare);
  console.log(
    `\n  cachet /api/v1/verify  ${mean(rps.cachet).toFixed(0)} req/s (p99 ${mean(p99.cachet).toFixed(1)} ms)`,
  );
  console.log(
    `  bare Hono + 1 verify   ${mean(rps.bare).toFixed(0)} req/s (p99 ${mean(p99.bare).toFixed(1)} ms)`,
  );
  console.log(
    `  ratio                  ${ratio.toFixed(3)}  (goal >= ${GOAL}: ${ratio >= GOAL ? 'met' : 'NOT met'})`,
  );
} finally {
  cachet.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
