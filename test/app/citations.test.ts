// Citations cannot fill the disk: the same card code with the same verdict cited again the same
// UTC day is the same citation (same id, no new row), and one client network makes at most so
// many new citations a day; past it a 429 with Retry-After, as a page and as JSON.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importKeyring, importSigner } from '../../src/core/index.js';
import { citeCheck, secondsToNextDay, type Cited } from '../../src/services/citations.js';
import type { PublicVerdict } from '../../src/services/present.js';
import { memoryDayKeys } from '../../src/services/scanner-hash.js';
import { webCryptoMac } from '../../src/services/mac.js';
import type { MintedCard } from '../../src/services/mint.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let cards: MintedCard[];
beforeAll(async () => {
  server = await startTestServer(undefined, {
    CACHET_RATE_LIMITS: 'verify=5000,cite=3',
    CACHET_TRUSTED_PROXY: 'x-client-ip',
    CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
  });
  cards = [];
  for (let i = 0; i < 6; i++) cards.push(await server.mint({}));
}, 60_000);
afterAll(() => server?.close());

/** POST /cite of `token` from `client`; the id it leads to, or the refusal. */
async function cite(token: string, client: string, accept = 'text/html') {
  const res = await fetch(`${server.url}/cite`, {
    method: 'POST',
    body: new URLSearchParams({ t: token, lang: 'en' }),
    headers: { 'x-client-ip': client, accept },
    redirect: 'manual',
  });
  const location = res.headers.get('location') ?? '';
  return { res, id: /^\/cite\/([0-9A-Z]{16})/.exec(location)?.[1] };
}

/** Rows of the registry file, read by a connection of its own. */
function citationRows(): number {
  const db = new Database(join(server.dir, 'cachet.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM citations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('citing one check again and again', () => {
  it('gives 50 citations of one code one id and one row, from any network', async () => {
    const before = citationRows();
    const ids = new Set<string | undefined>();
    for (let i = 0; i < 50; i++) {
      const { res, id } = await cite(cards[0]!.token, '192.0.2.1');
      expect(res.status).toBe(303);
      ids.add(id);
    }
    // Another network citing the same check the same day gets the same citation, uncounted.
    ids.add((await cite(cards[0]!.token, '198.51.100.9')).id);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9A-Z]{16}$/);
    expect(citationRows()).toBe(before + 1);
  });

  it('makes a new citation when the verdict changes the same day', async () => {
    const card = cards[5]!;
    const first = await cite(card.token, '192.0.2.50');
    await server.store.revokeCard(card.serial, { reason: 'counterfeit' }, new Date());
    const after = await cite(card.token, '192.0.2.50');
    expect(after.id).toBeDefined();
    expect(after.id).not.toBe(first.id);
    const page = await (await server.get(`/cite/${after.id}?lang=en`)).text();
    expect(page).toMatch(/class="cited-then" data-status="revoked"/);
  });
});

describe("a network's new citations a day", () => {
  it('stop at the limit with a 429 and Retry-After until midnight UTC, on the page and in JSON', async () => {
    const client = '203.0.113.7';
    const made = [];
    for (const card of cards.slice(1, 4)) made.push((await cite(card.token, client)).id);
    expect(made.every((id) => id !== undefined)).toBe(true);
    const rows = citationRows();

    const refused = await cite(cards[4]!.token, client);
    expect(refused.res.status).toBe(429);
    const wait = Number(refused.res.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(secondsToNextDay(new Date()) + 5);
    const page = await refused.res.text();
    expect(page).toContain('data-error="ERR_RATE_LIMITED"');
    expect(page).toContain('Your connection has cited many checks today');

    const asJson = await cite(cards[4]!.token, client, 'application/json');
    expect(asJson.res.status).toBe(429);
    expect(asJson.res.headers.get('retry-after')).toBeTruthy();
    expect(await asJson.res.json()).toMatchObject({
      error: {
        code: 'ERR_RATE_LIMITED',
        message: expect.stringContaining('at most 3 new citations a day from one network'),
      },
    });
    expect(citationRows()).toBe(rows);

    // What it cited before still answers with its id; another network has its own count.
    expect((await cite(cards[1]!.token, client)).id).toBe(made[0]);
    const other = await cite(cards[4]!.token, '203.0.113.8');
    expect(other.res.status).toBe(303);
    expect(citationRows()).toBe(rows + 1);

    // An IPv6 client counts by its /48: its many /64s share one day's citations.
    const v6 = (i: number) => `2001:db8:77:${i.toString(16)}::1`;
    for (let i = 1; i <= 3; i++) {
      await server.store.revokeCard(cards[i]!.serial, { reason: 'counterfeit' }, new Date());
      expect((await cite(cards[i]!.token, v6(i))).res.status).toBe(303);
    }
    expect((await cite(cards[4]!.token, v6(200))).res.status).toBe(303); // cited that day already
    await server.store.revokeCard(cards[4]!.serial, { reason: 'counterfeit' }, new Date());
    expect((await cite(cards[4]!.token, v6(201))).res.status).toBe(429);
    expect((await cite(cards[4]!.token, '2001:db8:78::1')).res.status).toBe(303);
  });
});

describe('citations on another day', () => {
  it('are their own, with a fresh count, in the same registry file', async () => {
    const store = openSqliteStore(join(tempDir('cachet-cite-days-'), 'cachet.db'));
    const keys = await generateKeyPair({ validFrom: '2020-01-01', receipt: true });
    const keyring = await importKeyring({ keys: [keys.publicJwk] });
    const deps = {
      store,
      receiptSigner: await importSigner(keys.privateJwk, keyring),
      scannerKeys: memoryDayKeys(),
      mac: webCryptoMac(),
      perDay: 2,
    };
    const verdict = { status: 'authentic', warnings: [] } as unknown as PublicVerdict;
    const citeOn = (days: number, token: string) =>
      citeCheck(deps, {
        token,
        verdict,
        issuer: 'https://verify.example',
        client: '192.0.2.1',
        at: new Date(Date.now() + days * 86_400_000),
      });
    const idOf = (cited: Cited) => ('citation' in cited ? cited.citation.id : undefined);
    const today = await citeOn(0, '1111');
    expect(today).toMatchObject({ created: true });
    expect(await citeOn(0, '1111')).toEqual({ ...today, created: false });
    expect(await citeOn(0, '2222')).toMatchObject({ created: true });
    expect(await citeOn(0, '3333')).toMatchObject({ refused: true, limit: 2 });
    const tomorrow = await citeOn(1, '1111');
    expect(tomorrow).toMatchObject({ created: true });
    expect(idOf(tomorrow)).not.toBe(idOf(today));
    expect(await citeOn(1, '3333')).toMatchObject({ created: true });
    expect(store.db.prepare('SELECT count(*) AS n FROM citations').get()).toEqual({ n: 4 });
    store.close();
  });
});

describe('forms another site posts from its visitors’ browsers', () => {
  it('are refused before they count, for citations, reports and checks', async () => {
    const card = await server.mint({});
    const before = citationRows();
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-site' },
    ];
    for (let i = 0; i < 10; i++) {
      for (const headers of crossSite) {
        const res = await fetch(`${server.url}/cite`, {
          method: 'POST',
          body: new URLSearchParams({ t: card.token, lang: 'en' }),
          headers: { 'x-client-ip': '198.51.100.77', accept: 'application/json', ...headers },
          redirect: 'manual',
        });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: 'ERR_FORBIDDEN' } });
      }
    }
    expect(citationRows()).toBe(before);
    for (const path of ['/report', '/verify', '/verify/image']) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        body: new URLSearchParams({ q: card.token }),
        headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        redirect: 'manual',
      });
      expect(res.status, path).toBe(403);
    }
    // The same network's own visit to this site still cites: nothing above spent its quota.
    const own = await fetch(`${server.url}/cite`, {
      method: 'POST',
      body: new URLSearchParams({ t: card.token, lang: 'en' }),
      headers: {
        'x-client-ip': '198.51.100.77',
        origin: server.url,
        'sec-fetch-site': 'same-origin',
      },
      redirect: 'manual',
    });
    expect(own.status).toBe(303);
    expect(citationRows()).toBe(before + 1);
  });
});
