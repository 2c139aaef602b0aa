// The server's backups on a schedule (CACHET_BACKUP_DIR), on the real server over a real SQLite
// registry: one at start when none is recent, none when one is, one every interval with only the
// newest kept (and nothing else in the folder touched), a warning when the newest is older than
// two intervals, a failure said without stopping the server, the passphrase file checked at
// start, and a stop in the middle of a backup that leaves no partial behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CachetError, generateKeyPair } from '../../src/core/index.js';
import { readNodeConfig } from '../../src/config.js';
import { BACKUP_FILES, takeBackup, type BackupManifest } from '../../src/node/backup.js';
import { describeServer } from '../../src/node/run.js';
import { startNodeServer, type RunningServer } from '../../src/node/server.js';
import { storeKeyPair } from '../../src/store/key-files.js';
import { tempDir } from '../helpers/fixture.js';

const LINE =
  /^Backup (\S+cachet-\d{8}T\d{6}Z(?:-\d+)?): (\d+) cards, log size (\d+), \d+\.\d MB, (no private keys|private keys encrypted), in \d+\.\d s$/;

let open: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

/** A data folder with a signing key, and a server over it with `env` set; its lines kept. */
async function place(env: Record<string, string> = {}) {
  const dir = tempDir();
  const backups = join(dir, 'backups');
  mkdirSync(backups);
  const settings = {
    CACHET_DB: join(dir, 'data', 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
    PORT: '0',
    CACHET_DEMO: '0',
    CACHET_BACKUP_DIR: backups,
    ...env,
  };
  await storeKeyPair(settings.CACHET_KEYS_DIR, await generateKeyPair({ validFrom: '2020-01-01' }));
  const lines: string[] = [];
  const start = async (more: Record<string, string> = {}) => {
    const config = readNodeConfig({ ...settings, ...more });
    const server = await startNodeServer(config, (line) => lines.push(line));
    open.push(server);
    return { server, config };
  };
  const complete = () =>
    existsSync(backups) ? readdirSync(backups).filter((n) => /^cachet-\d{8}T\d{6}Z/.test(n)) : [];
  return { dir, backups, settings, lines, start, complete };
}
const backupLines = (lines: string[]) => lines.filter((l) => l.startsWith('Backup '));
const manifestOf = (path: string) =>
  JSON.parse(readFileSync(join(path, BACKUP_FILES.manifest), 'utf8')) as BackupManifest;

describe('backups on a schedule', () => {
  it('takes one at start when there is none, and none at the next start while it is recent', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '3600000' });
    const { server, config } = await at.start();
    expect(server.backups!.running, 'no backup started').not.toBeNull();
    await server.backups!.running;
    const [line] = backupLines(at.lines);
    const [, path, cards, size, keys] = LINE.exec(line ?? '') ?? [];
    expect(path, at.lines.join('\n')).toBeDefined();
    expect(keys).toBe('no private keys');
    const manifest = manifestOf(path!);
    expect(Number(cards)).toBe(manifest.counts.cards);
    expect(Number(size)).toBe(manifest.log.size);
    expect(manifest.keys.encrypted).toBe(false);
    expect(at.complete()).toHaveLength(1);
    // `npm start` says where they go, how often and how many are kept.
    expect(describeServer(config, server)).toContain(
      `  backups   ${at.backups} every 1 hour, the newest 14 kept (no private keys)`,
    );
    await server.close();
    open = open.filter((s) => s !== server);

    const again = await at.start({ CACHET_BACKUP_INTERVAL_MS: '3600000' });
    expect(again.server.backups!.running).toBeNull();
    expect(at.complete()).toHaveLength(1);
    expect(at.lines.filter((l) => l.startsWith('Warning'))).toEqual([]);
  });

  it('takes one each interval, keeps the newest CACHET_BACKUP_KEEP and touches nothing else', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '1000', CACHET_BACKUP_KEEP: '2' });
    // What else lives in the folder: a folder named like a backup but without a manifest, a
    // file, another tool's folder. None of them is a Cachet backup, so none is deleted.
    mkdirSync(join(at.backups, 'cachet-20200101T000000Z'), { recursive: true });
    writeFileSync(join(at.backups, 'notes.txt'), 'keep me');
    mkdirSync(join(at.backups, 'photos'));
    await at.start();
    while (backupLines(at.lines).length < 4) await new Promise((r) => setTimeout(r, 100));
    await open[0]!.backups!.running;
    const lines = backupLines(at.lines);
    expect(
      lines.every((l) => LINE.test(l)),
      lines.join('\n'),
    ).toBe(true);
    // One line a backup, each its own folder; only the newest two are left.
    const paths = lines.map((l) => LINE.exec(l)![1]!);
    expect(new Set(paths).size).toBe(paths.length);
    expect(at.complete().sort()).toEqual(
      [
        'cachet-20200101T000000Z',
        ...paths.slice(-2).map((p) => p.slice(at.backups.length + 1)),
      ].sort(),
    );
    expect(readdirSync(at.backups)).toEqual(expect.arrayContaining(['notes.txt', 'photos']));
    expect(readdirSync(at.backups).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 20_000);

  it('warns when the newest backup is older than two intervals, and takes one', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '3600000' });
    // A registry first (a start without backups), then a backup of it from three hours ago.
    const first = await at.start({ CACHET_BACKUP_DIR: '' });
    expect(first.server.backups).toBeNull();
    await first.server.close();
    open = [];
    const old = new Date(Date.now() - 3 * 3_600_000);
    const taken = await takeBackup({
      dbPath: at.settings.CACHET_DB,
      keysDir: at.settings.CACHET_KEYS_DIR,
      into: at.backups,
      now: old,
    });
    const { server } = await at.start();
    const warning = at.lines.find((l) => l.startsWith('Warning'));
    expect(warning).toBe(
      `Warning: the last backup (${taken.path}) is from ${old.toISOString()}, 3 hours ago, older than two intervals (2 hours): see this server's "Backup failed" lines, if any, and ${at.backups}`,
    );
    await server.backups!.running;
    expect(backupLines(at.lines)).toHaveLength(1);
    expect(at.complete()).toHaveLength(2);
  });

  it('never lets a backup dated in the future stand for a recent one, or hide the real newest', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '3600000', CACHET_BACKUP_KEEP: '1' });
    const first = await at.start({ CACHET_BACKUP_DIR: '' });
    await first.server.close();
    open = [];
    const ahead = new Date(Date.now() + 365 * 86_400_000);
    const future = await takeBackup({
      dbPath: at.settings.CACHET_DB,
      keysDir: at.settings.CACHET_KEYS_DIR,
      into: at.backups,
      now: ahead,
    });
    const { server } = await at.start();
    expect(server.backups!.running, 'no backup taken at start').not.toBeNull();
    await server.backups!.running;
    expect(at.lines.filter((l) => l.includes('dated in the future'))).toEqual([
      `Warning: the backup ${future.path} is dated in the future (${ahead.toISOString()}): it does not count as recent (check the clock, and who wrote it); backups go on`,
    ]);
    // Pruned to one: the real newest is kept, the future-dated one goes first.
    const [, path] = LINE.exec(backupLines(at.lines)[0] ?? '') ?? [];
    expect(at.complete()).toEqual([path!.slice(at.backups.length + 1)]);
  });

  it('says a failed backup and goes on serving', async () => {
    const at = await place();
    writeFileSync(join(at.dir, 'a-file'), '');
    const { server } = await at.start({ CACHET_BACKUP_DIR: join(at.dir, 'a-file', 'backups') });
    await server.backups!.running;
    const failed = at.lines.filter((l) => l.startsWith('Backup failed'));
    expect(failed, at.lines.join('\n')).toHaveLength(1);
    expect(failed[0]).toMatch(/ENOTDIR.*; the server goes on, next try in 1 day$/);
    expect((await fetch(`${server.url}/log/checkpoint`)).status).toBe(200);
  });

  it('warns when the backup folder cannot be read for two intervals', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '1000' });
    writeFileSync(join(at.dir, 'a-file'), '');
    await at.start({ CACHET_BACKUP_DIR: join(at.dir, 'a-file', 'backups') });
    for (let i = 0; i < 60 && !at.lines.some((l) => l.startsWith('Warning: no backup')); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      at.lines.find((l) => l.startsWith('Warning: no backup')),
      at.lines.join('\n'),
    ).toMatch(
      /^Warning: no backup in .*a-file\/backups for \d+ seconds since the server started, more than two intervals \(2 seconds\)/,
    );
  });

  it('warns again at each interval while backups fail, and goes on serving', async () => {
    const at = await place({ CACHET_BACKUP_INTERVAL_MS: '1000' });
    const first = await at.start({ CACHET_BACKUP_DIR: '' });
    await first.server.close();
    open = [];
    const old = await takeBackup({
      dbPath: at.settings.CACHET_DB,
      keysDir: at.settings.CACHET_KEYS_DIR,
      into: at.backups,
      now: new Date(Date.now() - 10_000),
    });
    // A private key file that cannot be read (a folder in its place): every backup fails.
    mkdirSync(join(at.settings.CACHET_KEYS_DIR, 'private', 'unreadable.jwk'), { recursive: true });
    const { server } = await at.start();
    while (at.lines.filter((l) => l.startsWith('Backup failed')).length < 2) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const warnings = at.lines.filter((l) => l.startsWith('Warning: the last backup'));
    expect(warnings.length, at.lines.join('\n')).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toContain(`(${old.path})`);
    expect(backupLines(at.lines).filter((l) => LINE.test(l))).toEqual([]);
    expect((await fetch(`${server.url}/log/checkpoint`)).status).toBe(200);
  });

  it('puts the private keys in encrypted with CACHET_BACKUP_PASSPHRASE_FILE, and refuses a start without the file', async () => {
    const at = await place();
    const missing = join(at.dir, 'nowhere', 'passphrase');
    const refused = await at.start({ CACHET_BACKUP_PASSPHRASE_FILE: missing }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(CachetError);
    expect(refused).toMatchObject({ code: 'ERR_SETTING' });
    expect((refused as Error).message).toMatch(
      /^CACHET_BACKUP_PASSPHRASE_FILE: cannot read .*passphrase: no such file$/,
    );
    const short = join(at.dir, 'short');
    writeFileSync(short, 'hunter2\n');
    await expect(at.start({ CACHET_BACKUP_PASSPHRASE_FILE: short })).rejects.toThrow(
      /^CACHET_BACKUP_PASSPHRASE_FILE: the passphrase in .* is at least 12 characters; this one has 7$/,
    );
    expect(at.complete()).toEqual([]);

    const file = join(at.dir, 'passphrase');
    writeFileSync(file, 'correct horse battery staple\n', { mode: 0o600 });
    const { server } = await at.start({ CACHET_BACKUP_PASSPHRASE_FILE: file });
    await server.backups!.running;
    const [, path, , , keys] = LINE.exec(backupLines(at.lines)[0] ?? '') ?? [];
    expect(keys, at.lines.join('\n')).toBe('private keys encrypted');
    expect(manifestOf(path!).keys.encrypted).toBe(true);
    expect(existsSync(join(path!, BACKUP_FILES.keys))).toBe(true);
  });

  it('stops cleanly in the middle of a backup: the backup ends, and no partial is left', async () => {
    const at = await place();
    const { server } = await at.start();
    expect(server.backups!.running).not.toBeNull();
    await server.close();
    open = [];
    expect(server.backups!.running).toBeNull();
    expect(readdirSync(at.backups).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(at.complete()).toHaveLength(backupLines(at.lines).length);
  });
});
