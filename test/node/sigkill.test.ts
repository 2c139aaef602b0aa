// SIGKILL on the built server while its log timer places a campaign being minted by the built CLI,
// and SIGKILL on the CLI in the middle of a campaign batch: after a restart and a second run,
// every card the CLI reported is in the registry once, verifies, and has exactly one entry in
// the log; the log never shrinks, every checkpoint it ever signed is a prefix of the final one,
// and `cachet registry check` is clean.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  equalBytes,
  fromHex,
  leafHash,
  memoryReader,
  parseCheckpoint,
  parseSerial,
  rootHash,
  serialToHex,
} from '../../src/core/index.js';
import { freePort } from '../../src/cli/local-worker.js';
import { parseCsv } from '../../src/services/csv.js';
import { cachetAsync, CACHET_BIN, ROOT, type Run } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';

const dir = mkdtempSync(join(tmpdir(), 'cachet-sigkill-'));
const env: Record<string, string> = {
  CACHET_DB: join(dir, 'data', 'cachet.db'),
  CACHET_KEYS_DIR: join(dir, 'keys'),
  CACHET_LOG_INTERVAL_MS: '50',
  CACHET_RATE_LIMITS: 'verify=0',
};
const childEnv = () => ({ PATH: process.env.PATH ?? '', ...clockEnv(), ...env });
const cli = (...args: string[]) => cachetAsync(args, { cwd: dir, env });
const ok = (r: Run) => {
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return r.stdout;
};

/** The built server (dist/src/node.js) as a child this test may SIGKILL at any moment. */
interface Served {
  child: ChildProcess;
  ready: Promise<void>;
  isReady(): boolean;
  output(): string;
  kill(): Promise<void>;
}
let port = 0;
function serve(): Served {
  const child = spawn(process.execPath, [`${ROOT}dist/src/node.js`], {
    cwd: dir,
    env: { ...childEnv(), PORT: String(port) },
  });
  let out = '';
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    ready: new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d;
        if (!ready && /Press Ctrl\+C/.test(out)) {
          ready = true;
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`the server stopped:\n${out}`)));
    }),
    isReady: () => ready,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
const url = () => `http://127.0.0.1:${port}`;
/** Whether the server's port takes a connection yet. */
const portOpen = () =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Reads the registry as it is on disk (WAL: a reader beside the writers). */
function query<T>(sql: string): T[] {
  const db = new BetterSqlite3(env.CACHET_DB!, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const signedSize = () =>
  query<{ n: number | null }>('SELECT max(size) AS n FROM log_checkpoints')[0]!.n ?? 0;

const HEADER = 'boutique,associate,date,occasion,client_ref,copies\n';
/** A campaign file of `rows` rows of 100 cards each, named `name`.csv. */
function campaign(name: string, prefix: string, rows: number): string {
  const file = join(dir, `${name}.csv`);
  writeFileSync(
    file,
    HEADER +
      Array.from({ length: rows }, (_, i) => `PAR-SH,101,,new-year,${prefix}-${i},100\n`).join(''),
  );
  return file;
}
const manifestOf = (batch: string) => {
  const [head, ...rows] = parseCsv(readFileSync(join(dir, 'cards', batch, 'manifest.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(head!.fields.map((h, i) => [h, r.fields[i]!])));
};

/** `cachet mint --csv FILE` with its progress bar, killed once it passes `killAt` cards. */
function mintBatch(file: string, killAt = Infinity) {
  const child = spawn(process.execPath, [CACHET_BIN, 'mint', '--csv', file, '--json'], {
    cwd: dir,
    env: { ...childEnv(), CACHET_PROGRESS: '1' },
  });
  let stdout = '';
  let stderr = '';
  let done = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    const seen = [...d.toString().matchAll(/ (\d+)\/\d+ /g)].map((m) => Number(m[1]));
    done = Math.max(done, seen.at(-1) ?? 0);
    if (done >= killAt && child.signalCode === null) child.kill('SIGKILL');
  });
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { ended, done: () => done, stdout: () => stdout, stderr: () => stderr };
}

/** Waits until the server's log has placed every entry of the registry and signed it. */
async function caughtUp(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const [{ pending, total }] = query<{ pending: number; total: number }>(
      'SELECT count(*) - count(log_index) AS pending, count(*) AS total FROM log_entries',
    ) as [{ pending: number; total: number }];
    if (pending === 0 && signedSize() === total) return total;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the log did not catch up');
}

/**
 * The log as the registry holds it, checked against the cards: one entry a card, places 0..n-1
 * with no gap, and every checkpoint ever signed (those from before each kill too) the root of a
 * prefix of the final log, recomputed here from the entries, apart from the server's tiles.
 */
async function expectLogWhole() {
  const entries = query<{ serial: string; entry: string; log_index: number | null }>(
    'SELECT serial, entry, log_index FROM log_entries ORDER BY log_index',
  );
  const cards = query<{ serial: string }>('SELECT serial FROM cards');
  expect(entries).toHaveLength(cards.length);
  expect(new Set(entries.map((e) => e.serial))).toEqual(new Set(cards.map((c) => c.serial)));
  expect(entries.map((e) => e.log_index)).toEqual(entries.map((_, i) => i));
  const read = memoryReader(await Promise.all(entries.map((e) => leafHash(fromHex(e.entry)))));
  const checkpoints = query<{ size: number; note: string }>(
    'SELECT size, note FROM log_checkpoints ORDER BY size',
  );
  expect(checkpoints.at(-1)!.size).toBe(entries.length);
  for (const c of checkpoints) {
    const signed = parseCheckpoint(c.note.slice(0, c.note.indexOf('\n\n') + 1));
    expect(signed.size).toBe(c.size);
    expect(equalBytes(signed.root, await rootHash(c.size, read)), `checkpoint ${c.size}`).toBe(
      true,
    );
  }
  return { cards: cards.length, checkpoints: checkpoints.length };
}

/** `cachet registry check` beside the running server: clean, exit 0. */
async function expectCheckClean() {
  const report = JSON.parse(ok(await cli('registry', 'check', '--json'))) as {
    problems: unknown[];
  };
  expect(report.problems).toEqual([]);
}

/** Every card of a batch's manifest: in the registry, and authentic on the server. */
async function expectBatchWhole(batch: string, total: number) {
  const rows = manifestOf(batch);
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((r) => r.serial)).size).toBe(total);
  const registered = new Set(
    query<{ serial: string }>('SELECT serial FROM cards').map((c) => c.serial),
  );
  for (const r of rows) {
    expect(registered.has(serialToHex(parseSerial(r.serial!))), r.serial).toBe(true);
    expect(existsSync(join(dir, 'cards', batch, r.file!)), r.file).toBe(true);
  }
  expect(readdirSync(join(dir, 'cards', batch)).filter((f) => f.endsWith('.svg'))).toHaveLength(
    total,
  );
  const statuses = new Map<string, number>();
  for (let at = 0; at < rows.length; at += 50) {
    const answers = await Promise.all(
      rows.slice(at, at + 50).map(async (r) => {
        const token = r.url!.slice(r.url!.indexOf('/c/') + 3);
        const res = await fetch(`${url()}/api/v1/verify/${token}`);
        return ((await res.json()) as { status: string }).status;
      }),
    );
    for (const s of answers) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  expect(Object.fromEntries(statuses)).toEqual({ authentic: total });
}

let server: Served | undefined;
beforeAll(async () => {
  port = await freePort();
  // The demo brand (boutique PAR-SH, associate 101) and its development key, made at first start.
  server = serve();
  await server.ready;
}, 60_000);
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL on the server during its log steps', () => {
  it('loses no card, duplicates no entry, and the log goes on from its last checkpoint', async () => {
    const monitorState = join(dir, 'monitor');
    ok(await cli('log', 'monitor', url(), '--state', monitorState));
    const sizes: number[] = [signedSize()];
    const kills: string[] = [];
    /** SIGKILL now; the log's signed size after it never shrinks. */
    const killServer = async (what: string) => {
      kills.push(`${what} (${server!.isReady() ? 'ready' : 'not yet ready'})`);
      await server!.kill();
      server = undefined;
      const size = signedSize();
      expect(size, 'the log shrank').toBeGreaterThanOrEqual(sizes.at(-1)!);
      sizes.push(size);
    };
    /**
     * A new server, killed `ms` after it says it is ready, or as soon as its port takes a
     * connection: it listens before its log's first step, which places what piled up meanwhile.
     */
    const restartAndKill = async (moment: { ms: number } | 'at its port') => {
      server = serve();
      server.ready.catch(() => {}); // killed before it said so, on purpose
      if (moment === 'at its port') {
        while (!(await portOpen())) await new Promise((r) => setTimeout(r, 5));
      } else {
        await server.ready;
        await new Promise((r) => setTimeout(r, moment.ms));
      }
      await killServer(moment === 'at its port' ? moment : `${moment.ms} ms after it was ready`);
    };

    // 1. Killed while its timer places a batch being minted beside it, a step every 50 ms;
    // then killed again at its start, as its first step places what piled up while it was down.
    const first = mintBatch(campaign('log-steps', 'L', 10));
    while (first.done() < 300) await new Promise((r) => setTimeout(r, 10));
    await killServer(`${first.done()} cards into a batch`);
    await restartAndKill('at its port');
    await restartAndKill({ ms: 30 });
    const firstEnd = await first.ended;
    expect(firstEnd.code, first.stderr()).toBe(0);
    // 2. A batch minted while no server runs, then a start killed as it places it.
    const second = mintBatch(campaign('log-steps-2', 'M', 6));
    expect((await second.ended).code, second.stderr()).toBe(0);
    await restartAndKill('at its port');
    console.log(`killed the server ${kills.join('; ')}; signed sizes ${sizes.join(', ')}`);

    server = serve();
    await server.ready;
    const total = await caughtUp();
    expect(total).toBeGreaterThan(sizes[0]!);
    await expectLogWhole();
    await expectCheckClean();
    await expectBatchWhole('log-steps', 1000);
    await expectBatchWhole('log-steps-2', 600);
    // What a monitor outside sees: the checkpoint it kept before the kills, extended.
    const watched = ok(await cli('log', 'monitor', url(), '--state', monitorState, '--json'));
    expect(watched).toMatch(new RegExp(`"size":${total}\\b`));
  }, 120_000);
});

describe('SIGKILL on `cachet mint --csv` in the middle of a batch', () => {
  it('the same command again finishes it: each card once, in the registry, on disk and in the log', async () => {
    server ??= serve();
    await server.ready;
    const CARDS = 1000;
    const file = campaign('killed-batch', 'K', CARDS / 100);
    const killed = mintBatch(file, 150);
    const end = await killed.ended;
    expect(end.signal, 'the batch ended before the kill').toBe('SIGKILL');
    const before = query<{ n: number }>(
      "SELECT count(*) AS n FROM cards WHERE client_ref LIKE 'K-%'",
    )[0]!.n;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(CARDS);

    const again = mintBatch(file);
    expect((await again.ended).code, again.stderr()).toBe(0);
    const result = JSON.parse(again.stdout()) as { total: number; found: number; minted: number };
    expect(result).toMatchObject({ total: CARDS, found: before, minted: CARDS - before });
    expect(
      query<{ n: number }>("SELECT count(*) AS n FROM cards WHERE client_ref LIKE 'K-%'")[0]!.n,
    ).toBe(CARDS);

    await caughtUp();
    await expectLogWhole();
    await expectCheckClean();
    await expectBatchWhole('killed-batch', CARDS);
  }, 60_000);
});
