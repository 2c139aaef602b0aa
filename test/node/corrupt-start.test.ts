// A damaged registry at start: the built server refuses it in one line that names the check that
// failed and the restore command, never a stack trace; a lesser problem (a key file gone) is a
// warning and the server starts.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachet, launchBuiltServer, ROOT } from '../helpers/cli.js';
import { clockEnv, daysFromToday } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer } from '../helpers/server.js';

let made: string;
let kid: string;

beforeAll(async () => {
  const server = await startTestServer(
    { validFrom: daysFromToday(-1) },
    { CACHET_LOG_INTERVAL_MS: '50' },
  );
  made = server.dir;
  kid = server.keyring.keys.find((k) => k.purpose !== 'receipt')!.kid;
  for (let i = 0; i < 300; i++) await server.mint();
  for (let i = 0; i < 100; i++) {
    const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
    if (note.split('\n')[1] === '300') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.close();
}, 60_000);

/** A copy of the registry and its keys, `damage` done to it. */
function copyWith(damage: (dir: string) => void) {
  const dir = tempDir('cachet-start-');
  cpSync(join(made, 'keys'), join(dir, 'keys'), { recursive: true });
  copyFileSync(join(made, 'cachet.db'), join(dir, 'cachet.db'));
  damage(dir);
  return { dir, env: { CACHET_DB: join(dir, 'cachet.db'), CACHET_KEYS_DIR: join(dir, 'keys') } };
}

/** `npm start` as built, on `env`: its exit status and what it printed, when it stops by itself. */
function start(dir: string, env: Record<string, string>) {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/node.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), PORT: '0', CACHET_DEMO: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

function expectRefused(run: { code: number | null; out: string }, check: string) {
  expect(run.code).toBe(1);
  expect(run.out).not.toContain('    at ');
  expect(run.out.trim().split('\n')).toHaveLength(1);
  expect(run.out).toContain(`failed its ${check} check`);
  expect(run.out).toContain('cachet restore <backup>');
  expect(run.out).toContain('cachet registry check');
}

describe('a damaged registry at start', () => {
  it('refuses garbage bytes, at start and in any command, in one line', () => {
    const copy = copyWith((dir) =>
      writeFileSync(join(dir, 'cachet.db'), Buffer.alloc(20_000, 0x5a)),
    );
    const run = start(copy.dir, copy.env);
    expectRefused(run, 'integrity');
    expect(run.out).toContain('file is not a database');
    const list = cachet(['boutique', 'list'], { cwd: copy.dir, env: copy.env });
    expect(list.code).not.toBe(0);
    expect(list.stderr).toContain('cachet restore <backup>');
    expect(list.stderr).not.toContain('    at ');
  });

  it('refuses a registry file cut short', () => {
    const copy = copyWith((dir) => {
      const path = join(dir, 'cachet.db');
      truncateSync(path, Math.floor(statSync(path).size / 2));
    });
    const run = start(copy.dir, copy.env);
    expectRefused(run, 'integrity');
    expect(run.out).toContain('cut short');
  });

  it('refuses a file with a damaged page inside', () => {
    const copy = copyWith((dir) => {
      const path = join(dir, 'cachet.db');
      const bytes = readFileSync(path);
      const pageSize = bytes.readUInt16BE(16);
      bytes.fill(0xa5, pageSize * 4, pageSize * 8); // pages 5 to 8: cards, entries or tiles
      writeFileSync(path, bytes);
    });
    expectRefused(start(copy.dir, copy.env), 'integrity');
  });

  it('refuses a log whose tiles no longer rebuild the signed root', () => {
    const copy = copyWith((dir) => {
      const db = new BetterSqlite3(join(dir, 'cachet.db'));
      const hex = db
        .prepare('SELECT hashes FROM log_tiles WHERE level = 1 AND idx = 0')
        .pluck()
        .get() as string;
      db.prepare('UPDATE log_tiles SET hashes = ? WHERE level = 1 AND idx = 0').run(
        (hex[0] === '0' ? '1' : '0') + hex.slice(1),
      );
      db.close();
    });
    const run = start(copy.dir, copy.env);
    expectRefused(run, 'log-root');
    expect(run.out).toContain('checkpoint 300');
  });

  it('warns of a missing private key and starts', async () => {
    const copy = copyWith((dir) => rmSync(join(dir, 'keys', 'private', `${kid}.jwk`)));
    const server = await launchBuiltServer(copy.dir, { ...copy.env, CACHET_DEMO: '0' });
    try {
      expect(server.output()).toContain(`warning: registry check: keys ${kid}:`);
      expect((await fetch(`${server.url}/log/checkpoint`)).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(readFileSync(join(copy.dir, 'cachet.db')).length).toBeGreaterThan(0);
  });

  it('refuses to start a log that has signed checkpoints without its key, and makes none', () => {
    const copy = copyWith((dir) => rmSync(join(dir, 'keys', 'private', 'log.jwk')));
    const run = start(copy.dir, copy.env);
    expect(run.code).toBe(1);
    expect(run.out).not.toContain('    at ');
    expect(run.out).toContain('the issuance log has signed 300 entries');
    expect(run.out).toContain('would fork the published log');
    expect(existsSync(join(copy.dir, 'keys', 'private', 'log.jwk'))).toBe(false);
  });

  it("refuses a trigger that is not Cachet's, and a table gone, in one line", () => {
    const trigger = copyWith((dir) => {
      const db = new BetterSqlite3(join(dir, 'cachet.db'));
      db.exec(`CREATE TRIGGER keep_alive AFTER INSERT ON revocations
        BEGIN DELETE FROM revocations WHERE serial = NEW.serial; END`);
      db.close();
    });
    const run = start(trigger.dir, trigger.env);
    expectRefused(run, 'schema');
    expect(run.out).toContain('trigger keep_alive');
    const gone = copyWith((dir) => {
      const db = new BetterSqlite3(join(dir, 'cachet.db'));
      db.exec('DROP TABLE log_entries');
      db.close();
    });
    const dropped = start(gone.dir, gone.env);
    expectRefused(dropped, 'schema');
    expect(dropped.out).toContain('table log_entries: the table is missing');
  });

  it("refuses another machine's log key, and signs no checkpoint with it", () => {
    const copy = copyWith((dir) => {
      // Another machine's log key, as loadOrCreateLogKey writes one.
      const { privateKey } = generateKeyPairSync('ed25519');
      const { x, d } = privateKey.export({ format: 'jwk' });
      const jwk = { kty: 'OKP', crv: 'Ed25519', x, d, purpose: 'log' };
      writeFileSync(join(dir, 'keys', 'private', 'log.jwk'), `${JSON.stringify(jwk)}\n`);
    });
    const checkpoints = () => {
      const db = new BetterSqlite3(join(copy.dir, 'cachet.db'), { readonly: true });
      const n = db.prepare('SELECT count(*) FROM log_checkpoints').pluck().get();
      db.close();
      return n;
    };
    const before = checkpoints();
    const run = start(copy.dir, copy.env);
    expect(run.code).toBe(1);
    expect(run.out.trim().split('\n')).toHaveLength(1);
    expect(run.out).toContain("is not the key that signed the log's checkpoint 300");
    expect(run.out).toContain('cachet restore <backup>');
    expect(checkpoints()).toBe(before);
  });

  it('shows control characters in the warnings it prints instead of obeying them', async () => {
    const copy = copyWith((dir) => {
      const db = new BetterSqlite3(join(dir, 'cachet.db'));
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run('9999_\u001b[2Jok\u202e.sql');
      db.close();
    });
    const server = await launchBuiltServer(copy.dir, { ...copy.env, CACHET_DEMO: '0' });
    try {
      expect(server.output()).toContain(
        'warning: registry check: migrations 9999_\\x1b[2Jok\\u202e.sql',
      );
      expect(server.output()).not.toMatch(/[\u001b\u202e]/);
    } finally {
      await server.close();
    }
  });
});
