// `cachet backup` and `cachet restore` as built, against the built server: a backup taken while
// it serves, restored on "a new machine" (an empty folder) where the server starts again and the
// demo card reads `authentic` under the same log; refusals in one line; and a backup killed in
// the middle of its copy, which leaves nothing that looks like a backup and is cleaned up next time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { listBackups } from '../../src/node/backup.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { CACHET_BIN, cachetAsync, cliFolder, launchBuiltServer } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';

const PASSPHRASE = 'a passphrase kept in a file';
const { dir: cwd, env } = cliFolder('cachet-backup-cli-', { CACHET_LOG_INTERVAL_MS: '100' });
const passFile = join(cwd, 'passphrase.txt');
let server: LocalProcess;
let authentic: string;
beforeAll(async () => {
  writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  server = await launchBuiltServer(cwd, env);
  authentic = /authentic\s+(\S+)/.exec(server.output())![1]!;
}, 60_000);
afterAll(() => server?.close());

const verdictOf = async (url: string, token: string) =>
  ((await (await fetch(`${url}/api/v1/verify/${token}`)).json()) as { status: string }).status;
const tokenOf = (url: string) => url.slice(url.indexOf('/c/') + 3);
/** One line, no stack trace. */
const expectOneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('cachet backup and restore', () => {
  let backupPath: string;
  let plainPath: string;

  it('backs up while the server runs and keeps answering', async () => {
    // A folder that is not there is refused, not made: its disk may not be mounted.
    const missing = await cachetAsync(['backup', join(cwd, 'backups')], { cwd, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no folder .*backups to back up into: make it .*mounted/);
    expectOneLine(missing.stderr);
    expect(existsSync(join(cwd, 'backups'))).toBe(false);
    mkdirSync(join(cwd, 'backups'));
    const verdicts: Promise<string>[] = [];
    const backup = cachetAsync(
      ['backup', join(cwd, 'backups'), '--with-keys', '--passphrase-file', passFile, '--json'],
      { cwd, env },
    );
    for (let i = 0; i < 20; i++) verdicts.push(verdictOf(server.url, tokenOf(authentic)));
    const run = await backup;
    expect(run.code, run.stderr).toBe(0);
    expect(await Promise.all(verdicts)).toEqual(Array(20).fill('authentic'));
    const { path, manifest } = JSON.parse(run.stdout);
    backupPath = path;
    expect(manifest).toMatchObject({
      counts: { cards: 2, revocations: 1 },
      log: { size: 2, vkey: /log\s+(\S+)/.exec(server.output())![1] },
      keys: { encrypted: true },
    });
    expect(manifest.keys.private).toEqual(expect.arrayContaining(['log']));
    expect(readdirSync(path).sort()).toEqual([
      'jwks.json',
      'keys.enc',
      'manifest.json',
      'manifest.sig',
      'origins.json',
      'registry.db',
    ]);

    const plain = await cachetAsync(['backup', join(cwd, 'backups')], { cwd, env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Backed up \S+cachet\.db into \S+\/backups\/cachet-\d{8}T\d{6}Z/);
    expect(plain.stdout).toMatch(/cards +2 \(1 revoked\)/);
    expect(plain.stdout).toMatch(/log +size 2, root \S+=/);
    expect(plain.stdout).toMatch(/no private key inside/);
    plainPath = /into (\S+)/.exec(plain.stdout)![1]!;

    // No terminal to ask on and no file: refused, naming both ways.
    const asked = await cachetAsync(['backup', join(cwd, 'backups'), '--with-keys'], { cwd, env });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/--passphrase-file FILE or set CACHET_BACKUP_PASSPHRASE_FILE/);
    expectOneLine(asked.stderr);

    // An empty passphrase file asks for the keys all the same: refused, never "no keys".
    const empty = join(cwd, 'empty.txt');
    writeFileSync(empty, '', { mode: 0o600 });
    const none = await cachetAsync(
      ['backup', join(cwd, 'empty-backups'), '--with-keys', '--passphrase-file', empty],
      { cwd, env },
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /passphrase for the keys is at least 12 characters; this one has 0/,
    );
    expectOneLine(none.stderr);
    expect(
      existsSync(join(cwd, 'empty-backups')) ? readdirSync(join(cwd, 'empty-backups')) : [],
    ).toEqual([]);
  });

  it('says in one line, leaving nothing behind, when the disk of the backups is full', async () => {
    const small = join(cwd, 'small-disk');
    mkdirSync(small);
    const mounted =
      spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
    try {
      // Without root to mount a small disk, a file size limit cuts the copy short instead.
      const run = mounted
        ? await cachetAsync(['backup', small], { cwd, env })
        : (({ status, stdout, stderr }) => ({ code: status, stdout, stderr }))(
            spawnSync('prlimit', ['--fsize=65536', process.execPath, CACHET_BIN, 'backup', small], {
              cwd,
              env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...env },
              encoding: 'utf8',
            }),
          );
      expect(run.code, run.stdout).toBe(2);
      // A file size limit is not a full disk: SQLite says "disk I/O error", in one line too.
      expect(run.stderr).toMatch(
        mounted
          ? /the disk is full: no backup was written into \S+small-disk/
          : /the registry's copy into \S+small-disk failed: disk I\/O error \(SQLITE_IOERR\)/,
      );
      expectOneLine(run.stderr);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      if (mounted) spawnSync('umount', [small]);
    }
  });

  it('never restores over a live registry, and refuses a wrong passphrase in one line', async () => {
    const over = await cachetAsync(['restore', backupPath, '--passphrase-file', passFile], {
      cwd,
      env,
    });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/cachet\.db exists: restore never writes over a registry/);
    expectOneLine(over.stderr);

    const fresh = cliFolder('cachet-restore-wrong-');
    writeFileSync(join(fresh.dir, 'wrong.txt'), 'not the passphrase at all\n', { mode: 0o600 });
    const wrong = await cachetAsync(
      ['restore', backupPath, '--passphrase-file', join(fresh.dir, 'wrong.txt')],
      { cwd: fresh.dir, env: fresh.env },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/do not open with this passphrase/);
    expectOneLine(wrong.stderr);
    expect(existsSync(fresh.env.CACHET_DB) || existsSync(fresh.env.CACHET_KEYS_DIR)).toBe(false);

    // A backup without keys.enc: its signature is checked under the published verifier key.
    const unanchored = await cachetAsync(['restore', plainPath], {
      cwd: fresh.dir,
      env: fresh.env,
    });
    expect(unanchored.code).toBe(2);
    expect(unanchored.stderr).toMatch(
      /nothing here can check that signature: .*--log-vkey VKEY\|FILE/,
    );
    expectOneLine(unanchored.stderr);
    // The key itself (its name holds a '/'), as GET /log/vkey gives it; the drill gives a file.
    const vkey = /log\s+(\S+)/.exec(server.output())![1]!;
    expect(vkey).toContain('/');
    const anchored = await cachetAsync(['restore', plainPath, '--log-vkey', vkey], {
      cwd: fresh.dir,
      env: fresh.env,
    });
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stderr).toMatch(/^warning: the log key .* is not here/);
  });

  it('restores into an empty folder, where the server starts and the demo card verifies', async () => {
    const fresh = cliFolder('cachet-restored-', { CACHET_LOG_INTERVAL_MS: '100' });
    const run = await cachetAsync(['restore', backupPath, '--passphrase-file', passFile], {
      cwd: fresh.dir,
      env: fresh.env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Restored \S+ \(taken \S+\) into \S+cachet\.db/);
    expect(run.stdout).toMatch(/wrote +\S+private\/log\.jwk/);
    expect(run.stdout).toMatch(/Next: `cachet registry check`, then `npm start`/);

    const check = await cachetAsync(['registry', 'check'], { cwd: fresh.dir, env: fresh.env });
    expect(check.code, check.stdout + check.stderr).toBe(0);

    const restored = await launchBuiltServer(fresh.dir, fresh.env);
    try {
      const out = restored.output();
      expect(out).not.toMatch(/Made a/); // no key made anew: the log goes on under its own key
      expect(/log\s+(\S+)/.exec(out)![1]).toBe(/log\s+(\S+)/.exec(server.output())![1]);
      const again = /authentic\s+(\S+)/.exec(out)![1]!;
      expect(tokenOf(again)).toBe(tokenOf(authentic));
      expect(await verdictOf(restored.url, tokenOf(authentic))).toBe('authentic');
    } finally {
      await restored.close();
    }
  }, 60_000);
});

describe('a backup killed in the middle of its copy', () => {
  it('leaves no complete-looking backup, the registry opens, and the next backup cleans up', async () => {
    const { dir, env: bigEnv } = cliFolder('cachet-backup-kill-');
    // A registry with a long history: some 40 MB of audit entries, so the copy takes a while.
    const store = openSqliteStore(bigEnv.CACHET_DB);
    store.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      INSERT INTO audit_log (at, actor, role, action, target, outcome, detail)
      SELECT '2020-01-01T00:00:00Z', 'cli:test', 'owner', 'card.mint', printf('%016x', i), 0,
        hex(randomblob(120)) FROM n`);
    store.checkpoint();
    store.close();
    const into = join(dir, 'backups');
    mkdirSync(into);

    const child = spawn(process.execPath, [CACHET_BIN, 'backup', into], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...bigEnv, CACHET_PROGRESS: '1' },
    });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/\[[#-]+\]/.test(stderr)) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');

    const left = readdirSync(into);
    expect(left).toEqual([expect.stringMatching(/^\.cachet-\d{8}T\d{6}Z\.\d+\.partial$/)]);
    expect(await listBackups(into)).toEqual([]);
    const restore = await cachetAsync(['restore', join(into, left[0]!)], {
      cwd: dir,
      env: { ...bigEnv, CACHET_DB: join(dir, 'elsewhere', 'cachet.db') },
    });
    expect(restore.stderr).toMatch(/incomplete backup/);

    const db = new BetterSqlite3(bigEnv.CACHET_DB, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(100000);
    db.close();

    const next = await cachetAsync(['backup', into], { cwd: dir, env: bigEnv });
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(into)).toEqual([expect.stringMatching(/^cachet-\d{8}T\d{6}Z$/)]);
  }, 60_000);
});
