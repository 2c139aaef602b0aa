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
autocannon, ROUNDS times, and prints req/s and the ratios. Cachet runs twice: with the signature
memo off (every request runs the whole verification) and on (a card scanned again skips the
curve arithmetic, as on a viral day). Goal: ratio >= ${GOAL}.`);
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
const cachetServer = async (name: string, memo: string) => {
  const port = await freePort();
  const env = {
    PORT: String(port),
    CACHET_DB: join(dir, name, 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, name, 'keys'),
    CACHET_VERIFY_MEMO: memo,
  };
  return launch('src/node.js', env, 'Press Ctrl+C');
};
// "cold": every request runs the whole verification, Ed25519 included (CACHET_VERIFY_MEMO=0).
// "repeat": the default, where a token already verified skips the curve arithmetic (a viral card).
const cold = await cachetServer('cold', '0');
const repeat = await cachetServer('repeat', '10000');
const barePort = await freePort();
const bare = await launch('bench/bare-verify-server.js', { PORT: String(barePort) }, 'ready');
const children = [cold.child, repeat.child, bare.child];
try {
  const demoUrl = (output: string) => {
    const url = /^ {2}authentic +(\S+)$/m.exec(output)?.[1];
    if (!url) throw new Error(`no demo card URL in the server's output:\n${output}`);
    return url;
  };
  const coldUrl = demoUrl(cold.output);
  const targets = {
    bare: `http://127.0.0.1:${barePort}/api/v1/verify/${coldUrl.split('/c/')[1]}`,
    cold: coldUrl.replace('/c/', '/api/v1/verify/'),
    repeat: demoUrl(repeat.output).replace('/c/', '/api/v1/verify/'),
  };
  for (const name of ['cold', 'repeat'] as const) {
    const check = (await (await fetch(targets[name])).json()) as { status: string };
    if (check.status !== 'authentic') throw new Error(`the ${name} demo card is ${check.status}`);
  }

  type Name = keyof typeof targets;
  const names: Name[] = ['bare', 'cold', 'repeat'];
  console.log(
    `bench:verify  ${rounds} rounds × ${duration} s per server, ${connections} connections, Node ${process.version}`,
  );
  for (const name of names) await load(targets[name], 2); // warm up every JIT
  const rps: Record<Name, number[]> = { bare: [], cold: [], repeat: [] };
  const p99: Record<Name, number[]> = { bare: [], cold: [], repeat: [] };
  for (let round = 1; round <= rounds; round++) {
    // Rotate the order so that no server always runs first or last.
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      const r = await load(targets[name], duration);
      rps[name].push(r.requests.average);
      p99[name].push(r.latency.p99);
      console.log(
        `  round ${round}  ${name.padEnd(6)}  ${r.requests.average.toFixed(0).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const line = (label: string, name: Name) =>
    `  ${label.padEnd(44)} ${mean(rps[name]).toFixed(0).padStart(6)} req/s  (p99 ${mean(p99[name]).toFixed(1)} ms)`;
  const ratio = (name: Name) => mean(rps[name]) / mean(rps.bare);
  const verdict = (r: number) =>
    `${r.toFixed(3)}  (goal >= ${GOAL}: ${r >= GOAL ? 'met' : 'NOT met'})`;
  console.log('');
  console.log(line('bare Hono + 1 Ed25519 verify (baseline)', 'bare'));
  console.log(line('cachet /api/v1/verify, every request verified', 'cold'));
  console.log(line('cachet /api/v1/verify, repeat scans (memo)', 'repeat'));
  console.log(`  ratio, every request verified               ${verdict(ratio('cold'))}`);
  console.log(`  ratio, repeat scans of one card             ${verdict(ratio('repeat'))}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
