// Runs the Worker in local workerd through `wrangler dev`, over a local D1 seeded from a SQLite
// registry: for the contract tests, bench:edge, and anyone trying the edge build on a laptop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJwks } from '../store/key-files.js';
import { findProjectFile } from '../store/project-files.js';
import { dumpRegistrySql } from '../store/sql-dump.js';
import { loadOrCreateLogKey, logKeyPath } from '../store/log-key.js';
import { listMigrations } from '../store/migrations.js';
import { openSqliteStore } from '../store/sqlite.js';

const here = fileURLToPath(import.meta.url);
const root = findProjectFile('', here);
const wrangler = findProjectFile('node_modules/.bin/wrangler', here);

/** A TCP port nobody listens on right now, for a server about to start. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalProcess {
  url: string;
  /** Rows of a query on the process's registry (local D1 for a Worker). */
  query?(sql: string): Record<string, unknown>[];
  /** Everything the process printed so far. */
  output(): string;
  close(): Promise<void>;
}

function childEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true', // no prompts
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_LOG_PATH: join(dir, 'wrangler-logs'),
  };
}

/** Spawns `command` and resolves once its output matches `ready`. */
export function launch(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp; url: string; timeoutMs?: number },
): Promise<LocalProcess> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: options.env });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within ${options.timeoutMs ?? 60_000} ms:\n${out}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      out += d;
      if (!options.ready.test(out)) return;
      clearTimeout(timer);
      resolve({
        url: options.url,
        output: () => out,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited ${code}:\n${out}`));
    });
  });
}

/** The repository's wrangler.toml with its paths made absolute, written into `dir`. */
function configIn(dir: string, config = 'wrangler.toml', edit = (text: string) => text): string {
  const text = edit(readFileSync(join(root, config), 'utf8')).replace(
    /^(main|migrations_dir|directory) = "(.+)"$/gm,
    (_, key: string, path: string) => `${key} = "${join(root, path)}"`,
  );
  const path = join(dir, 'wrangler.toml');
  writeFileSync(path, text);
  return path;
}

export interface LocalWorkerOptions {
  /** A folder of its own: config, D1 state and logs go there. */
  dir: string;
  /** The SQLite registry whose rows seed the local D1. */
  dbPath: string;
  /** Where keys/jwks.json is. */
  keysDir: string;
  port: number;
  inspectorPort: number;
  /** CACHET_VERIFY_MEMO for the Worker. */
  verifyMemo?: number;
  /** CACHET_VERIFY_HOSTS for the Worker: the hosts the seeded cards point to. */
  verifyHosts?: string[];
  /** Other variables and secrets, such as CACHET_RECEIPT_KEY. */
  vars?: Record<string, string>;
  /** A change to wrangler.toml for this Worker only (a test's own binding limits). */
  editConfig?: (text: string) => string;
}

/**
 * Starts src/worker.ts in workerd: D1 migrated with src/store/migrations, seeded with every row of
 * `dbPath`, CACHET_JWKS from `keysDir`. Nothing of the developer's own .dev.vars or .wrangler
 * state takes part.
 */
export async function startLocalWorker(o: LocalWorkerOptions): Promise<LocalProcess> {
  mkdirSync(o.dir, { recursive: true });
  const config = configIn(o.dir, 'wrangler.toml', o.editConfig);
  const vars = [`CACHET_JWKS='${JSON.stringify(await readJwks(o.keysDir))}'`];
  if (o.verifyMemo !== undefined) vars.push(`CACHET_VERIFY_MEMO=${o.verifyMemo}`);
  if (o.verifyHosts !== undefined) vars.push(`CACHET_VERIFY_HOSTS=${o.verifyHosts.join(',')}`);
  // The Worker keeps its own issuance log, signed with the log key of `keysDir`.
  await loadOrCreateLogKey(o.keysDir);
  vars.push(`CACHET_LOG_KEY='${readFileSync(logKeyPath(o.keysDir), 'utf8').trim()}'`);
  vars.push(`CACHET_LOG_ORIGIN=127.0.0.1:${o.port}/log`);
  for (const [name, value] of Object.entries(o.vars ?? {})) vars.push(`${name}='${value}'`);
  writeFileSync(join(o.dir, '.dev.vars'), `${vars.join('\n')}\n`);
  const seed = join(o.dir, 'seed.sql');
  const store = openSqliteStore(o.dbPath);
  const rows = dumpRegistrySql(store.db);
  writeFileSync(seed, rows);
  store.close();

  const env = childEnv(o.dir);
  const persist = join(o.dir, 'd1');
  /** The local database's name and where its state lives, for each wrangler d1 command. */
  const local = ['cachet', '--local', '--persist-to', persist, '-c', config];
  const steps = [['d1', 'migrations', 'apply', ...local]];
  // wrangler refuses a file with no statement: an empty registry has nothing to seed.
  if (rows.trim()) steps.push(['d1', 'execute', ...local, '--file', seed]);
  for (const args of steps) {
    const r = spawnSync(wrangler, args, { cwd: o.dir, env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const query = (sql: string) => {
    const args = ['d1', 'execute', ...local, '--json', '--command', sql];
    const r = spawnSync(wrangler, args, { cwd: o.dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wrangler d1 execute failed:\n${r.stdout}\n${r.stderr}`);
    return (JSON.parse(r.stdout) as { results: Record<string, unknown>[] }[])[0]!.results;
  };
  const worker = await launch(
    wrangler,
    [
      'dev',
      '-c',
      config,
      '--ip',
      '127.0.0.1',
      '--port',
      String(o.port),
      '--persist-to',
      persist,
      '--inspector-port',
      String(o.inspectorPort),
      '--show-interactive-dev-session=false',
      // GET /__scheduled runs the Cron Trigger's handler, as 00:00 UTC does once deployed.
      '--test-scheduled',
    ],
    { cwd: o.dir, env, ready: /Ready on/, url: `http://127.0.0.1:${o.port}` },
  );
  return { ...worker, query };
}

/**
 * The migrations as `wrangler d1 migrations apply` records them, then `seed`, in one file of
 * `dir`: one wrangler start rather than two.
 */
function migratedSeed(dir: string, seed: string): string {
  const migrations = listMigrations();
  const path = join(dir, 'migrated-seed.sql');
  const bookkeeping = `CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`;
  const sql = [
    ...migrations.map((m) => m.sql),
    bookkeeping,
    ...migrations.map((m) => `INSERT INTO d1_migrations (name) VALUES ('${m.name}');`),
    readFileSync(seed, 'utf8'),
  ];
  writeFileSync(path, sql.join('\n'));
  return path;
}

/**
 * Starts a Worker from a wrangler config of this repository (bench baselines, test Workers, the
 * Worker as `cachet edge-prepare` sets it up). With `d1`, that database of the config is migrated
 * first (then loaded with `seed`, an SQL file) and kept in `dir`. wrangler reads the variables of
 * `dir`/.dev.vars, when there is one.
 */
export function startConfigWorker(o: {
  dir: string;
  config: string;
  port: number;
  inspectorPort: number;
  /** The name of the config's D1 database to migrate with src/store/migrations. */
  d1?: string;
  /** SQL run on that database once migrated (the seed `cachet edge-prepare` writes). */
  seed?: string;
  timeoutMs?: number;
}): Promise<LocalProcess> {
  mkdirSync(o.dir, { recursive: true });
  const config = configIn(o.dir, o.config);
  const env = childEnv(o.dir);
  const persist = join(o.dir, 'd1');
  if (o.d1 !== undefined) {
    const local = [o.d1, '--local', '--persist-to', persist, '-c', config];
    const args =
      o.seed === undefined
        ? ['d1', 'migrations', 'apply', ...local]
        : ['d1', 'execute', ...local, '--file', migratedSeed(o.dir, o.seed)];
    const r = spawnSync(wrangler, args, { cwd: o.dir, env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return launch(
    wrangler,
    [
      'dev',
      '-c',
      config,
      '--ip',
      '127.0.0.1',
      '--port',
      String(o.port),
      '--inspector-port',
      String(o.inspectorPort),
      ...(o.d1 !== undefined ? ['--persist-to', persist] : []),
      '--show-interactive-dev-session=false',
    ],
    {
      cwd: o.dir,
      env,
      ready: /Ready on/,
      url: `http://127.0.0.1:${o.port}`,
      timeoutMs: o.timeoutMs,
    },
  );
}
