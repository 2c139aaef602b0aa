// `cachet log monitor` (the built CLI) against the built server whose log holds claim entries:
// it counts them by event and prints, at its index, a second claim made over a standing one.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeClaimEntry,
  parseCheckpoint,
  parseTokenText,
  readCardInput,
  toHex,
  tokenLogHash,
} from '../../src/core/index.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, cliFolder, launchBuiltServer } from '../helpers/cli.js';

const { dir: cwd, env } = cliFolder('cachet-claim-monitor-', { CACHET_LOG_INTERVAL_MS: '100' });
let server: LocalProcess;
let authentic: string;
beforeAll(async () => {
  server = await launchBuiltServer(cwd, env);
  authentic = /authentic\s+(\S+)/.exec(server.output())![1]!;
}, 60_000);
afterAll(() => server?.close());

const sizeOf = async () => {
  const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
  return parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size;
};

describe('cachet log monitor', () => {
  it('counts claim events and flags a claim reassigned over a standing one', async () => {
    const { bytes, claims } = parseTokenText(readCardInput(authentic).digits);
    const tokenHash = await tokenLogHash(bytes);
    const before = await sizeOf();
    const loggedAt = Math.floor(Date.now() / 1000);
    const db = new BetterSqlite3(env.CACHET_DB);
    const insert = db.prepare(
      'INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 3, ?, ?)',
    );
    for (const claim of [1, 2]) {
      const entry = encodeClaimEntry({
        loggedAt,
        tokenHash,
        event: 'claimed',
        claim,
        shown: { handle: false, photo: false },
        handleHash: new Uint8Array(32),
      });
      insert.run(toHex(claims.serial), toHex(entry), loggedAt);
    }
    db.close();
    for (let i = 0; i < 50 && (await sizeOf()) < before + 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await sizeOf()).toBe(before + 2);

    const run = await cachetAsync(['log', 'monitor', server.url, '--state', join(cwd, 'monitor')], {
      cwd,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/by type: \d+ issuance, 0 reference photos, 2 claim events\n/);
    expect(run.stdout).toContain('  claims: 2 claimed\n');
    expect(run.stdout).toContain(
      `  CLAIM FLAGGED: entry ${before + 1} (claimed, claim 2, logged ${new Date(loggedAt * 1000).toISOString()}): claim 2 made while the card's claim 1 stands`,
    );
    const json = await cachetAsync(
      ['log', 'monitor', server.url, '--state', join(cwd, 'fresh'), '--json'],
      { cwd, env },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      claimsPerEvent: { claimed: 2 },
      claimFlags: [{ index: before + 1, event: 'claimed', claim: 2 }],
    });
  }, 60_000);
});
