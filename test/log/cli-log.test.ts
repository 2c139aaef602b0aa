// `cachet log proof | verify | monitor` against the built server: a card's proof checked online
// and offline, a reference photo's proof and a photo checked against it, and a log rewritten
// behind the monitor's back (truncated, then regrown) reported with the two signed checkpoints as
// evidence.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeReferenceEntry,
  formatVkey,
  noteKey,
  openNote,
  parseCheckpoint,
  parseTokenText,
  parseVkey,
  readCardInput,
  SIG_ED25519,
  toHex,
  tokenLogHash,
} from '../../src/core/index.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, cliFolder, launchBuiltServer } from '../helpers/cli.js';
import { independentlyProven, independentlyProvenReference } from '../helpers/independent-log.js';

const { dir: cwd, env } = cliFolder('cachet-log-cli-', { CACHET_LOG_INTERVAL_MS: '100' });
let server: LocalProcess;
let authentic: string;
const start = async () => {
  server = await launchBuiltServer(cwd, env);
  authentic = /authentic\s+(\S+)/.exec(server.output())![1]!;
};
beforeAll(start, 60_000);
afterAll(() => server?.close());

const cli = (...args: string[]) => cachetAsync(args, { cwd, env });
const sizeOf = async () => {
  const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
  return parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size;
};
async function mintUntil(size: number) {
  while ((await sizeOf()) < size) {
    const run = await cli('mint', '--boutique', 'PAR-SH', '--associate', '101', '--json');
    expect(run.code, run.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('cachet log', () => {
  it('prints a card proof, and verifies it online and then offline with the saved files', async () => {
    const proof = await cli('log', 'proof', authentic);
    expect(proof.code, proof.stderr).toBe(0);
    expect(proof.stdout).toMatch(/^c2sp\.org\/tlog-proof@v1\nextra /);
    const online = await cli('log', 'verify', authentic);
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toMatch(/^In the log .*\/log: entry \d+, logged .*pass --vkey/);

    writeFileSync(join(cwd, 'card.tlog-proof'), proof.stdout);
    const vkey = await (await fetch(`${server.url}/log/vkey`)).text();
    writeFileSync(join(cwd, 'log.vkey'), vkey);
    const offline = await cli(
      'log',
      'verify',
      authentic,
      '--proof',
      'card.tlog-proof',
      '--vkey',
      'log.vkey',
      '--json',
    );
    expect(JSON.parse(offline.stdout)).toMatchObject({ logged: true, index: expect.any(Number) });

    // A proof for another card, or a checkpoint under another key, proves nothing.
    const other = await cli(
      'log',
      'verify',
      authentic.replace(/\d$/, (d) => String((+d + 1) % 10)),
      '--proof',
      'card.tlog-proof',
      '--vkey',
      'log.vkey',
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^NOT PROVEN/);
    const stranger =
      'someone.example/log+9b3c1b3c+AU1kYWxpY2Vib2JjYXJvbGRhdmVlcmlrZnJhbmtnZW9yZ2U=';
    const wrongKey = await cli(
      'log',
      'verify',
      authentic,
      '--proof',
      'card.tlog-proof',
      '--vkey',
      stranger,
    );
    expect(wrongKey.code).not.toBe(0);
  }, 60_000);

  it('proves a card minted by the CLI, to an implementation written apart from Cachet', async () => {
    const minted = await cli('mint', '--boutique', 'PAR-SH', '--associate', '102', '--json');
    expect(minted.code, minted.stderr).toBe(0);
    const { token } = JSON.parse(minted.stdout) as { token: string };
    let proof = await cli('log', 'proof', token, '--server', server.url);
    for (let i = 0; i < 40 && proof.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      proof = await cli('log', 'proof', token, '--server', server.url);
    }
    expect(proof.code, proof.stderr).toBe(0);
    const vkey = (await (await fetch(`${server.url}/log/vkey`)).text()).trim();
    expect(independentlyProven(proof.stdout, token, vkey)).toBe(true);
  }, 60_000);

  it("verifies a card's reference photo from the server's proof, and refuses a different photo", async () => {
    const none = await cli('log', 'verify', authentic, '--reference');
    // As for a card the log does not hold: the server's answer, and exit 2 (not proven = 1).
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/404: the house has recorded no reference photo of this card/);

    // The reference service's row, as it records a photo: kind 2, only hashes.
    const photo = Buffer.from('a written card, photographed at the boutique');
    const other = Buffer.from('the same code pasted on another card');
    writeFileSync(join(cwd, 'reference.jpg'), photo);
    writeFileSync(join(cwd, 'copy.jpg'), other);
    const { digits } = readCardInput(authentic);
    const { bytes, claims } = parseTokenText(digits);
    const loggedAt = Math.floor(Date.now() / 1000);
    const entry = encodeReferenceEntry({
      loggedAt,
      tokenHash: await tokenLogHash(bytes),
      photoHash: createHash('sha256').update(photo).digest(),
      fingerprintHash: createHash('sha256').update('its fingerprint').digest(),
    });
    const db = new BetterSqlite3(env.CACHET_DB);
    db.prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)').run(
      toHex(claims.serial),
      toHex(entry),
      loggedAt,
    );
    db.close();
    let proof = await cli('log', 'proof', authentic, '--reference');
    for (let i = 0; i < 40 && proof.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      proof = await cli('log', 'proof', authentic, '--reference');
    }
    expect(proof.code, proof.stderr).toBe(0);
    const vkey = (await (await fetch(`${server.url}/log/vkey`)).text()).trim();
    expect(independentlyProvenReference(proof.stdout, digits, vkey, photo)).toBe(true);

    const same = await cli('log', 'verify', authentic, '--photo', 'reference.jpg');
    expect(same.code, same.stderr).toBe(0);
    const at = new Date(loggedAt * 1000).toISOString();
    expect(same.stdout).toContain(`This photo is the reference logged at ${at}.`);
    expect(same.stdout).toContain(
      `photo SHA-256        ${createHash('sha256').update(photo).digest('hex')}`,
    );
    const copy = await cli('log', 'verify', authentic, '--photo', 'copy.jpg');
    expect(copy.code).toBe(1);
    expect(copy.stdout).toMatch(`NOT PROVEN: this photo is not the reference logged at ${at}`);

    // Offline, from the saved files: the proof's own type decides how it is checked.
    writeFileSync(join(cwd, 'reference.tlog-proof'), proof.stdout);
    writeFileSync(join(cwd, 'log.vkey'), vkey);
    const offline = await cli(
      'log',
      'verify',
      authentic,
      '--proof',
      'reference.tlog-proof',
      '--vkey',
      'log.vkey',
      '--json',
    );
    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({
      logged: true,
      type: 'reference',
      loggedAt: at,
      photoSha256: createHash('sha256').update(photo).digest('hex'),
    });
    // The issuance proof is still the card's issuance entry.
    const issued = await cli('log', 'verify', authentic, '--json');
    expect(JSON.parse(issued.stdout)).toMatchObject({ logged: true, type: 'issuance' });
    const issuance = await (await fetch(`${server.url}/api/v1/proof/${digits}`)).text();
    expect(independentlyProven(issuance, digits, vkey)).toBe(true);
    // An issuance proof given for a photo proves nothing of the photo.
    writeFileSync(join(cwd, 'issuance.tlog-proof'), issuance);
    const mixed = await cli(
      'log',
      'verify',
      authentic,
      '--proof',
      'issuance.tlog-proof',
      '--vkey',
      'log.vkey',
      '--photo',
      'reference.jpg',
    );
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/^NOT PROVEN: the proof is of an issuance entry/);

    // The monitor counts the reference beside the cards.
    const watched = await cli('log', 'monitor', server.url, '--state', join(cwd, 'monitor-types'));
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/by type: \d+ issuance, 1 reference photo\n/);
  }, 60_000);

  it('says when a card is dated after it was logged, and names the kept key a log no longer signs with', async () => {
    const state = join(cwd, 'monitor-key');
    const before = await sizeOf();
    const ahead = await cli('mint', '--boutique', 'PAR-SH', '--associate', '101', '--date', '+24d');
    expect(ahead.code, ahead.stderr).toBe(0);
    for (let i = 0; i < 40 && (await sizeOf()) === before; i++)
      await new Promise((r) => setTimeout(r, 100));
    const first = await cli('log', 'monitor', server.url, '--state', state);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /: a card of \S+ logged \S+ \(dated 24 days after it was logged\)/,
    );

    // The kept key is replaced by another key of the same name: the log's note no longer opens.
    const kept = await parseVkey(readFileSync(join(state, 'vkey'), 'utf8').trim());
    const other = (await crypto.subtle.generateKey('Ed25519', true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', other.publicKey));
    writeFileSync(
      join(state, 'vkey'),
      `${formatVkey(await noteKey(kept.name, SIG_ED25519, raw))}\n`,
    );
    const refused = await cli('log', 'monitor', server.url, '--state', state);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(join(state, 'vkey'));
    expect(refused.stderr).toMatch(/--state DIR/);
  }, 60_000);

  it('exits 1, not 2, when the log is out of reach: 2 is kept for evidence of tampering', async () => {
    const state = join(cwd, 'monitor-unreachable');
    const r = await cli('log', 'monitor', 'http://127.0.0.1:1/log', '--state', state);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('cachet log monitor: cannot reach http://127.0.0.1:1/log/');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('follows the log, and reports a log truncated and regrown behind its back, with evidence', async () => {
    const state = join(cwd, 'monitor');
    await mintUntil(4);
    const first = await cli('log', 'monitor', server.url, '--state', state);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/\/log: \d+ entries, \d+ new, consistent/);
    const kept = parseCheckpoint(
      readFileSync(join(state, 'checkpoint'), 'utf8').split('\n\n')[0]! + '\n',
    );
    const again = await cli('log', 'monitor', server.url, '--state', state, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'ok', added: 0, size: kept.size });

    // Behind the monitor's back: the log forgets its tree and its first card, re-signs what is
    // left, and grows past the size the monitor kept.
    await server.close();
    const db = new BetterSqlite3(env.CACHET_DB);
    db.exec(`DELETE FROM log_checkpoints; DELETE FROM log_tiles; UPDATE log_entries SET log_index = NULL;
      DELETE FROM log_entries WHERE seq = (SELECT min(seq) FROM log_entries);`);
    db.close();
    await start();
    await mintUntil(kept.size + 1);

    const caught = await cli('log', 'monitor', server.url, '--state', state);
    expect(caught.code).toBe(2);
    expect(caught.stdout).toMatch(/INCONSISTENT: .*\/log: /);
    const evidence = readdirSync(state).find((f) => f.startsWith('evidence-'))!;
    expect(evidence).toBeDefined();
    // Both checkpoints verify under the log's own key: the log signed both.
    const key = await parseVkey(readFileSync(join(state, 'vkey'), 'utf8').trim());
    const older = await openNote(readFileSync(join(state, evidence, 'kept.checkpoint'), 'utf8'), [
      key,
    ]);
    const newer = await openNote(readFileSync(join(state, evidence, 'served.checkpoint'), 'utf8'), [
      key,
    ]);
    expect(parseCheckpoint(older.text).size).toBe(kept.size);
    expect(parseCheckpoint(newer.text).size).toBeGreaterThan(kept.size);
    // What it kept is not overwritten by the log it caught.
    expect(existsSync(join(state, 'checkpoint'))).toBe(true);
    expect(
      parseCheckpoint(readFileSync(join(state, 'checkpoint'), 'utf8').split('\n\n')[0]! + '\n')
        .size,
    ).toBe(kept.size);
  }, 120_000);
});
