// Every verifier reads a card link by the same rule: the table of test/helpers/card-links.ts run
// against the core rule, `cachet/verify`, the server's JSON (`/api/v1/check`), the built
// `cachet verify` on the server's registry, and the built `cachet verify --offline` with trust
// pulled from that server. (The offline page runs it in test/browser/offline.test.ts.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cardSchemes,
  importKeyring,
  parseTokenText,
  readCodeTarget,
} from '../../src/core/index.js';
import { loadTrust, verifyCard, type LoadedTrust } from '../../src/verify/index.js';
import { BRAND_HOST, CARD_LINKS, expectedWord, type LinkRow } from '../helpers/card-links.js';
import { cachetAsync, type Run } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let digits: string;
let trust: LoadedTrust;
const cwd = tempDir('cachet-card-links-');

beforeAll(async () => {
  server = await startTestServer(undefined, { CACHET_VERIFY_HOSTS: BRAND_HOST });
  digits = (await server.mint({})).token;
  const now = new Date();
  const [bundle, list, jwks] = await Promise.all([
    server.get('/.well-known/cachet/trust.jws').then((r) => r.text()),
    server.get('/.well-known/cachet/revocations').then((r) => r.arrayBuffer()),
    server.get('/.well-known/jwks.json').then((r) => r.json()),
  ]);
  trust = await loadTrust(bundle, new Uint8Array(list), {
    now,
    trusted: await importKeyring(jwks),
  });
  const pull = await cachetAsync(['trust', 'pull', server.url], { cwd });
  expect(pull.code, pull.stderr).toBe(0);
}, 60_000);
afterAll(() => server?.close());

/** A row's label with its text, for a failure message. */
const label = (row: LinkRow) => `${row.name}: ${JSON.stringify(row.text('<digits>'))}`;
/** Where a look-alike row leads, or any host where the row does not say. */
const leadsTo = (row: LinkRow) =>
  row.outcome === 'look-alike' ? (row.leadsTo ?? expect.any(String)) : undefined;

describe('one rule for a card link, on every verifier', () => {
  it('the core rule: a token on a genuine host, a look-alike naming its host, or no card', () => {
    const hosts = trust.bundle.verifyHosts;
    expect(hosts).toContain(BRAND_HOST);
    for (const row of CARD_LINKS) {
      const target = readCodeTarget(row.text(digits), hosts, cardSchemes(trust.bundle.iss));
      if (row.outcome === 'look-alike') {
        expect(target, label(row)).toEqual({ kind: 'look-alike', host: leadsTo(row) });
      } else {
        expect(target.kind, label(row)).toBe('token');
        const parsed = target.kind === 'token' && (() => parseTokenText(target.digits));
        if (row.outcome === 'token') expect(parsed, label(row)).not.toThrow();
        else expect(parsed, label(row)).toThrow();
      }
    }
  });

  it('cachet/verify', async () => {
    for (const row of CARD_LINKS) {
      const verdict = await verifyCard(row.text(digits), { ...trust, now: new Date() });
      expect({ status: verdict.status, leadsTo: verdict.leadsTo }, label(row)).toEqual({
        status: expectedWord(row),
        leadsTo: leadsTo(row),
      });
    }
  });

  it("the server's JSON", async () => {
    for (const row of CARD_LINKS) {
      const response = await server.get(`/api/v1/check?q=${encodeURIComponent(row.text(digits))}`);
      const report = (await response.json()) as {
        lookAlike: boolean;
        host: string | null;
        verdict: { status: string } | null;
      };
      expect(
        {
          word: report.lookAlike ? 'look-alike' : report.verdict?.status,
          leadsTo: report.lookAlike ? report.host : undefined,
        },
        label(row),
      ).toEqual({ word: expectedWord(row), leadsTo: leadsTo(row) });
    }
  });

  it("cachet verify, built, on this machine's registry (QR forms, other schemes, user names, backslashes)", async () => {
    const env = {
      CACHET_DB: join(server.dir, 'cachet.db'),
      CACHET_KEYS_DIR: join(server.dir, 'keys'),
      CACHET_VERIFY_HOSTS: BRAND_HOST,
    };
    const rows = CARD_LINKS.filter((r) => /QR|intent|ftp|javascript|user|backslash/.test(r.name));
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) {
      const run = await cachetAsync(['verify', '--json', '--', row.text(digits)], { cwd, env });
      const word = expectedWord(row);
      expect(run.code, `${label(row)}\n${run.stderr}`).toBe(word === 'authentic' ? 0 : 1);
      const out = JSON.parse(run.stdout) as { lookAlike?: boolean; host?: string; status?: string };
      expect(
        {
          word: out.lookAlike ? 'look-alike' : out.status,
          leadsTo: out.lookAlike ? out.host : undefined,
        },
        label(row),
      ).toEqual({ word, leadsTo: leadsTo(row) });
    }
  }, 120_000);

  it('cachet verify --offline, built', { timeout: 120_000 }, async () => {
    const dir = join(cwd, 'cachet-trust', new URL(server.url).host.replace(':', '_'));
    // Four at a time: each is a whole Node process.
    const runs: { row: LinkRow; run: Run }[] = [];
    const queue = [...CARD_LINKS];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const args = ['verify', '--offline', '--json', '--trust', dir, '--', row.text(digits)];
        runs.push({ row, run: await cachetAsync(args, { cwd }) });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    for (const { row, run } of runs) {
      const word = expectedWord(row);
      expect(run.code, `${label(row)}\n${run.stderr}`).toBe(word === 'authentic' ? 0 : 1);
      const verdict = JSON.parse(run.stdout) as { status: string; leadsTo?: string };
      expect({ status: verdict.status, leadsTo: verdict.leadsTo }, label(row)).toEqual({
        status: word,
        leadsTo: leadsTo(row),
      });
    }
  });
});
