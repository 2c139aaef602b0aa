// Public signals nobody can game from one place: the distinct-scanner count and the countries of
// a card come from the network a request came from and the platform, never from headers a client
// writes, and a load another site's page triggers is answered but not counted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { launchBuiltServer } from '../helpers/cli.js';
import { daysFromToday } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';

let server: LocalProcess | undefined;
afterEach(() => server?.close());

/** A server on a fresh registry whose scans are written within 20 ms, and its demo card. */
async function start(env: Record<string, string> = {}) {
  server = await launchBuiltServer(tempDir('cachet-scanners-'), {
    CACHET_SCAN_FLUSH_MS: '20',
    CACHET_RATE_LIMITS: 'verify=5000',
    ...env,
  });
  const url = /authentic\s+(\S+)/.exec(server.output())![1]!;
  const api = `${server.url}/api/v1/verify/${url.split('/c/')[1]}`;
  return { server, url, api };
}

/**
 * The verdict once every check so far is written and the summary a check reads (kept 5 s, see
 * src/services/scan-summaries.ts) is read again.
 */
async function settle(api: string) {
  await new Promise((r) => setTimeout(r, 5_300));
  return (await (await fetch(api)).json()) as {
    warnings: string[];
    scans: { count: number; countries: number; peakScanners: number };
  };
}

describe('the distinct-scanner count', () => {
  it('counts one address with 500 user agents and 5 country headers as one scanner, no country', async () => {
    const { api } = await start();
    const countries = ['FR', 'JP', 'US', 'DE', 'IT'];
    for (let i = 0; i < 500; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          fetch(api, {
            headers: {
              'user-agent': `Phone ${i + j}`,
              'cf-ipcountry': countries[(i + j) % 5]!,
              'cf-connecting-ip': `198.51.100.${(i + j) % 250}`,
              'x-forwarded-for': `203.0.113.${(i + j) % 250}`,
            },
          }).then((r) => r.text()),
        ),
      );
    }
    const verdict = await settle(api);
    expect(verdict.warnings).not.toContain('widely-scanned');
    expect(verdict.scans).toMatchObject({ countries: 0, peakScanners: 1 });
    expect(verdict.scans.count).toBeGreaterThanOrEqual(500);
  }, 60_000);

  it('counts 60 addresses a trusted proxy names as 60 scanners: widely-scanned', async () => {
    const { api } = await start({
      CACHET_TRUSTED_PROXY: 'x-client-ip',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
    });
    for (let i = 0; i < 60; i++) {
      // The proxy appends the address it saw: the last entry is the client.
      await fetch(api, { headers: { 'x-client-ip': `10.0.0.1, 192.0.2.${i}` } }).then((r) =>
        r.text(),
      );
    }
    const verdict = await settle(api);
    expect(verdict.scans.peakScanners).toBe(60); // the summary is read before this look counts
    expect(verdict.warnings).toContain('widely-scanned');
  }, 60_000);

  it('counts every address of one IPv6 /64 as one scanner', async () => {
    const { api } = await start({
      CACHET_TRUSTED_PROXY: 'x-client-ip',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
    });
    for (let i = 0; i < 60; i++) {
      const address = `2001:db8:1:2:${i.toString(16)}::${(i * 7).toString(16)}`;
      await fetch(api, { headers: { 'x-client-ip': address } }).then((r) => r.text());
    }
    const verdict = await settle(api);
    expect(verdict.scans.peakScanners).toBe(1);
    expect(verdict.warnings).not.toContain('widely-scanned');
  }, 60_000);

  it('takes country and address from Cloudflare only when told the server sits behind it', async () => {
    const { api } = await start({
      CACHET_TRUSTED_PROXY: 'cloudflare',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
    });
    const countries = ['FR', 'JP', 'US', 'DE', 'IT'];
    for (let i = 0; i < 5; i++) {
      const headers = { 'cf-connecting-ip': `192.0.2.${i}`, 'cf-ipcountry': countries[i]! };
      await fetch(api, { headers }).then((r) => r.text());
    }
    const verdict = await settle(api);
    expect(verdict.scans.countries).toBe(5);
    expect(verdict.warnings).toContain('widely-scanned');
  }, 60_000);
});

describe('a card embedded in another site', () => {
  it('answers an <img> or a frame of another site, and counts none of them', async () => {
    const { url, api } = await start({
      CACHET_TRUSTED_PROXY: 'x-client-ip',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
    });
    // Each look of this test's own (the JSON API, no Sec-Fetch headers) counts: measure it.
    const first = (await settle(api)).scans.count;
    const before = (await settle(api)).scans.count;
    const own = before - first;
    for (let i = 0; i < 60; i++) {
      const res = await fetch(url, {
        headers: {
          'x-client-ip': `192.0.2.${i}`,
          'sec-fetch-site': 'cross-site',
          'sec-fetch-dest': i % 2 ? 'image' : 'iframe',
          'sec-fetch-mode': 'no-cors',
        },
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    const after = await settle(api);
    expect(after.scans.count - before).toBe(own);
    expect(after.warnings).not.toContain('widely-scanned');
    // A person following a link from another site is a navigation: counted.
    const headers = {
      'x-client-ip': '192.0.2.200',
      'sec-fetch-site': 'cross-site',
      'sec-fetch-dest': 'document',
    };
    await fetch(url, { headers }).then((r) => r.text());
    expect((await settle(api)).scans.count - after.scans.count).toBe(own + 1);
  }, 60_000);
});

describe('the end of a scan day', () => {
  it('leaves no key or hash of a past day in the registry or its WAL once the server starts', async () => {
    const cwd = tempDir('cachet-day-end-');
    const db = join(cwd, 'data', 'cachet.db');
    // Yesterday, as a server that stopped before midnight left it: a key, and a scan's hash.
    const yesterday = daysFromToday(-1);
    const store = openSqliteStore(db);
    const key = toHex(await store.admin().scannerKey(yesterday));
    const hash = 'feedc0de'.repeat(4);
    await store.recordScans([
      {
        serial: 'abcdef0123456789',
        minute: `${yesterday}T23:59`,
        channel: 'page',
        country: '',
        scanner: hash,
        count: 2,
      },
    ]);
    store.close();
    const files = () =>
      readdirSync(join(cwd, 'data'))
        .filter((f) => f.startsWith('cachet.db'))
        .map((f) => [f, readFileSync(join(cwd, 'data', f)).toString('latin1')] as const);
    expect(files().some(([, bytes]) => bytes.includes(key))).toBe(true);

    server = await launchBuiltServer(cwd, { CACHET_DB: db });
    for (const [file, bytes] of files()) {
      expect(bytes.includes(key), `${file} holds the key`).toBe(false);
      expect(bytes.includes(hash), `${file} holds the hash`).toBe(false);
    }
    const check = openSqliteStore(db);
    expect(await check.summariseScans('abcdef0123456789')).toMatchObject({
      count: 2,
      peakScanners: 1,
    });
    check.close();
  }, 60_000);
});
