// The registry check on a registry made by the real flows (the server mints, logs and counts
// scans; the CLI revokes): clean as made, and each check names what is wrong on a copy damaged
// on purpose, by its check and its subject, with `cachet registry check` exiting 1.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryFile } from '../../src/node/registry-ports.js';
import { dumpRegistrySql } from '../../src/store/sql-dump.js';
import { createRegistryFile, loadSqlDump } from '../../src/store/sql-load.js';
import type { RegistryReport } from '../../src/store/registry-check.js';
import { cachet } from '../helpers/cli.js';
import { daysFromToday } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer } from '../helpers/server.js';

let made: string;
let serials: string[];
let revoked: string;
let kid: string;
let besideServer: { code: number | null; stdout: string; stderr: string };

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
  // Beside the running server: the registry opened read-only, in one snapshot.
  besideServer = cachet(['registry', 'check', '--json'], { cwd: made, env });
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
      'schema',
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

  it('runs beside the running server, and refuses an unknown option with exit 2', () => {
    expect(besideServer.stderr).toBe('');
    expect(besideServer.code).toBe(0);
    expect((JSON.parse(besideServer.stdout) as RegistryReport).counts.cards).toBe(4);
    const copy = damaged(() => {});
    const run = cachet(['registry', 'check', '--fast'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fast');
  });

  it('names each card whose associate row was deleted, by its serial', async () => {
    const report = await damaged((db) =>
      db.prepare('DELETE FROM associates WHERE number = 101').run(),
    ).check();
    expect(
      found(report)
        .filter(([check]) => check === 'integrity')
        .sort(),
    ).toEqual(serials.map((serial) => ['integrity', serial]).sort());
  });

  it('names a card whose log entry was deleted, by its serial', async () => {
    const report = await damaged((db) =>
      db.prepare('DELETE FROM log_entries WHERE serial = ?').run(serials[1]),
    ).check();
    expect(found(report)).toContainEqual(['log-entries', serials[1]]);
    expect(found(report)).toContainEqual(['log-entries', 'log entry 1']);
  });

  it('names a card registered since the log began without its entry; one from before is a note', async () => {
    // A card row with a token and no entry, as a registry from before the log holds them.
    const unlogged = (db: BetterSqlite3.Database) =>
      db.exec(`INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, minted_at, token)
        SELECT 'ffffffffffffffff', kid, issued, boutique, associate, occasion, minted_at, token
          FROM cards LIMIT 1`);
    const since = await damaged(unlogged).check();
    expect(found(since)).toEqual([['log-entries', 'ffffffffffffffff']]);
    const before = await damaged((db) => {
      unlogged(db);
      db.exec(
        `UPDATE d1_migrations SET applied_at = '9999-01-01 00:00:00' WHERE name = '0006_log.sql'`,
      );
    }).check();
    expect(before.problems).toEqual([]);
    expect(before.notes).toEqual([
      expect.objectContaining({
        check: 'log-entries',
        message: expect.stringContaining('cachet log backfill'),
      }),
    ]);
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
    expect(run.stdout).toContain('`cachet restore <backup>`');
    expect(run.stdout + run.stderr).not.toContain('    at ');
  });

  it("names a trigger that is not Cachet's, runs no data check, and the CLI refuses to write", async () => {
    const copy = damaged((db) =>
      db.exec(`CREATE TRIGGER keep_alive AFTER INSERT ON revocations
        BEGIN DELETE FROM revocations WHERE serial = NEW.serial; END`),
    );
    const report = await copy.check();
    expect(found(report)).toEqual([['schema', 'trigger keep_alive']]);
    expect(report.checked).toEqual(['integrity', 'schema']);
    expect(report.notes[0]!.message).toContain('did not run');
    const run = cachet(['registry', 'check'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^schema\s+1 problem$/m);
    // A revocation the trigger would undo is refused before it is written, in one line.
    const revoke = cachet(['revoke', serials[0]!, '--reason', 'lost-or-stolen'], {
      cwd: copy.dir,
      env: copy.env,
    });
    expect(revoke.code).not.toBe(0);
    expect(revoke.stdout).not.toContain('Revoked');
    expect(revoke.stderr).toContain('failed its schema check (trigger keep_alive:');
    expect(revoke.stderr).not.toContain('    at ');
  });

  it('names placed entries that no kept checkpoint covers, once checkpoints are removed', async () => {
    const report = await damaged((db) => db.exec('DELETE FROM log_checkpoints')).check();
    expect(found(report)).toContainEqual(['log-root', 'log entry 0']);
    expect(report.problems.find((p) => p.subject === 'log entry 0')?.message).toMatch(
      /^entries 0 to 3 have their places in the log, but no checkpoint kept here covers them/,
    );
  });

  it('names a definition changed by a space SQLite reads as part of a name, or past any length', async () => {
    const changedBy = (sql: string) =>
      damaged((db) => {
        db.unsafeMode(true);
        db.pragma('writable_schema = ON');
        db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'scans'").run(
          sql,
        );
      }).check();
    const original = (() => {
      const db = new BetterSqlite3(join(made, 'cachet.db'), { readonly: true });
      try {
        return db
          .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'scans'")
          .pluck()
          .get() as string;
      } finally {
        db.close();
      }
    })();
    expect(original).toMatch(/ NOT NULL/);
    // U+00A0 looks like a space; to SQLite it is part of the type name, and NOT NULL is gone.
    const report = await changedBy(original.replace(' NOT NULL', '\u00a0NOT NULL'));
    expect(found(report), JSON.stringify(report.problems)).toContainEqual([
      'schema',
      'table scans',
    ]);
    const long = `${original.slice(0, original.lastIndexOf(')'))}, CHECK (1 > 0.${'1'.repeat(200_000)}))`;
    expect(found(await changedBy(long))).toContainEqual(['schema', 'table scans']);
  });

  it('names an index whose definition changed', async () => {
    const report = await damaged((db) =>
      db.exec('DROP INDEX revocations_rid; CREATE INDEX revocations_rid ON revocations (rid)'),
    ).check();
    expect(found(report)).toEqual([['schema', 'index revocations_rid']]);
  });

  it('finishes on a table replaced by a view that never ends, naming both', async () => {
    const copy = damaged((db) =>
      db.exec(`DROP TABLE scan_days; CREATE VIEW scan_days AS WITH RECURSIVE r(x) AS
        (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x AS serial, x AS day, 1 AS scanners FROM r`),
    );
    const started = Date.now();
    const report = await copy.check();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(found(report)).toEqual([
      ['schema', 'view scan_days'],
      ['schema', 'table scan_days'],
    ]);
  });

  it('names a trigger that a SQL dump (as from D1) brings into a new registry file', async () => {
    // The schema as wrangler's export writes it (its own d1_migrations), the rows, and a trigger.
    const source = new BetterSqlite3(join(made, 'cachet.db'), { readonly: true });
    const schema = source
      .prepare(
        `SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
           AND name <> 'd1_migrations' ORDER BY type <> 'table'`,
      )
      .pluck()
      .all() as string[];
    const ledger = (
      source.prepare('SELECT name FROM d1_migrations ORDER BY id').pluck().all() as string[]
    ).map((name) => `INSERT INTO d1_migrations (name) VALUES ('${name}');`);
    const sql = [
      `CREATE TABLE IF NOT EXISTS d1_migrations(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`,
      ...ledger,
      ...schema,
      dumpRegistrySql(source),
      'CREATE TRIGGER keep_alive AFTER INSERT ON revocations BEGIN DELETE FROM revocations WHERE serial = NEW.serial; END;',
    ].join('\n');
    source.close();
    const path = join(tempDir('cachet-dump-'), 'cachet.db');
    const file = createRegistryFile(path);
    loadSqlDump(file.db, sql);
    file.keep();
    const report = await checkRegistryFile({ dbPath: path });
    expect(found(report)).toEqual([['schema', 'trigger keep_alive']]);
  });

  it("shows the registry's control characters instead of obeying them", () => {
    const copy = damaged((db) =>
      db
        .prepare('INSERT INTO d1_migrations (name) VALUES (?)')
        .run('9999_\u001b[2J\u001b[Hintegrity ok\u202e.sql'),
    );
    const run = cachet(['registry', 'check'], { cwd: copy.dir, env: copy.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('9999_\\x1b[2J\\x1b[Hintegrity ok\\u202e.sql');
    expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
    // --json keeps the text as it is (JSON escapes it).
    const json = cachet(['registry', 'check', '--json'], { cwd: copy.dir, env: copy.env });
    expect(json.stdout).toContain('\\u001b[2J');
  });

  // A disk with no room: mounting a small file system needs root; elsewhere this is not run.
  const root = process.getuid?.() === 0;
  it.skipIf(!root)(
    'says a registry on a full disk could not be read, not that it is damaged',
    () => {
      const copy = damaged((db) => db.pragma('journal_mode = WAL'));
      const disk = tempDir('cachet-full-');
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk]).status).toBe(0);
      try {
        const env = { ...copy.env, CACHET_DB: join(disk, 'cachet.db') };
        copyFileSync(copy.env.CACHET_DB, env.CACHET_DB); // no -shm beside it: reading needs one
        rmSync(join(copy.dir, 'cachet.db-shm'), { force: true });
        const fill = spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'fill')}`, 'bs=64k']);
        expect(fill.status).not.toBeNull();
        const run = cachet(['registry', 'check'], { cwd: copy.dir, env });
        expect(run.code).toBe(1);
        expect(run.stdout).toContain('could not be read');
        expect(run.stdout).not.toContain('cachet restore');
      } finally {
        spawnSync('umount', [disk]);
      }
    },
  );
});
