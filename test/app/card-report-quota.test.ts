// Reports of one card, whichever networks send them: at most REPORTS_PER_CARD_PER_DAY a UTC day,
// counted in the registry (which every Workers isolate shares), on the real Node server and its
// SQLite file. Each report here comes from a network of its own, so no per-network limit applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { REPORTS_PER_CARD_PER_DAY } from '../../src/services/report-quota.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let card: MintedCard;
let other: MintedCard;

beforeAll(async () => {
  server = await startTestServer(
    { validFrom: '2020-01-01' },
    { CACHET_TRUSTED_PROXY: 'cloudflare', CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32' },
  );
  card = await server.mint({});
  other = await server.mint({ associate: 102 });
});
afterAll(() => server?.close());

/** The report form about `token`, sent as a browser does from network number `n`. */
function send(token: string, n: number) {
  const form = new FormData();
  form.set('code', token);
  form.set('place', 'online-shop');
  form.set('where', `https://market.example/item/${n}`);
  return fetch(`${server.url}/report?lang=en`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    // A network of its own for each report: 10.x.y.1, counted apart by every per-network limit.
    headers: { 'cf-connecting-ip': `10.${n >> 8}.${n & 255}.1` },
  });
}

describe("one card's reports in a day", () => {
  it('are taken up to the limit from many networks, then refused until 00:00 UTC; another card is not touched', async () => {
    for (let n = 0; n < REPORTS_PER_CARD_PER_DAY; n++) {
      expect((await send(card.token, n)).status).toBe(303);
    }
    const refused = await send(card.token, REPORTS_PER_CARD_PER_DAY);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    const untilMidnight = 86_400 - Math.floor((Date.now() % 86_400_000) / 1000);
    expect(wait).toBeGreaterThan(0);
    expect(Math.abs(wait - untilMidnight)).toBeLessThanOrEqual(5);
    const html = await refused.text();
    expect(html).toContain('This card has had very many reports today');
    expect(html).toContain('value="https://market.example/item/100"'); // the form comes back
    // Another card, from a network that just sent a report: taken.
    expect((await send(other.token, 0)).status).toBe(303);
  }, 60_000);
});
