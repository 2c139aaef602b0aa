// The registry check on a registry made by the real flows (the server mints, logs and counts
// scans; the CLI revokes): clean as made, and each check names what is wrong on a copy damaged
// on purpose, by its check and its subject, with `cachet registry check` exiting 1.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryFile } from '../../src/node/registry-ports.js';
import type { RegistryReport } from '../../src/store/registry-check.js';
import { cachet } from '../helpers/cli.js';
import { daysFromToday } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer } from '../helpers/server.js';

let made: string;
let serials: string[];
let revoked: string;
let kid: string;

beforeAll(async () => {
  const server = await startTestServer(
    { validFrom: daysFromToday(-1) },
    { CACHET_LOG_INTERVAL_MS: '50', CACHET_SCAN_FLUSH_MS: '50' },
  );
  made = server.dir;
  const cards = [];
  for (let i = 0; i < 4; i++) cards.push(await server.mint());
  serials = cards.map((c) => c.serial);
  kid = server.signers.find(Number.MAX_SAFE_INTEGER)?.key.kid ?? server.keyring.keys[0]!.kid;
  // Scans, as phones make them: the card's page, twice.
  for (const card of cards.slice(0, 2)) {
    for (let i = 0; i < 2; i++) await (await fetch(card.url, { redirect: 'manual' })).text();
  }
  const env = { CACHET_DB: join(made, 'cachet.db'), CACHET_KEYS_DIR: join(made, 'keys') };
  revoked = serials[3]!;
  const revoke = cachet(['revoke', revoked, '--reason', 'lost-or-stolen'], { cwd: made, env });
  expect(revoke.stderr).toBe('');
  // The log places the four cards and signs them.
  for (let i = 0; i < 100; i++) {
    const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
    if (note.split('\n')[1] === '4') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.close();
}, 60_000);

/** A copy of the registry and its keys, damaged by `damage` (SQL on the file, or files). */
function damaged(damage: (db: BetterSqlite3.Database, dir: string) => void) {
  const dir = tempDir('cachet-check-');
  cpSync(join(made, 'keys'), join(dir, 'keys'), { recursive: true });
  copyFileSync(join(made, 'cachet.db'), join(dir, 'cachet.db'));
  const db = new BetterSqlite3(join(dir, 'cachet.db'));
  db.pragma('foreign_keys = OFF');
  damage(db, dir);
  db.close();
  return {
    dir,
    env: { CACHET_DB: join(dir, 'cachet.db'), CACHET_KEYS_DIR: join(dir, 'keys') },
    check: () =>
      checkRegistryFile({ dbPath: join(dir, 'cachet.db'), keys: { keysDir: join(dir, 'keys') } }),
  };
}

const found = (report: RegistryReport) => report.problems.map((p) => [p.check, p.subject]);

describe('cachet registry check', () => {
  it('finds a registry made by the server and the CLI clean, and says so', async () => {
    let scans = 0;
    const copy = damaged((db) => {
      scans = db
        .prepare("SELECT sum(count) FROM scans WHERE scanner <> ''")
        .pluck()
        .get() as number;
    });
    expect(scans).toBe(4);
    const report = await copy.check();
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([]);
    expect(report.checked).toEqual([
      'integrity',
      'migrations',
      'log-entries',
      'log-root',
      'revocation-list',
      'scans',
      'keys',
    ]);
    expect(report.counts).toMatchObject({ cards: 4, revocations: 1, logEntries: 4 });
    expect(report.log.size).toBe(4);
    const run = cachet(['registry', 'check'], { cwd: copy.dir, env: copy.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^integrity\s+ok$/m);
    expect(run.stdout).toMatch(/^keys\s+ok$/m);
  });

  it('names a card whose log entry was deleted, by its serial', async () => {
    const report = await damaged((db) =>
      db.prepare('DELETE FROM log_entries WHERE serial = ?').run(serials[1]),
    ).check();
    expect(found(report)).toContainEqual(['log-entries', serials[1]]);
    expect(found(report)).toContainEqual(['log-entries', 'log entry 1']);
  });

  it('names the checkpoint and the entry when a tile hash is altered', async () => {
    const copy = damaged((db) => {
      const hex = db
        .prepare('SELECT hashes FROM log_tiles WHERE level = 0 AND idx = 0')
        .pluck()
        .get() as string;
      const flipped = (hex[0] === '0' ? '1' : '0') + hex.slice(1);
      db.prepare('UPDATE log_tiles SET hashes = ? WHERE level = 0 AND idx = 0').run(flipped);
    });
    const report = await copy.check();
    expect(found(report)).toContainEqual(['log-root', 'checkpoint 4']);
    expect(found(report)).toContainEqual(['log-root', 'log entry 0']);
    // --json for monitoring: the report itself, and exit 1.
    const run = cachet(['registry', 'check', '--json'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as RegistryReport;
    expect(json.quick).toBe(false);
    expect(json.log.size).toBe(4);
    expect(json.problems).toContainEqual(
      expect.objectContaining({ check: 'log-root', subject: 'checkpoint 4' }),
    );
  });

  it('names a revoked card whose rid was changed', async () => {
    const report = await damaged((db) =>
      db.prepare("UPDATE revocations SET rid = '00000000000000ff' WHERE serial = ?").run(revoked),
    ).check();
    expect(found(report)).toEqual([['revocation-list', revoked]]);
  });

  it('names the key whose private file is gone, and the log key', async () => {
    const report = await damaged((_, dir) => {
      rmSync(join(dir, 'keys', 'private', `${kid}.jwk`));
      rmSync(join(dir, 'keys', 'private', 'log.jwk'));
    }).check();
    expect(found(report)).toEqual([
      ['keys', kid],
      ['keys', 'log'],
    ]);
  });

  it('names rows whose foreign key broke when a card row is deleted', async () => {
    const copy = damaged((db) => db.prepare('DELETE FROM cards WHERE serial = ?').run(serials[2]));
    const report = await copy.check();
    expect(found(report)).toContainEqual(['integrity', serials[2]]);
    expect(found(report)).toContainEqual(['log-entries', 'log entry 2']);
    const run = cachet(['registry', 'check'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^integrity\s+1 problem$/m);
    expect(run.stdout).toContain(`  ${serials[2]}: a log_entries row refers to a cards row`);
  });

  it('names scanner hashes that outlive their day, and a migration from a newer Cachet', async () => {
    const report = await damaged((db) => {
      db.prepare(
        "INSERT INTO scans (serial, minute, channel, country, scanner, count) VALUES (?, ?, 'page', '', 'abcd', 1)",
      ).run(serials[0], `${daysFromToday(-3)}T10:00`);
      db.prepare("INSERT INTO d1_migrations (name) VALUES ('9999_future.sql')").run();
    }).check();
    expect(found(report)).toEqual([
      ['migrations', '9999_future.sql'],
      ['scans', `scans ${daysFromToday(-3)}`],
    ]);
    expect(report.problems[0]!.message).toContain('newer Cachet');
  });

  it('reports garbage bytes as an integrity problem, exit 1, without a stack', async () => {
    const copy = damaged(() => {});
    writeFileSync(join(copy.dir, 'cachet.db'), Buffer.alloc(8192, 0x5a));
    rmSync(join(copy.dir, 'cachet.db-wal'), { force: true });
    const report = await copy.check();
    expect(found(report)).toEqual([['integrity', 'file']]);
    const run = cachet(['registry', 'check'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^integrity\s+1 problem$/m);
    expect(run.stdout + run.stderr).not.toContain('    at ');
    mkdirSync(join(copy.dir, 'unused'), { recursive: true });
  });
});
