// The card-references migration on D1, as a deployed Worker meets it: a registry already in D1
// at the schema before it, with issuance entries in its log, then the migration applied by
// wrangler. The log's table is rebuilt with its rows, its rules hold in D1 (one issuance per
// card, any number of references, one current reference), and the Worker still answers.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startLocalWorker, type LocalProcess } from '../../src/cli/local-worker.js';
import { dumpRegistrySql } from '../../src/store/sql-dump.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { ROOT } from '../helpers/cli.js';
import { makeContractFixture, type ContractFixture } from '../helpers/contract-fixture.js';
import { tempDir } from '../helpers/fixture.js';

const MIGRATION = '0011_card_references.sql';
const wrangler = join(ROOT, 'node_modules/.bin/wrangler');

/** The registry's rows as they were before the migration: no kind, no reference or claim tables. */
function dumpBeforeReferences(dbPath: string): string {
  const store = openSqliteStore(dbPath);
  const dump = dumpRegistrySql(store.db);
  store.close();
  return dump
    .split('\n')
    .filter((line) => !/^INSERT OR IGNORE INTO (card_reference|claim)/.test(line))
    .map((line) =>
      line.replace(
        /^(INSERT OR IGNORE INTO log_entries \(seq, serial), kind, (entry, logged_at, log_index\) VALUES \(\d+,'[^']*'),1,/,
        '$1, $2,',
      ),
    )
    .join('\n');
}

describe('the card-references migration on D1', () => {
  let f: ContractFixture;
  let dir: string;
  let worker: LocalProcess | undefined;
  let d1: (args: string[]) => ReturnType<typeof spawnSync>;
  let query: (sql: string) => Record<string, unknown>[];
  /** Every card of the fixture, those minted with a claim slip too. */
  const allCards = () => [...Object.values(f.cards), ...Object.values(f.slips).map((s) => s.card)];
  beforeAll(async () => {
    f = await makeContractFixture();
    dir = join(tempDir('cachet-d1-migration-'), 'worker');
    mkdirSync(dir, { recursive: true });
    // The migrations before this one, in a folder of their own, named as in the repository.
    const before = join(dir, 'migrations-before');
    mkdirSync(before);
    for (const name of readdirSync(join(ROOT, 'src/store/migrations')).filter((n) => n < MIGRATION))
      cpSync(join(ROOT, 'src/store/migrations', name), join(before, name));
    const config = (migrations: string) => {
      const text = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
        .replace(/^main = "(.+)"$/m, (_, p: string) => `main = "${join(ROOT, p)}"`)
        .replace(/^directory = "(.+)"$/m, (_, p: string) => `directory = "${join(ROOT, p)}"`)
        .replace(/^migrations_dir = "(.+)"$/m, `migrations_dir = "${migrations}"`);
      const path = join(dir, `wrangler-${migrations === before ? 'before' : 'now'}.toml`);
      writeFileSync(path, text);
      return path;
    };
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CI: 'true',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_LOG_PATH: join(dir, 'wrangler-logs'),
    };
    const local = (cfg: string) => [
      'cachet',
      '--local',
      '--persist-to',
      join(dir, 'd1'),
      '-c',
      cfg,
    ];
    d1 = (args) => spawnSync(wrangler, args, { cwd: dir, env, encoding: 'utf8' });
    const run = (args: string[]) => {
      const r = d1(args);
      if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
      return String(r.stdout);
    };
    const now = config(join(ROOT, 'src/store/migrations'));
    // The rows of the last statement.
    query = (sql) =>
      (
        JSON.parse(run(['d1', 'execute', ...local(now), '--json', '--command', sql])) as {
          results: Record<string, unknown>[];
        }[]
      ).at(-1)!.results;
    run(['d1', 'migrations', 'apply', ...local(config(before))]);
    writeFileSync(join(dir, 'seed-before.sql'), dumpBeforeReferences(f.dbPath));
    run(['d1', 'execute', ...local(now), '--file', join(dir, 'seed-before.sql')]);
    expect(query('SELECT count(*) AS n FROM log_entries')[0]!.n).toBe(allCards().length);
    // The deploy step: the migrations not yet applied, this one alone.
    const applied = run(['d1', 'migrations', 'apply', ...local(now)]);
    expect(applied).toContain(MIGRATION);
  }, 180_000);
  afterAll(() => worker?.close());

  it('rebuilds the log table with every entry, each an issuance', () => {
    const rows = query('SELECT serial, kind FROM log_entries ORDER BY seq');
    expect(rows).toHaveLength(allCards().length);
    expect(rows.map((r) => r.kind)).toEqual(allCards().map(() => 1));
    expect(rows.map((r) => r.serial).sort()).toEqual(
      allCards()
        .map((c) => c.serial)
        .sort(),
    );
  }, 60_000);

  it('keeps one issuance a card, any number of references, one current reference', () => {
    const serial = f.cards.page.serial;
    const [entry] = query(`SELECT entry FROM log_entries WHERE serial = '${serial}'`);
    const again = (kind: number) =>
      `INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES ('${serial}', ${kind}, '${entry!.entry}', 1)`;
    // A statement that fails leaves the database as it was.
    expect(() => query(again(1))).toThrow(/UNIQUE constraint failed/);
    const reference = (replaced: string) =>
      `INSERT INTO card_references (serial, type, photo_bytes, photo_sha256, fingerprint_sha256, recorded_at, recorded_by, replaced_at) VALUES ('${serial}', 'image/jpeg', 1, 'aa', 'bb', 1, 'test', ${replaced})`;
    expect(() => query(`${reference('NULL')}; ${reference('NULL')}`)).toThrow(
      /UNIQUE constraint failed/,
    );
    // Two reference entries and a replaced reference beside the current one: all taken; then
    // removed again, so that the Worker's log sequences only real entries.
    const counts = query(
      [
        again(2),
        again(2),
        reference('2'),
        reference('NULL'),
        `SELECT (SELECT count(*) FROM log_entries WHERE serial = '${serial}') AS entries, (SELECT count(*) FROM card_references WHERE serial = '${serial}') AS refs`,
      ].join('; '),
    );
    expect(counts).toEqual([{ entries: 3, refs: 2 }]);
    query(
      `DELETE FROM log_entries WHERE kind = 2; DELETE FROM card_references WHERE serial = '${serial}'`,
    );
    const indexes = query(
      `SELECT name, sql FROM sqlite_master WHERE name IN ('log_entries_issuance', 'card_references_current') ORDER BY name`,
    );
    expect(indexes.map((i) => i.name)).toEqual(['card_references_current', 'log_entries_issuance']);
  }, 180_000);

  it('serves the migrated registry from the Worker, and logs its entries', async () => {
    worker = await startLocalWorker({
      dir,
      dbPath: f.dbPath,
      keysDir: f.keysDir,
      port: await freePort(),
      inspectorPort: await freePort(),
      verifyHosts: ['verify.brand.co'],
    });
    const card = f.cards.authentic;
    const res = await fetch(`${worker.url}/api/v1/verify/${card.token}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('authentic');
    let proof: Response | undefined;
    for (let i = 0; i < 60 && proof?.status !== 200; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 250));
      proof = await fetch(`${worker.url}/api/v1/proof/${card.token}`);
    }
    expect(proof!.status).toBe(200);
  }, 120_000);
});
