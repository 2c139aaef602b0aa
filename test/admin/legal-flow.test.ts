// Brand legal end to end, on the real server process and the real CLI: the scan log and its
// clean stop, the signals and the flagged list, key rotation and compromise seen in the JWKS,
// evidence with a receipt that `cachet receipt verify` checks offline.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launch, type LocalProcess } from '../../src/cli/local-worker.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { cachetAsync, ROOT } from '../helpers/cli.js';
import { clockEnv, daysFromToday, today } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';

const AGENTS = ['Phone A', 'Phone B', 'Laptop C', 'Tablet D'];
/** Four clients, as the trusted proxy (Cloudflare, here) names them. */
const ADDRESSES = ['198.51.100.7', '203.0.113.9', '2001:db8:5::1', '192.0.2.44'];

describe('brand legal, end to end', () => {
  const cwd = tempDir('cachet-legal-');
  let server: LocalProcess;
  let authentic: string;
  let port: number;
  const start = async (env: Record<string, string> = {}) => {
    server = await launch(process.execPath, [join(ROOT, 'dist/src/node.js')], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        ...clockEnv(),
        PORT: String(port),
        CACHET_FLAG_SCANNERS_PER_DAY: '3',
        CACHET_FLAG_COUNTRIES: '2',
        CACHET_TRUSTED_PROXY: 'cloudflare',
        CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
        ...env,
      },
      ready: /Press Ctrl\+C/,
      url: `http://127.0.0.1:${port}`,
    });
    authentic = /authentic\s+(\S+)/.exec(server.output())![1]!;
  };
  const cli = async (...args: string[]) => {
    const run = await cachetAsync(args, { cwd });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };
  let legalKey: string;
  let managerKey: string;
  const admin = async (key: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1/admin${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res;
  };

  beforeAll(async () => {
    port = await freePort();
    // Scans are written only at the stop: the clean stop below is what writes them.
    await start({ CACHET_SCAN_FLUSH_MS: '600000' });
  }, 60_000);
  afterAll(() => server?.close());

  it('records exactly N checks at a clean stop, with distinct scanners and no address or agent', async () => {
    const serial = /\/c\/(\d+)/.exec(authentic)![1]!;
    const n = 30;
    for (let i = 0; i < n; i++) {
      const headers = {
        'user-agent': AGENTS[i % 4]!,
        'cf-connecting-ip': ADDRESSES[i % 4]!,
        ...(i % 2 === 0 && { 'cf-ipcountry': i % 4 === 0 ? 'FR' : 'JP' }),
      };
      const path = i % 3 === 0 ? `/api/v1/verify/${serial}` : `/c/${serial}`;
      expect((await fetch(`${server.url}${path}`, { headers })).status).toBe(200);
    }
    await server.close(); // SIGTERM
    const store = openSqliteStore(join(cwd, 'data/cachet.db'));
    const rows = store.db.prepare('SELECT * FROM scans').all() as Record<string, unknown>[];
    const keys = store.db.prepare('SELECT day FROM scanner_keys').all();
    store.close();
    expect(rows.reduce((sum, r) => sum + Number(r.count), 0)).toBe(n);
    expect(new Set(rows.map((r) => r.scanner)).size).toBe(4);
    for (const r of rows) expect(r.scanner).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['api', 'page']));
    expect(keys).toEqual([{ day: today() }]);
    // Nothing that points at the scanner reached the disk: not the address, not the agents.
    for (const file of readdirSync(join(cwd, 'data'))) {
      if (file.endsWith('.origins.json')) {
        // The server's own origin, for the CLI (see src/node/origin-file.ts), and nothing else.
        const { served, ...rest } = JSON.parse(readFileSync(join(cwd, 'data', file), 'utf8'));
        expect(rest).toEqual({});
        expect(served).toEqual({ origin: server.url, hosts: [new URL(server.url).host] });
        continue;
      }
      // The log's origin names the server's own host (here 127.0.0.1 too): not a client.
      const logOrigin = `${new URL(server.url).host}/log`;
      const bytes = readFileSync(join(cwd, 'data', file))
        .toString('latin1')
        .replaceAll(logOrigin, '');
      for (const trace of ['127.0.0.1', ...AGENTS, ...ADDRESSES])
        expect(bytes, `${file}: ${trace}`).not.toContain(trace);
    }
  }, 60_000);

  it('warns the public and flags the card for legal past the thresholds', async () => {
    await start();
    legalKey = JSON.parse(
      await cli('staff', 'add', '--role', 'legal', '--name', 'Legal', '--json'),
    ).apiKey;
    managerKey = JSON.parse(
      await cli(
        'staff',
        'add',
        '--role',
        'manager',
        '--boutique',
        'PAR-SH',
        '--name',
        'Manager',
        '--json',
      ),
    ).apiKey;
    const serial = /\/c\/(\d+)/.exec(authentic)![1]!;
    // The same client as an earlier check: this one must not add a fifth scanner, whether or
    // not it is written before the flagged list is read.
    const again = await fetch(`${server.url}/api/v1/verify/${serial}`, {
      headers: { 'user-agent': AGENTS[0]!, 'cf-connecting-ip': ADDRESSES[0]! },
    });
    const verdict = (await again.json()) as any;
    expect(verdict.warnings).toContain('widely-scanned');
    expect(verdict.scans).toMatchObject({ count: 30, countries: 2, peakScanners: 4 });
    const flagged = (await (await admin(legalKey, '/flagged')).json()) as any;
    expect(flagged.thresholds).toEqual({ scannersPerDay: 3, countries: 2 });
    expect(flagged.cards[0]).toMatchObject({
      serial: verdict.card.serial,
      // As printed under the QR code and as a date, the way people read them.
      serialText: verdict.card.serialText,
      issued: verdict.card.issued,
      reasons: ['scanners-per-day', 'countries'],
      peakScanners: 4,
    });
  }, 60_000);

  it('rotates and compromises keys from the CLI while the server runs', async () => {
    const before = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as any;
    const old = before.keys.find((k: any) => !k.purpose);
    const rotated = JSON.parse(await cli('key', 'rotate', '--json'));
    expect(rotated.retired).toEqual([old.kid]);
    const jwks = async () =>
      (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as any;
    for (let i = 0; i < 50 && !(await jwks()).keys.some((k: any) => k.kid === rotated.active); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await jwks()).keys.find((k: any) => k.kid === old.kid)).toMatchObject({
      status: 'retired',
      validTo: today(),
    });
    // The old key's card still verifies; a new card is signed by the new key.
    const status = async (url: string) =>
      (await (
        await fetch(`${server.url}/api/v1/verify/${/\/c\/(\d+)/.exec(url)![1]}`)
      ).json()) as any;
    expect((await status(authentic)).status).toBe('authentic');
    const mint = async (date: string) =>
      (await (
        await admin(managerKey, '/cards', { boutique: 'PAR-SH', associate: 101, date })
      ).json()) as any;
    const todays = await mint(today());
    const tomorrow = daysFromToday(1);
    const later = await mint(tomorrow);
    expect((await status(todays.url)).key.kid).toBe(rotated.active);

    const compromise = JSON.parse(
      await cli('key', 'compromise', rotated.active, '--since', tomorrow, '--json'),
    );
    // Counted before the change: the card dated tomorrow turns forged, today's is marked.
    expect(compromise.impact).toMatchObject({ forged: 1, warned: 1, restored: 0 });
    for (let i = 0; i < 50 && (await status(later.url)).status !== 'forged'; i++)
      await new Promise((r) => setTimeout(r, 200));
    expect(await status(later.url)).toMatchObject({
      status: 'forged',
      reason: { code: 'key-compromised' },
    });
    expect(await status(todays.url)).toMatchObject({
      status: 'authentic',
      warnings: ['key-compromised'],
    });
    expect((await jwks()).keys.find((k: any) => k.kid === rotated.active)).toMatchObject({
      status: 'compromised',
      compromisedSince: tomorrow,
    });
    // Staff see the verdict the public gets, not the registry's "not revoked".
    const staffView = async (serial: string) =>
      ((await (await admin(legalKey, `/cards/${serial}`)).json()) as any).card;
    expect(await staffView(later.serial)).toMatchObject({
      status: 'forged',
      reason: { code: 'key-compromised' },
    });
    expect(await staffView(todays.serial)).toMatchObject({
      status: 'authentic',
      reason: null,
      warnings: ['key-compromised'],
    });
    const search = (await (await admin(legalKey, '/cards?boutique=PAR-SH')).json()) as any;
    const listed = search.cards.find((c: any) => c.serial === later.serial);
    expect(listed).toMatchObject({ status: 'forged', issued: tomorrow });
  }, 60_000);

  it('exports evidence whose receipt `cachet receipt verify` checks offline', async () => {
    const serialHex = (
      (await (
        await fetch(`${server.url}/api/v1/verify/${/\/c\/(\d+)/.exec(authentic)![1]}`)
      ).json()) as any
    ).card.serial;
    await admin(legalKey, `/cards/${serialHex}/revoke`, {
      reason: 'counterfeit',
      note: 'listing 55 on a marketplace',
    });
    const evidence = (await (await admin(legalKey, `/cards/${serialHex}/evidence`)).json()) as any;
    expect(evidence).toMatchObject({
      kind: 'cachet-evidence',
      verdict: { status: 'revoked', revocation: { reason: 'counterfeit' } },
      card: { revocation: { reason: 'counterfeit', note: 'listing 55 on a marketplace' } },
      signals: { flags: [{ code: 'scanners-per-day' }, { code: 'countries' }] },
    });
    expect(evidence.scans.total).toBeGreaterThanOrEqual(30);
    expect(evidence.audit.map((a: any) => a.action)).toEqual(['card.revoke']);
    const file = join(cwd, 'evidence.json');
    writeFileSync(file, JSON.stringify(evidence));
    const jwksFile = join(cwd, 'published-jwks.json');
    writeFileSync(jwksFile, await (await fetch(`${server.url}/.well-known/jwks.json`)).text());
    const ok = await cli('receipt', 'verify', file, '--jwks', jwksFile, '--token', authentic);
    expect(ok).toContain('Valid receipt: revoked');
    // One character changed in the middle of the signature.
    const jws: string = evidence.receipt;
    const at = jws.length - 20;
    const flipped = `${jws.slice(0, at)}${jws[at] === 'A' ? 'B' : 'A'}${jws.slice(at + 1)}`;
    const forged = JSON.stringify({ ...evidence, receipt: flipped });
    writeFileSync(file, forged);
    const bad = await cachetAsync(['receipt', 'verify', file, '--jwks', jwksFile], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('NOT a valid receipt');

    const report = await (await admin(legalKey, `/cards/${serialHex}/evidence?format=html`)).text();
    for (const part of [
      'Evidence: card',
      '<svg',
      'checks per day',
      'listing 55',
      evidence.receipt.slice(0, 40),
    ])
      expect(report).toContain(part);
  }, 60_000);
});
