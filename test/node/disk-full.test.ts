// The registry's disk fills up under the built server: verifying keeps answering, minting is
// refused in one clear line (507 over HTTP, exit 2 in the CLI), no committed card is lost, scans
// are kept for later, failures are said once, and when space returns everything resumes without
// a restart. The registry is put on a small file system of its own (tmpfs, or an ext4 image),
// which needs root; without root, writes are cut short by a file size limit instead.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../src/core/index.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { CACHET_BIN, cachetAsync, launchBuiltServer } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';

const dir = mkdtempSync(join(tmpdir(), 'cachet-disk-full-'));
const data = join(dir, 'data');
mkdirSync(data);
const filler = join(data, 'filler');

/**
 * How the disk is made full. Root mounts a small file system on `at` (tmpfs, else an ext4 image on
 * a loop device: CACHET_TEST_DISK=ext4) and fills it; without root (or with
 * CACHET_TEST_DISK=rlimit) the server's and the CLI's file size limit (RLIMIT_FSIZE) is set to 0, so that every write to the registry is cut
 * short as on a full disk, and lifted again when "space returns".
 */
interface DiskFault {
  kind: 'tmpfs' | 'ext4' | 'rlimit';
  fill(pid: number): void;
  free(pid: number): void;
  /** The command that runs the CLI while the disk is full. */
  cliPrefix: string[];
}

const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).status;

function smallDisk(at: string): DiskFault {
  const filled: DiskFault = {
    kind: 'tmpfs',
    fill: () => fillDisk(),
    free: () => rmSync(filler),
    cliPrefix: [],
  };
  if (process.env.CACHET_TEST_DISK !== 'rlimit') {
    const tmpfs = process.env.CACHET_TEST_DISK !== 'ext4';
    if (tmpfs && run('mount', '-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', at) === 0) {
      return filled;
    }
    const image = join(dir, 'small.ext4');
    if (
      run('truncate', '-s', '8M', image) === 0 &&
      run('mkfs.ext4', '-q', '-F', image) === 0 &&
      run('mount', '-o', 'loop', image, at) === 0
    ) {
      return { ...filled, kind: 'ext4' };
    }
  }
  const limit = (pid: number, fsize: string) => {
    const res = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${fsize}`], {
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`prlimit refused: ${res.stderr}`);
  };
  return {
    kind: 'rlimit',
    fill: (pid) => limit(pid, '0:'),
    free: (pid) => limit(pid, 'unlimited:'),
    cliPrefix: ['prlimit', '--fsize=0'],
  };
}

const disk = smallDisk(data);
const mounted = disk.kind !== 'rlimit';
let server: LocalProcess | undefined;
afterAll(async () => {
  await server?.close();
  if (mounted && run('umount', data) !== 0) run('umount', '-l', data);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the filler until the file system refuses a byte more. */
function fillDisk(): void {
  const fd = openSync(filler, 'a');
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9, 1]) {
      const chunk = Buffer.alloc(size, 0x55);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The pid of the built server this test started in `dir`. */
function serverPid(): number {
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('dist/src/node.js')) {
        return Number(name);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  throw new Error('the server process was not found');
}

const env = {
  CACHET_DB: join(data, 'cachet.db'),
  CACHET_KEYS_DIR: join(dir, 'keys'),
  CACHET_PUBLIC_URL: 'https://verify.brand.test',
  CACHET_LOG_INTERVAL_MS: '200',
  CACHET_SCAN_FLUSH_MS: '200',
};
const cli = (...args: string[]) => cachetAsync(args, { cwd: dir, env });
const mintCli = async () => {
  const run = await cli('mint', '--boutique', 'PAR-SH', '--associate', '101', '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { token: string; serial: string };
};

describe(`the registry on a full disk (${disk.kind})`, () => {
  it('keeps verifying, refuses mints plainly, loses nothing and recovers without a restart', async () => {
    server = await launchBuiltServer(dir, env);
    const url = server.url;
    const verdict = async (token: string) =>
      ((await (await fetch(`${url}/api/v1/verify/${token}`)).json()) as { status: string }).status;
    const logSize = async () => {
      const note = await (await fetch(`${url}/log/checkpoint`)).text();
      return parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size;
    };
    const manager = JSON.parse(
      (
        await cli(
          'staff',
          'add',
          '--role',
          'manager',
          '--boutique',
          'PAR-SH',
          '--name',
          'M',
          '--json',
        )
      ).stdout,
    ) as { apiKey: string };
    // Nothing is verified before the disk fills: the day's scanner key is not kept yet, and a
    // full disk must not stop the day's first verifications either.
    const cards = [await mintCli(), await mintCli(), await mintCli()];

    // One more card, committed by the CLI while the server is paused, so that the log has an
    // entry to place when the disk has just filled.
    const pid = serverPid();
    process.kill(pid, 'SIGSTOP');
    let pending;
    try {
      pending = await mintCli();
      disk.fill(pid);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    cards.push(pending);
    const mintApi = () =>
      fetch(`${url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101 }),
      });

    // Verifying answers, as JSON and as a page; each counted scan waits to be written.
    for (const card of cards) expect(await verdict(card.token)).toBe('authentic');
    const page = await fetch(`${url}/c/${cards[0]!.token}`);
    expect(page.status).toBe(200);

    // Minting is refused: 507 with the code over HTTP, one line and exit 2 in the CLI.
    const refused = await mintApi();
    expect(refused.status).toBe(507);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('ERR_DISK_FULL');
    expect(body.error.message).toMatch(
      /^the registry's disk is full: nothing was minted; free space/,
    );
    const [command, ...prefix] = [...disk.cliPrefix, process.execPath];
    const cliRefused = spawnSync(
      command!,
      [...prefix, CACHET_BIN, 'mint', '--boutique', 'PAR-SH', '--associate', '101'],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...env }, encoding: 'utf8' },
    );
    expect(cliRefused.status).toBe(2);
    expect(cliRefused.stdout).toBe('');
    expect(cliRefused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^cachet mint: the registry's disk is full: nothing was minted; free space/,
      ),
    ]);

    // A few flushes and log steps on the full disk: each failure said once, not every step.
    for (let i = 0; i < 6; i++) {
      await verdict(cards[i % cards.length]!.token);
      await new Promise((r) => setTimeout(r, 250));
    }
    const during = server.output();
    expect(during.match(/scans kept for the next write/g) ?? []).toHaveLength(1);
    expect(during.match(/the log could not sign a checkpoint/g) ?? []).toHaveLength(1);
    expect(during).toMatch(/could not sign a checkpoint .*: the registry's disk is full/);
    expect(during).not.toMatch(/\n\s+at /); // no stack trace

    // Space returns: minting works again without a restart, and the log and the scans catch up.
    disk.free(pid);
    const after = await mintApi();
    expect(after.status).toBe(201);
    const late = (await after.json()) as { token: string };
    const lateCli = await mintCli();
    for (const card of [...cards, late, lateCli])
      expect(await verdict(card.token)).toBe('authentic');
    const total = cards.length + 2 + 2; // and the two demo cards
    for (let i = 0; i < 50 && (await logSize()) < total; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await logSize()).toBe(total);
    expect(server.output()).toMatch(/the log signs checkpoints again/);
    for (let i = 0; i < 50 && !/scans are written again/.test(server.output()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(server.output()).toMatch(/scans are written again/);
    await server.close();
    server = undefined;

    // Nothing corrupt: the registry checks out, every card is there, and no scan was lost.
    const db = new Database(env.CACHET_DB, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const serials = db.prepare('SELECT count(*) FROM cards').pluck().get();
      expect(serials).toBe(total);
      const scans = db.prepare('SELECT coalesce(sum(count), 0) FROM scans').pluck().get();
      // Each verdict above is one counted scan: none lost while the disk was full.
      expect(scans).toBe(4 + 1 + 6 + 6);
    } finally {
      db.close();
    }
  }, 60_000);
});
