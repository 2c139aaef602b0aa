// The public routes' first line of rate limits on Workers: the Rate Limiting binding, counted per
// client network by every isolate of a location, in workerd through wrangler dev. Its limits here
// are far below the in-memory CACHET_RATE_LIMITS, so every 429 with the binding's period comes
// from the binding; a binding that fails leaves the in-memory limit, said once in the log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startLocalWorker, type LocalProcess } from '../../src/cli/local-worker.js';
import { RATE_LIMIT_BINDINGS } from '../../src/workers/rate-limits.js';
import { ROOT } from '../helpers/cli.js';
import {
  makeContractFixture,
  VERIFY_HOST,
  type ContractFixture,
} from '../helpers/contract-fixture.js';
import { tempDir } from '../helpers/fixture.js';
import { realNow } from '../helpers/dates.js';

/** The binding's verify limit in this test, against an in-memory one of 100,000. */
const VERIFY_LIMIT = 5;
/** The in-memory serial limit: its binding is broken here. */
const SERIAL_LIMIT = 3;

/** wrangler.toml with the verify binding's limit lowered and the serial binding broken. */
function testConfig(text: string): string {
  const verify = /(name = "RATE_LIMIT_VERIFY"\nnamespace_id = "\d+"\nsimple = \{ limit = )\d+/;
  const serial = /\[\[ratelimits\]\]\nname = "RATE_LIMIT_SERIAL"\n[^\n]*\n[^\n]*\n/;
  if (!verify.test(text) || !serial.test(text)) throw new Error('wrangler.toml changed shape');
  return text
    .replace(verify, `$1${VERIFY_LIMIT}`)
    .replace(serial, '')
    .replace(/^\[vars\]$/m, '[vars]\nRATE_LIMIT_SERIAL = "not a rate limiter"');
}

let f: ContractFixture;
let worker: LocalProcess;

beforeAll(async () => {
  f = await makeContractFixture();
  worker = await startLocalWorker({
    dir: join(tempDir('cachet-ratelimit-'), 'worker'),
    dbPath: f.dbPath,
    keysDir: f.keysDir,
    port: await freePort(),
    inspectorPort: await freePort(),
    verifyHosts: [VERIFY_HOST],
    vars: { CACHET_RATE_LIMITS: `verify=100000,image=100000,serial=${SERIAL_LIMIT}` },
    editConfig: testConfig,
  });
}, 120_000);
afterAll(() => worker?.close());

/**
 * The binding counts in windows of the wall clock's minutes: a phase starts early in one, so
 * that its requests all fall in the same window. workerd keeps the real clock under faketime.
 */
async function freshWindow(): Promise<void> {
  const into = realNow().getTime() % 60_000;
  if (into > 40_000) await new Promise((r) => setTimeout(r, 60_000 - into + 200));
}

const get = (path: string, client: string, headers: Record<string, string> = {}) =>
  fetch(`${worker.url}${path}`, {
    // Cloudflare sets cf-connecting-ip on every request; wrangler dev keeps one sent to it.
    headers: { 'cf-connecting-ip': client, accept: 'application/json', ...headers },
  });

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(String(RATE_LIMIT_BINDINGS.verify.period));
  const body = (await res.json()) as { error: { code: string } };
  expect(body.error.code).toBe('ERR_RATE_LIMITED');
}

describe('the Rate Limiting binding on the public routes (workerd)', () => {
  it('refuses one network past the binding limit on every verify route; another network is not touched', async () => {
    await freshWindow();
    const token = f.cards.authentic.token;
    const client = '203.0.113.7';
    for (let i = 0; i < VERIFY_LIMIT; i++) {
      expect((await get(`/api/v1/verify/${token}`, client)).status).toBe(200);
    }
    await expectRefused(await get(`/api/v1/verify/${token}`, client));
    // One count for the family, whichever route: the proof and the page are refused too.
    await expectRefused(await get(`/api/v1/proof/${token}`, client));
    const page = await get(`/c/${token}`, client, { accept: 'text/html' });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe('60');
    expect(await page.text()).toContain('data-error="ERR_RATE_LIMITED"');
    // Another network, at the same moment: answered.
    const other = await get(`/api/v1/verify/${token}`, '198.51.100.9');
    expect(other.status).toBe(200);
    expect(((await other.json()) as { status: string }).status).toBe('authentic');
  }, 60_000);

  it('is not escaped by headers the client writes (X-Forwarded-For, user agent)', async () => {
    await freshWindow();
    const token = f.cards.authentic.token;
    const client = '203.0.113.8';
    const disguise = (i: number) => ({
      'x-forwarded-for': `192.0.2.${i + 1}`,
      'x-real-ip': `192.0.2.${i + 1}`,
      'user-agent': `Scanner/${i}`,
    });
    for (let i = 0; i < VERIFY_LIMIT; i++) {
      expect((await get(`/api/v1/verify/${token}`, client, disguise(i))).status).toBe(200);
    }
    await expectRefused(await get(`/api/v1/verify/${token}`, client, disguise(99)));
  }, 60_000);

  it('counts every address of one IPv6 /64 as one network, and the next /64 apart', async () => {
    await freshWindow();
    const token = f.cards.authentic.token;
    for (let i = 1; i <= VERIFY_LIMIT; i++) {
      const res = await get(`/api/v1/verify/${token}`, `2001:db8:aa:1::${i.toString(16)}`);
      expect(res.status).toBe(200);
    }
    await expectRefused(await get(`/api/v1/verify/${token}`, '2001:db8:aa:1:ffff:1:2:3'));
    expect((await get(`/api/v1/verify/${token}`, '2001:db8:aa:2::1')).status).toBe(200);
  }, 60_000);

  it('falls back to the in-memory limit when a binding fails, and says so once', async () => {
    await freshWindow();
    const serial = f.cards.authentic.serialText;
    const client = '203.0.113.9';
    for (let i = 0; i < SERIAL_LIMIT; i++) {
      expect((await get(`/api/v1/cards/${serial}`, client)).status).toBe(200);
    }
    const refused = await get(`/api/v1/cards/${serial}`, client);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'ERR_RATE_LIMITED' });
    expect(body.error.message).toContain(`at most ${SERIAL_LIMIT} every 60 s`);
    // The log reaches wrangler's output a moment after the answer.
    const said = () => worker.output().match(/the shared rate limit \(serial\) failed/g) ?? [];
    for (let i = 0; i < 50 && said().length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(said()).toHaveLength(1);
  }, 60_000);

  it("sends as Retry-After each binding's period as wrangler.toml sets it", () => {
    const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    for (const { binding, period } of Object.values(RATE_LIMIT_BINDINGS)) {
      const block = new RegExp(
        `name = "${binding}"\\nnamespace_id = "\\d+"\\nsimple = \\{ limit = \\d+, period = (\\d+) \\}`,
      ).exec(toml);
      expect(block?.[1], binding).toBe(String(period));
    }
  });
});
