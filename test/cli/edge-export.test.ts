// `cachet edge export` on a real local D1: the registry of `cachet edge-prepare` seeded into D1
// as dev:edge seeds it, the Worker run in workerd until its log has signed a checkpoint, then D1
// brought down to a registry file. The file holds every row and log entry D1 holds, its log
// rebuilds the Worker's signed root and the demo card reads authentic from it, an existing file
// is never overwritten, and a D1 that lost entries the public log signed is named as such.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launch, type LocalProcess } from '../../src/cli/local-worker.js';
import { listMigrations } from '../../src/store/migrations.js';
import { cachet, cachetAsync, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const wrangler = join(ROOT, 'node_modules/.bin/wrangler');
const TABLES = ['cards', 'revocations', 'boutiques', 'associates', 'log_entries'] as const;

let dir: string;
let persist: string;
let worker: LocalProcess | undefined;
let env: Record<string, string>;
let authenticUrl: string;

/** Every row of `table` in a registry file, in a stable order. */
function rowsOf(path: string, table: string): unknown[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
  } finally {
    db.close();
  }
}

/** The SQLite file of the local D1 (wrangler's state under --persist-to). */
function d1File(): string {
  const folder = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const name = readdirSync(folder).find((n) => n.endsWith('.sqlite') && n !== 'metadata.sqlite');
  return join(folder, name!);
}

const exportTo = (out: string, ...more: string[]) =>
  cachetAsync(['edge', 'export', '--persist-to', persist, '--out', out, '--json', ...more], {
    cwd: dir,
    env,
  });

beforeAll(async () => {
  dir = tempDir('cachet-edge-export-');
  persist = join(dir, 'd1');
  const workerDir = join(dir, 'worker');
  mkdirSync(workerDir);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  env = {
    CACHET_DB: join(dir, 'data', 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_LOG_PATH: join(dir, 'wrangler-logs'),
    HOME: dir,
  };
  // The registry as dev:edge prepares it: demo cards, the seed and the Worker's .dev.vars.
  const seed = join(dir, 'seed.sql');
  const prepared = cachet(
    [
      'edge-prepare',
      '--json',
      '--origin',
      `http://127.0.0.1:${port}`,
      '--seed',
      seed,
      '--vars',
      join(workerDir, '.dev.vars'),
    ],
    { cwd: dir, env },
  );
  expect(prepared.code, prepared.stderr).toBe(0);
  authenticUrl = JSON.parse(prepared.stdout).demo.authentic;

  const config = join(workerDir, 'wrangler.toml');
  writeFileSync(
    config,
    readFileSync(join(ROOT, 'wrangler.toml'), 'utf8').replace(
      /^(main|migrations_dir|directory) = "(.+)"$/gm,
      (_, key: string, path: string) => `${key} = "${join(ROOT, path)}"`,
    ),
  );
  // The migrations as `wrangler d1 migrations apply` records them, and the seed, in one call
  // (one wrangler start rather than one per migration).
  const migrations = listMigrations();
  const all = [
    ...migrations.map((m) => m.sql),
    `CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
      applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
    ...migrations.map((m) => `INSERT INTO d1_migrations (name) VALUES ('${m.name}');`),
    readFileSync(seed, 'utf8'),
  ].join('\n');
  writeFileSync(join(workerDir, 'all.sql'), all);
  const local = ['cachet', '--local', '--persist-to', persist, '-c', config];
  const r = spawnSync(wrangler, ['d1', 'execute', ...local, '--file', 'all.sql'], {
    cwd: workerDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);

  worker = await launch(
    wrangler,
    [
      'dev',
      '-c',
      config,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
    ],
    {
      cwd: workerDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      ready: /Ready on/,
      url: `http://127.0.0.1:${port}`,
    },
  );
  // The first request wakes the log's sequencer: wait until it has signed every entry.
  const entries = rowsOf(env.CACHET_DB, 'log_entries').length;
  expect(entries).toBeGreaterThan(0);
  for (let tries = 0; ; tries++) {
    const answer = await fetch(`${worker.url}/log/checkpoint`);
    if (answer.ok && (await answer.text()).split('\n')[1] === String(entries)) break;
    if (tries > 100) throw new Error(`the Worker's log never signed ${entries} entries`);
    await new Promise((done) => setTimeout(done, 100));
  }
}, 120_000);

afterAll(async () => {
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cachet edge export', () => {
  it("writes a registry file holding every row of D1, whose log rebuilds the Worker's checkpoint", async () => {
    const out = join(dir, 'edge.db');
    const run = await exportTo(out, '--checkpoint', worker!.url);
    expect(run.stderr).not.toMatch(/unexpected error/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const source = env.CACHET_DB;
    for (const table of TABLES) {
      // The same cards, revocations and entries as the registry D1 was seeded from; the log
      // entries now with the places the Worker's sequencer gave them.
      const theirs = rowsOf(source, table).map((row) =>
        table === 'log_entries' ? { ...(row as object), log_index: null } : row,
      );
      const ours = rowsOf(out, table).map((row) =>
        table === 'log_entries' ? { ...(row as object), log_index: null } : row,
      );
      expect(ours, table).toEqual(theirs);
    }
    expect(report.counts.cards).toBe(rowsOf(source, 'cards').length);
    expect(report.counts.revocations).toBe(rowsOf(source, 'revocations').length);
    expect(report.counts.logEntries).toBe(rowsOf(source, 'log_entries').length);
    expect(report.log.placed).toBe(report.counts.logEntries);
    expect(report.log.checkpoint).toMatchObject({ size: report.log.placed, matches: true });
    expect(report.problems).toEqual([]);
    expect(report.bytes).toBeGreaterThan(0);
    // Every entry has its place, the Worker's checkpoint is kept, and the demo card reads
    // authentic from the file as this machine's registry.
    const placed = rowsOf(out, 'log_entries') as { log_index: number | null }[];
    expect(placed.every((e) => e.log_index !== null)).toBe(true);
    expect(rowsOf(out, 'log_checkpoints')).toHaveLength(1);
    const digits = new URL(authenticUrl).pathname.slice('/c/'.length);
    const verdict = cachet(['verify', digits, '--json'], {
      cwd: dir,
      env: { ...env, CACHET_DB: out },
    });
    expect(verdict.code, verdict.stderr).toBe(0);
    expect(JSON.parse(verdict.stdout).status).toBe('authentic');
  });

  it('never writes over a file that is there', async () => {
    const out = join(dir, 'edge.db');
    const before = createHash('sha256').update(readFileSync(out)).digest('hex');
    const run = await exportTo(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists; it is never overwritten/);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(before);
  });

  it('names the entries the public log signed and D1 no longer holds', async () => {
    // D1 rolled back behind the log's back (as a Time Travel restore to before the newest
    // checkpoint leaves it): the last card and its entry are gone. D1 alone still agrees with
    // itself; only the Worker's signed checkpoint shows what was lost.
    const d1 = new BetterSqlite3(d1File());
    const last = d1
      .prepare('SELECT serial, log_index FROM log_entries ORDER BY log_index DESC LIMIT 1')
      .get() as { serial: string; log_index: number };
    for (const table of ['revocations', 'log_entries', 'cards'])
      d1.prepare(`DELETE FROM ${table} WHERE serial = ?`).run(last.serial);
    d1.close();
    const run = await exportTo(join(dir, 'rolled-back.db'), '--checkpoint', worker!.url);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.log.placed).toBe(last.log_index);
    expect(report.log.checkpoint).toMatchObject({ size: last.log_index + 1, matches: false });
    expect(report.problems).toEqual([
      {
        check: 'log-root',
        subject: `checkpoint ${last.log_index + 1}`,
        message: expect.stringMatching(
          `entry ${last.log_index} is signed in the public log and missing from D1`,
        ),
      },
    ]);
    expect(report.notInExport.join('\n')).toMatch(/R2/);
  });
});
