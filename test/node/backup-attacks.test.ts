// Backups against someone who can write to the backup folder, on a real server's registry: an
// edited backup (a key added to jwks.json, the manifest's hashes rewritten) is refused by its
// signature under a key the folder cannot have replaced; FIFOs and links are refused, never
// waited on or followed; a hostile keys.enc cannot ask for gigabytes; a weak passphrase never
// means "no keys"; and pruning and leftovers touch only what is Cachet's own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachetError, generateKeyPair } from '../../src/core/index.js';
import { listBackups, readBackup, restoreBackup, takeBackup } from '../../src/node/backup.js';
import { readBackupPassphrase } from '../../src/node/backup-timer.js';
import { openKeys, sealKeys } from '../../src/node/key-vault.js';
import { loadOrCreateLogKey, logKeyPath } from '../../src/store/log-key.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSPHRASE = 'a long enough passphrase';
let server: TestServer;
let live: { dbPath: string; keysDir: string };
let plain: string;
let sealed: string;

beforeAll(async () => {
  server = await startTestServer(undefined, { CACHET_LOG_INTERVAL_MS: '50' });
  live = { dbPath: join(server.dir, 'cachet.db'), keysDir: join(server.dir, 'keys') };
  await server.mint();
  plain = (await takeBackup({ ...live, into: tempDir() })).path;
  sealed = (await takeBackup({ ...live, into: tempDir(), passphrase: PASSPHRASE })).path;
}, 30_000);
afterAll(() => server?.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: unknown) => (error instanceof CachetError ? `${error.code}: ${error.message}` : error),
  );
const place = () => {
  const dir = tempDir();
  return { dbPath: join(dir, 'data', 'cachet.db'), keysDir: join(dir, 'keys'), dir };
};
/** A copy of a backup folder with `change` applied, the manifest's sizes and hashes rewritten. */
function forge(from: string, change: (dir: string) => void): string {
  const dir = join(tempDir(), 'cachet-forged');
  cpSync(from, dir, { recursive: true });
  change(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const file of manifest.files) {
    const bytes = readFileSync(join(dir, file.path));
    file.bytes = bytes.length;
    file.sha256 = createHash('sha256').update(bytes).digest('hex');
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}
/** jwks.json with one more key, the attacker's, retired and dated around today. */
async function addKey(dir: string) {
  const today = new Date().toISOString().slice(0, 10);
  const { publicJwk } = await generateKeyPair({ validFrom: today });
  const jwks = JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8'));
  jwks.keys.push({ ...publicJwk, status: 'retired' });
  return `${JSON.stringify(jwks, null, 2)}\n`;
}
/** Resolves to 'timed out' when `promise` has not settled within `ms`. */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise, new Promise((r) => setTimeout(() => r('timed out'), ms).unref())]);

describe('a backup edited by someone who can write to its folder', () => {
  it('is refused under the log key of keys.enc, of the keys folder, or of --log-vkey', async () => {
    const jwks = await addKey(sealed);
    const forged = forge(sealed, (dir) => writeFileSync(join(dir, 'jwks.json'), jwks));
    const viaVault = place();
    expect(
      await codeOf(restoreBackup({ from: forged, ...viaVault, passphrase: PASSPHRASE })),
    ).toMatch(/^ERR_BACKUP: the backup's manifest is not signed by the log key in keys\.enc/);
    expect(existsSync(viaVault.dbPath) || existsSync(viaVault.keysDir)).toBe(false);

    const forgedPlain = forge(plain, (dir) => writeFileSync(join(dir, 'jwks.json'), jwks));
    expect(
      await codeOf(restoreBackup({ from: forgedPlain, ...place(), logVkey: server.logVkey })),
    ).toMatch(/^ERR_BACKUP: the backup's manifest is not signed by --log-vkey/);
    const viaFolder = place();
    mkdirSync(join(viaFolder.keysDir, 'private'), { recursive: true });
    cpSync(join(live.keysDir, 'private', 'log.jwk'), join(viaFolder.keysDir, 'private', 'log.jwk'));
    expect(await codeOf(restoreBackup({ from: forgedPlain, ...viaFolder }))).toMatch(
      /^ERR_BACKUP: the backup's manifest is not signed by \S+private\/log\.jwk/,
    );
    // Its signature removed: refused too, since the log key is known here.
    rmSync(join(forgedPlain, 'manifest.sig'));
    expect(
      await codeOf(restoreBackup({ from: forgedPlain, ...place(), logVkey: server.logVkey })),
    ).toMatch(/^ERR_BACKUP: the backup's manifest is not signed, though its log key is known/);
    expect(existsSync(viaFolder.dbPath)).toBe(false);
  });

  it('is refused unsigned, with nothing to vouch for it, unless the operator says --unsigned', async () => {
    // The signature taken out and the manifest made to say the log is empty: with no log key
    // here, only the operator's word could let it in (and the check would still find removed
    // checkpoints under entries' places: test/store/registry-check.test.ts).
    const stripped = forge(plain, (dir) => {
      rmSync(join(dir, 'manifest.sig'));
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      manifest.log = { ...manifest.log, size: 0, root: null };
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    });
    const to = place();
    expect(await codeOf(restoreBackup({ from: stripped, ...to }))).toMatch(
      /^ERR_BACKUP: the backup is not signed, so nothing vouches for its registry and keys .* --unsigned$/,
    );
    expect(existsSync(to.dbPath)).toBe(false);
    expect(existsSync(to.dbPath)).toBe(false);
  });

  it('is refused without a key to check it under, naming the ways to give one', async () => {
    const to = place();
    const refused = await codeOf(restoreBackup({ from: plain, ...to }));
    expect(refused).toMatch(/^ERR_BACKUP: .*--passphrase-file.*log\.jwk.*--log-vkey/);
    expect(refused).not.toMatch(/\n/);
    expect(existsSync(to.dbPath)).toBe(false);
    // The genuine backup restores under the published verifier key.
    const restored = await restoreBackup({ from: plain, ...place(), logVkey: server.logVkey });
    expect(restored.manifest.counts.cards).toBe(1);
  });
});

describe("the restore's registry check", () => {
  it('runs with the keys the registry will have: a log key that did not sign its checkpoints is refused', async () => {
    const replaced = place();
    await restoreBackup({ from: sealed, ...replaced, passphrase: PASSPHRASE });
    // The machine's log key replaced by another (its checkpoints are the old key's).
    const other = tempDir();
    await loadOrCreateLogKey(other);
    cpSync(logKeyPath(other), logKeyPath(replaced.keysDir));
    const { path } = await takeBackup({ ...replaced, into: tempDir(), passphrase: PASSPHRASE });
    const to = place();
    expect(await codeOf(restoreBackup({ from: path, ...to, passphrase: PASSPHRASE }))).toMatch(
      /^ERR_REGISTRY_DAMAGED: .*keys \(checkpoint \d+\): the checkpoint is not signed by this machine's log key/,
    );
    expect(existsSync(to.dbPath)).toBe(false);
  });
});

describe('what is read from a backup folder', () => {
  it('never waits on a FIFO manifest, and never follows a linked registry', async () => {
    const into = tempDir();
    const fifo = join(into, 'cachet-20200101T000000Z');
    mkdirSync(fifo);
    execFileSync('mkfifo', [join(fifo, 'manifest.json')]);
    expect(await within(listBackups(into), 3000)).toEqual([]);
    expect(await within(codeOf(readBackup(fifo)), 3000)).toMatch(
      /^ERR_BACKUP: the backup's manifest\.json is a FIFO/,
    );
    const linked = join(tempDir(), 'cachet-linked');
    cpSync(plain, linked, { recursive: true });
    const outside = join(tempDir(), 'outside.db');
    cpSync(join(plain, 'registry.db'), outside);
    rmSync(join(linked, 'registry.db'));
    symlinkSync(outside, join(linked, 'registry.db'));
    expect(await codeOf(readBackup(linked))).toMatch(
      /^ERR_BACKUP: the backup's registry\.db is a symbolic link/,
    );
    expect(
      await codeOf(restoreBackup({ from: linked, ...place(), logVkey: server.logVkey })),
    ).toMatch(/^ERR_BACKUP: the backup's registry\.db is a symbolic link/);
  });

  it('refuses a keys.enc whose KDF asks too much, before running it', async () => {
    const text = await sealKeys([{ path: 'private/a.jwk', text: '{}' }], PASSPHRASE);
    const parsed = JSON.parse(text);
    const hostile = [
      { ...parsed, kdf: { ...parsed.kdf, memory: 300 * 1024, passes: 1 } },
      { ...parsed, kdf: { ...parsed.kdf, passes: 11 } },
      { ...parsed, kdf: { ...parsed.kdf, parallelism: 17 } },
      { ...parsed, kdf: { ...parsed.kdf, salt: Buffer.alloc(8).toString('base64') } },
      { ...parsed, cipher: { ...parsed.cipher, iv: Buffer.alloc(16).toString('base64') } },
    ];
    for (const sealedText of hostile) {
      expect(await codeOf(openKeys(JSON.stringify(sealedText), PASSPHRASE))).toMatch(
        /^ERR_BACKUP: keys\.enc is refused: .*256 MiB, 10 passes, 16 lanes\)$/,
      );
    }
  });
});

describe('passphrases', () => {
  it('never takes an empty or blank passphrase as "no keys"', async () => {
    for (const passphrase of ['', ' '.repeat(16)]) {
      const into = tempDir();
      expect(await codeOf(takeBackup({ ...live, into, passphrase }))).toMatch(/^ERR_PASSPHRASE: /);
      expect(await listBackups(into)).toEqual([]);
    }
  });

  it('reads a passphrase file whole on the server, as the CLI does, and warns when others may read it', async () => {
    const file = join(tempDir(), 'passphrase');
    writeFileSync(file, 'first line of it\nand the second\r\n', { mode: 0o644 });
    const warnings: string[] = [];
    expect(readBackupPassphrase(file, (line) => warnings.push(line))).toBe(
      'first line of it\nand the second',
    );
    expect(warnings).toEqual([expect.stringMatching(/can be read by others \(mode 0644\)/)]);
  });
});

describe('the folder backups go into', () => {
  it("lists (and so prunes) only this format's folders, and removes this pid's leftover", async () => {
    const into = tempDir();
    const other = join(into, 'cachet-20200101T000000Z');
    mkdirSync(other);
    writeFileSync(
      join(other, 'manifest.json'),
      JSON.stringify({ format: 'another-tool/3', createdAt: '2020-01-01T00:00:00Z' }),
    );
    const mine = join(into, `.cachet-20200101T000000Z.${process.pid}.partial`);
    mkdirSync(mine);
    const { path } = await takeBackup({ ...live, into });
    expect((await listBackups(into)).map((b) => b.path)).toEqual([path]);
    expect(existsSync(mine)).toBe(false);
  });
});
