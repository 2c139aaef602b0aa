// Backups of a real registry (a running server's SQLite file and key files): the manifest says
// what the copy holds, a damaged or incomplete backup is refused naming the file, and a restore
// goes only into an empty place, checked, with the keys written exclusively.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachetError, parseCheckpoint } from '../../src/core/index.js';
import {
  BACKUP_FORMAT,
  listBackups,
  readBackup,
  restoreBackup,
  takeBackup,
} from '../../src/node/backup.js';
import { signManifest } from '../../src/node/backup-signature.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSPHRASE = 'a long enough passphrase';
let server: TestServer;
let live: { dbPath: string; keysDir: string };
let logSize = 0;

beforeAll(async () => {
  server = await startTestServer(undefined, { CACHET_LOG_INTERVAL_MS: '50' });
  live = { dbPath: join(server.dir, 'cachet.db'), keysDir: join(server.dir, 'keys') };
  const cards = [await server.mint(), await server.mint(), await server.mint()];
  await server.store.revokeCard(cards[0]!.serial, { reason: 'lost-or-stolen' }, new Date());
  for (;;) {
    const note = await (await server.get('/log/checkpoint')).text();
    logSize = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size;
    if (logSize === 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
}, 30_000);
afterAll(() => server?.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: unknown) => (error instanceof CachetError ? `${error.code}: ${error.message}` : error),
  );
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('takeBackup', () => {
  it('copies the registry of a running server, with a manifest read from the copy', async () => {
    const into = tempDir();
    const { path, manifest } = await takeBackup({ ...live, into });
    expect(path).toMatch(/\/cachet-\d{8}T\d{6}Z$/);
    expect(manifest).toMatchObject({
      format: BACKUP_FORMAT,
      counts: { cards: 3, revocations: 1, boutiques: 2, associates: 3, logEntries: 3 },
      log: { size: 3, root: expect.stringMatching(/=$/), vkey: server.logVkey },
      keys: { encrypted: false },
    });
    expect(manifest.migrations[0]).toBe('0001_registry.sql');
    expect(manifest.keys.kids).toEqual(server.keyring.keys.map((k) => k.kid));
    expect(manifest.keys.private).toContain('log');
    expect(manifest.files.map((f) => f.path).sort()).toEqual([
      'jwks.json',
      'origins.json',
      'registry.db',
    ]);
    expect(modeOf(path)).toBe(0o700);
    for (const file of readdirSync(path)) expect(modeOf(join(path, file))).toBe(0o600);
    // The copy is a registry on its own: one file, no WAL needed beside it.
    const copy = new BetterSqlite3(join(path, 'registry.db'), { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(3);
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(await readBackup(path)).toEqual(manifest);
  });

  it('names a second backup of the same second apart, and lists them newest first', async () => {
    const into = tempDir();
    const now = new Date();
    const first = await takeBackup({ ...live, into, now });
    const second = await takeBackup({ ...live, into, now });
    expect(second.path).toBe(`${first.path}-2`);
    const older = await takeBackup({ ...live, into, now: new Date(now.getTime() - 60_000) });
    const listed = await listBackups(into);
    expect(listed.map((b) => b.path)).toEqual([second.path, first.path, older.path]);
    expect(listed[0]!.createdAt.toISOString()).toBe(now.toISOString());
  });

  it("removes a killed backup's partial folder, never a running one's", async () => {
    const into = tempDir();
    const dead = join(into, '.cachet-20200101T000000Z.999999999.partial');
    const running = join(into, `.cachet-20200101T000000Z.${process.ppid}.partial`);
    const mine = join(into, 'notes.partial');
    for (const dir of [dead, running, mine]) mkdirSync(dir);
    await takeBackup({ ...live, into });
    expect([existsSync(dead), existsSync(running), existsSync(mine)]).toEqual([false, true, true]);
    expect(await listBackups(into)).toHaveLength(1);
    expect(await codeOf(readBackup(running))).toMatch(/^ERR_BACKUP: .*incomplete/);
  });
});

describe('readBackup', () => {
  let path: string;
  beforeAll(async () => {
    path = (await takeBackup({ ...live, into: tempDir() })).path;
  });
  const altered = (change: (dir: string) => void) => {
    const dir = tempDir();
    for (const file of readdirSync(path)) {
      writeFileSync(join(dir, file), readFileSync(join(path, file)));
    }
    change(dir);
    return readBackup(dir);
  };

  it('refuses a changed, cut or missing file, naming it', async () => {
    expect(
      await codeOf(
        altered((dir) => {
          const bytes = readFileSync(join(dir, 'registry.db'));
          bytes[bytes.length - 100] ^= 0xff;
          writeFileSync(join(dir, 'registry.db'), bytes);
        }),
      ),
    ).toMatch(/^ERR_BACKUP: the backup's registry\.db does not match its SHA-256/);
    expect(
      await codeOf(altered((dir) => writeFileSync(join(dir, 'jwks.json'), '{"keys":[]}\n'))),
    ).toMatch(/^ERR_BACKUP: the backup's jwks\.json has \d+ bytes where its manifest says/);
    expect(await codeOf(altered((dir) => writeFileSync(join(dir, 'registry.db'), '')))).toMatch(
      /registry\.db has 0 bytes/,
    );
  });

  it('refuses a folder without a manifest, or with another format', async () => {
    expect(await codeOf(altered((dir) => writeFileSync(join(dir, 'manifest.json'), '{')))).toMatch(
      /^ERR_BACKUP: .*manifest\.json is not JSON/,
    );
    const manifest = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8'));
    expect(
      await codeOf(
        altered((dir) =>
          writeFileSync(
            join(dir, 'manifest.json'),
            JSON.stringify({ ...manifest, format: 'cachet-backup/9' }),
          ),
        ),
      ),
    ).toMatch(/^ERR_BACKUP: .*not a backup in the format cachet-backup\/1/);
    expect(await codeOf(readBackup(tempDir()))).toMatch(/^ERR_BACKUP: .*has no manifest\.json/);
  });
});

describe('restoreBackup', () => {
  let plain: string;
  let sealed: string;
  beforeAll(async () => {
    plain = (await takeBackup({ ...live, into: tempDir() })).path;
    sealed = (await takeBackup({ ...live, into: tempDir(), passphrase: PASSPHRASE })).path;
  });
  const place = () => {
    const dir = tempDir();
    return { dbPath: join(dir, 'data', 'cachet.db'), keysDir: join(dir, 'keys'), dir };
  };

  it('never writes over a registry, or its WAL', async () => {
    for (const file of ['cachet.db', 'cachet.db-wal']) {
      const to = place();
      mkdirSync(join(to.dir, 'data'));
      writeFileSync(join(to.dir, 'data', file), 'live');
      expect(await codeOf(restoreBackup({ from: plain, ...to }))).toMatch(
        new RegExp(
          `^ERR_CONFLICT: \\S+/data/${file.replace('.', '\\.')} exists: .*empty data folder`,
        ),
      );
      expect(readFileSync(join(to.dir, 'data', file), 'utf8')).toBe('live');
      expect(existsSync(to.keysDir)).toBe(false);
    }
  });

  it('restores the registry and, with the passphrase, every private key as it was', async () => {
    const to = place();
    const restored = await restoreBackup({ from: sealed, ...to, passphrase: PASSPHRASE });
    expect(restored.warnings).toEqual([]);
    for (const name of readdirSync(join(live.keysDir, 'private'))) {
      const file = join(to.keysDir, 'private', name);
      expect(readFileSync(file, 'utf8')).toBe(
        readFileSync(join(live.keysDir, 'private', name), 'utf8'),
      );
      expect(modeOf(file)).toBe(0o600);
    }
    expect(readFileSync(join(to.keysDir, 'jwks.json'), 'utf8')).toBe(
      readFileSync(join(live.keysDir, 'jwks.json'), 'utf8'),
    );
    expect(modeOf(to.dbPath)).toBe(0o600);
    expect(readdirSync(join(to.dir, 'data')).sort()).toEqual([
      'cachet.db',
      'cachet.db.origins.json',
    ]);
    const db = new BetterSqlite3(to.dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(3);
    db.close();
  });

  it('refuses a wrong passphrase, or a different key in place, before writing anything', async () => {
    const to = place();
    expect(
      await codeOf(restoreBackup({ from: sealed, ...to, passphrase: 'wrong passphrase!' })),
    ).toMatch(/^ERR_PASSPHRASE: /);
    expect(existsSync(to.dbPath) || existsSync(to.keysDir)).toBe(false);
    mkdirSync(join(to.keysDir, 'private'), { recursive: true });
    writeFileSync(join(to.keysDir, 'private', 'log.jwk'), '{"another":"log key"}\n');
    expect(await codeOf(restoreBackup({ from: sealed, ...to, passphrase: PASSPHRASE }))).toMatch(
      /^ERR_CONFLICT: \S+private\/log\.jwk exists and differs/,
    );
    expect(existsSync(to.dbPath)).toBe(false);
  });

  it('says plainly that nothing can be minted, and the log key is missing, without keys', async () => {
    const to = place();
    const restored = await restoreBackup({ from: plain, ...to, logVkey: server.logVkey });
    expect(restored.warnings.join('\n')).toMatch(/the log key .* is not here/);
    expect(restored.warnings.join('\n')).toMatch(/nothing new can be minted/);
    expect(existsSync(to.dbPath)).toBe(true);
  });

  it('refuses a registry that does not hold what its manifest says', async () => {
    const from = tempDir();
    for (const file of readdirSync(plain)) {
      writeFileSync(join(from, file), readFileSync(join(plain, file)));
    }
    const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8'));
    manifest.counts.cards = 2;
    // Signed anew with the log key: only the holder of that key could make such a backup.
    const bytes = Buffer.from(JSON.stringify(manifest));
    writeFileSync(join(from, 'manifest.json'), bytes);
    writeFileSync(join(from, 'manifest.sig'), (await signManifest(live.keysDir, bytes))!);
    const to = place();
    expect(await codeOf(restoreBackup({ from, ...to, logVkey: server.logVkey }))).toMatch(
      /^ERR_REGISTRY_DAMAGED: .*3 cards where the manifest says 2/,
    );
    expect(existsSync(join(to.dir, 'data')) ? readdirSync(join(to.dir, 'data')) : []).toEqual([]);
  });
});
