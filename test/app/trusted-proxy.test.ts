// A proxy's word on the client (CF-Connecting-IP, CF-IPCountry, X-Forwarded-For) is taken only
// from the proxy's own addresses: anyone else who writes those headers is counted by the address
// it connects from, with no country, and cannot pass for many scanners in many countries.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

/** A server behind `proxy`, trusting connections from `peers`, and the JSON verdict of a card. */
async function start(proxy: string, peers: string) {
  server = await startTestServer(undefined, {
    CACHET_SCAN_FLUSH_MS: '20',
    CACHET_RATE_LIMITS: 'verify=5000',
    CACHET_TRUSTED_PROXY: proxy,
    CACHET_TRUSTED_PROXY_PEERS: peers,
  });
  const card = await server.mint({});
  return `${server.url}/api/v1/verify/${card.token}`;
}

/** Five checks, each naming another client and another country. */
async function fiveCountries(api: string) {
  const countries = ['FR', 'JP', 'US', 'DE', 'IT'];
  for (let i = 0; i < 5; i++) {
    const headers = {
      'cf-connecting-ip': `192.0.2.${i}`,
      'cf-ipcountry': countries[i]!,
      'x-forwarded-for': `198.51.100.${i}`,
    };
    await fetch(api, { headers }).then((r) => r.text());
  }
}

/** The verdict once the checks are written and the scan summary (kept 5 s) is read again. */
async function settle(api: string) {
  await new Promise((r) => setTimeout(r, 5_300));
  return (await (await fetch(api)).json()) as {
    warnings: string[];
    scans: { countries: number; peakScanners: number };
  };
}

describe('the headers of a trusted proxy', () => {
  it('are read from a connection of the proxy (127.0.0.1 listed): five clients, five countries', async () => {
    const api = await start('cloudflare', '127.0.0.1/32, 2400:cb00::/32');
    await fiveCountries(api);
    const verdict = await settle(api);
    expect(verdict.scans).toMatchObject({ countries: 5, peakScanners: 5 });
    expect(verdict.warnings).toContain('widely-scanned');
  }, 30_000);

  it('are ignored from any other connection: one scanner, no country, not widely scanned', async () => {
    const api = await start('cloudflare', '173.245.48.0/20, 10.0.0.0/8, ::1/128');
    await fiveCountries(api);
    const verdict = await settle(api);
    expect(verdict.scans).toMatchObject({ countries: 0, peakScanners: 1 });
    expect(verdict.warnings).not.toContain('widely-scanned');
  }, 30_000);

  it('name no one in an X-Forwarded-For chain from any other connection', async () => {
    const api = await start('x-forwarded-for', '10.0.0.0/8');
    for (let i = 0; i < 60; i++) {
      const headers = { 'x-forwarded-for': `203.0.113.${i}, 10.0.0.${i}` };
      await fetch(api, { headers }).then((r) => r.text());
    }
    const verdict = await settle(api);
    expect(verdict.scans.peakScanners).toBe(1);
    expect(verdict.warnings).not.toContain('widely-scanned');
  }, 30_000);
});

describe('a trusted proxy without its addresses', () => {
  it('stops `npm start` naming both settings', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/src/node.js')], {
        cwd: tempDir('cachet-proxy-'),
        env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const refused = run({ CACHET_TRUSTED_PROXY: 'cloudflare' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^cachet: CACHET_TRUSTED_PROXY needs CACHET_TRUSTED_PROXY_PEERS: .*https:\/\/www\.cloudflare\.com\/ips\//,
    );
    const bad = run({
      CACHET_TRUSTED_PROXY: 'x-real-ip',
      CACHET_TRUSTED_PROXY_PEERS: '10.0.0.1/8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'cachet: CACHET_TRUSTED_PROXY_PEERS: "10.0.0.1/8" is not an address block like 173.245.48.0/20 or 2400:cb00::/32: it has bits set past /8 (the block starts at 10.0.0.0)',
    );
  });
});
