// The measuring part of every bench: warm up, load each target in rotating rounds with autocannon,
// print req/s and each target's ratio to the baseline, measured in the same run.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readNodeConfig } from '../src/config.js';
import { openNodeRuntime } from '../src/node/runtime.js';
import { ensureDemo } from '../src/services/demo.js';
import { freePort, launch, type LocalProcess } from '../src/cli/local-worker.js';

/** The goal for every request verified; a card scanned again (the memo) must beat the baseline. */
export const GOAL = 0.75;
export const REPEAT_GOAL = 1.0;

export interface BenchOptions {
  duration: number;
  connections: number;
  rounds: number;
}

/** --duration, --connections, --rounds; prints `help` and exits on --help. */
export function benchOptions(help: string): BenchOptions {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(help);
    process.exit(0);
  }
  return {
    duration: Number(values.duration),
    connections: Number(values.connections),
    rounds: Number(values.rounds),
  };
}

/** Fails the bench unless each verify URL answers `authentic`: a bench of errors measures nothing. */
export async function expectAuthentic(urls: string[]): Promise<void> {
  for (const url of urls) {
    const { status } = (await (await fetch(url)).json()) as { status: string };
    if (status !== 'authentic') throw new Error(`${url} answers ${status}, not authentic`);
  }
}

export interface Target {
  label: string;
  url: string;
  /** The least ratio to the baseline this target must reach (GOAL when not given). */
  goal?: number;
}

async function load(url: string, seconds: number, connections: number) {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

/** Loads every target, prints the table and the ratios of the others to `targets[0]`. */
export async function runRounds(title: string, targets: Target[], o: BenchOptions): Promise<void> {
  console.log(
    `${title}  ${o.rounds} rounds × ${o.duration} s per target, ${o.connections} connections, Node ${process.version}`,
  );
  for (const t of targets) await load(t.url, 2, o.connections); // warm up every JIT
  const rps = targets.map(() => [] as number[]);
  const p99 = targets.map(() => [] as number[]);
  for (let round = 1; round <= o.rounds; round++) {
    // Rotate the order so that no target always runs first or last.
    for (let k = 0; k < targets.length; k++) {
      const i = (k + round) % targets.length;
      const r = await load(targets[i]!.url, o.duration, o.connections);
      rps[i]!.push(r.requests.average);
      p99[i]!.push(r.latency.p99);
      console.log(
        `  round ${round}  ${targets[i]!.label.padEnd(46)} ${r.requests.average.toFixed(0).padStart(7)} req/s  p99 ${r.latency.p99} ms`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('');
  targets.forEach((t, i) =>
    console.log(
      `  ${t.label.padEnd(46)} ${mean(rps[i]!).toFixed(0).padStart(7)} req/s  (p99 ${mean(p99[i]!).toFixed(1)} ms)`,
    ),
  );
  targets.slice(1).forEach((t, j) => {
    const ratio = mean(rps[j + 1]!) / mean(rps[0]!);
    const goal = t.goal ?? GOAL;
    console.log(
      `  ratio, ${t.label.padEnd(39)} ${ratio.toFixed(3)}  (goal >= ${goal}: ${ratio >= goal ? 'met' : 'NOT met'})`,
    );
  });
}

/** Requests a minute per client that a benchmark never reaches. */
export const LIMIT_NEVER_HIT = 1_000_000_000;

/**
 * Starts Cachet as built (dist/src/node.js) with a demo registry of its own under `dir/name`,
 * and returns it with its authentic demo card's URL, pointed at this server.
 */
export async function startCachet(
  dir: string,
  name: string,
  env: Record<string, string>,
): Promise<{ server: LocalProcess; demoUrl: string }> {
  const dist = fileURLToPath(new URL('..', import.meta.url));
  const port = await freePort();
  const server = await launch(process.execPath, [join(dist, 'src/node.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      CACHET_DB: join(dir, name, 'cachet.db'),
      CACHET_KEYS_DIR: join(dir, name, 'keys'),
      ...env,
    },
    ready: /Press Ctrl\+C/,
    url: `http://127.0.0.1:${port}`,
  });
  const demo = /^ {2}authentic +\S+\/c\/(\d+)$/m.exec(server.output())?.[1];
  if (!demo) {
    await server.close();
    throw new Error(`no demo card in the server's output:\n${server.output()}`);
  }
  return { server, demoUrl: `${server.url}/c/${demo}` };
}

/**
 * A demo registry (development key, demo brand, its cards) made in `dir` for a Worker to be
 * seeded from: its settings, and the authentic demo card.
 */
export async function demoRegistry(dir: string) {
  const config = readNodeConfig({
    CACHET_DB: join(dir, 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
  });
  const { store, signers } = await openNodeRuntime(config, { firstRun: true });
  const demo = await ensureDemo(store, signers, 'http://edge.invalid', new Date());
  store.close();
  return { config, authentic: demo!.authentic! };
}
