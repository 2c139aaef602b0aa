// The claim API over HTTP, on the real Node server and its SQLite file: claim with a slip code,
// the verdicts carry the claim and its photo, a second claim is refused, the holder secret reads,
// changes and releases it, the next holder claims with the transfer code; refusals keep their
// codes; every answer is no-store; the limit per network; and no address or user agent is kept.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClaimCode } from '../../src/core/index.js';
import { createApp } from '../../src/app/app.js';
import { mintWithSlip, recordPhoto } from '../helpers/claim-slip.js';
import { makeFixture } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const AGENT = 'ClaimerPhone/4.2 (Ines)';
const PHOTO = Uint8Array.from({ length: 500 }, (_, i) => (i * 13) % 256);

let server: TestServer;
let networks = 0;
beforeAll(async () => {
  server = await startTestServer(
    { validFrom: '2020-01-01' },
    {
      CACHET_TRUSTED_PROXY: 'cloudflare',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
      CACHET_RATE_LIMITS: 'claim=12',
    },
  );
});
afterAll(() => server?.close());

/** A client on a network of its own (each test its own, so the limit per network is its own). */
function client(address = `203.0.113.${++networks}`) {
  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, 'cf-connecting-ip': address, 'user-agent': AGENT },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string) =>
    fetch(`${server.url}${path}`, {
      headers: { 'cf-connecting-ip': address, 'user-agent': AGENT },
    });
  return { address, post, get };
}

const slipCard = () => mintWithSlip(server);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error;

describe('claiming a card and passing it on, over HTTP', () => {
  it('claims, shows the claim in every verdict, refuses a second claim, and hands the card on', async () => {
    const { post, get } = client();
    const card = await slipCard();
    await recordPhoto(server.store, card, PHOTO);

    const claimed = await post('/api/v1/claim', {
      code: card.code,
      handle: 'Ines',
      showPhoto: true,
    });
    expect(claimed.status).toBe(201);
    expect(claimed.headers.get('cache-control')).toBe('no-store');
    const made = (await claimed.json()) as {
      holderSecret: string;
      claim: { status: string; claimedAt: string; handle: string; photo: string };
      serialText: string;
      hasPhoto: boolean;
    };
    expect(made).toMatchObject({
      claim: {
        status: 'active',
        handle: 'Ines',
        photo: expect.stringMatching(/^\/claim-photos\//),
      },
      hasPhoto: true,
    });

    // The verdicts: the token's, and the serial's.
    const verdict = await (await get(`/api/v1/verify/${card.token}`)).json();
    expect(verdict).toMatchObject({ status: 'authentic', claim: made.claim });
    const bySerial = await (await get(`/api/v1/cards/${made.serialText}`)).json();
    expect(bySerial).toMatchObject({ claim: made.claim });

    // The photo, under a name that is no serial.
    const photo = await get(made.claim.photo);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(photo.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PHOTO);

    const again = await post('/api/v1/claim', { code: card.code });
    expect(again.status).toBe(409);
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(await errorOf(again)).toMatchObject({ code: 'ERR_CLAIM_TAKEN' });

    const held = await post('/api/v1/claim/holder', { holderSecret: made.holderSecret });
    expect(held.status).toBe(200);
    expect(await held.json()).toEqual({
      claim: made.claim,
      serialText: made.serialText,
      hasPhoto: true,
    });

    const changed = await post('/api/v1/claim/change', {
      holderSecret: made.holderSecret,
      handle: null,
      showPhoto: false,
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { claim: unknown }).claim).toEqual({
      status: 'active',
      claimedAt: made.claim.claimedAt,
    });
    const withdrawn = await get(made.claim.photo);
    expect(withdrawn.status).toBe(404);
    expect(withdrawn.headers.get('cache-control')).toBe('no-store');

    const released = await post('/api/v1/claim/release', { holderSecret: made.holderSecret });
    expect(released.status).toBe(200);
    const { transferCode } = (await released.json()) as { transferCode: string };
    expect((await (await get(`/api/v1/verify/${card.token}`)).json()) as object).not.toHaveProperty(
      'claim',
    );
    const oldSecret = await post('/api/v1/claim/holder', { holderSecret: made.holderSecret });
    expect(oldSecret.status).toBe(403);
    expect(await errorOf(oldSecret)).toMatchObject({ code: 'ERR_HOLDER_SECRET' });

    const next = await client().post('/api/v1/claim', { code: transferCode, handle: 'Nour' });
    expect(next.status).toBe(201);
    expect(await (await get(`/api/v1/verify/${card.token}`)).json()).toMatchObject({
      claim: { status: 'active', handle: 'Nour' },
    });

    // Revoked, the card's claim is shown as ended.
    await server.store.revokeCard(card.serial, { reason: 'lost-or-stolen' }, new Date());
    expect(await (await get(`/api/v1/verify/${card.token}`)).json()).toMatchObject({
      status: 'revoked',
      claim: { status: 'ended', handle: 'Nour' },
    });
  });

  it('answers a typo, an unknown code and a bad request each with its code, never cached', async () => {
    const { post } = client();
    const unknown = generateClaimCode();
    const typo = unknown.slice(0, -1) + (unknown.endsWith('A') ? 'B' : 'A');
    const cases: [unknown, string, number, string][] = [
      [{ code: typo }, 'application/json', 400, 'ERR_CLAIM_CODE'],
      [{ code: unknown }, 'application/json', 404, 'ERR_CLAIM_UNKNOWN'],
      [{ code: unknown, handle: 42 }, 'application/json', 400, 'ERR_INVALID_ARGUMENT'],
      [{ code: unknown, showPhoto: 'yes' }, 'application/json', 400, 'ERR_INVALID_ARGUMENT'],
      [{}, 'application/json', 400, 'ERR_INVALID_ARGUMENT'],
      ['[1]', 'application/json', 400, 'ERR_INVALID_ARGUMENT'],
      ['{"code":', 'application/json', 400, 'ERR_INVALID_ARGUMENT'],
      [`code=${unknown}`, 'application/x-www-form-urlencoded', 400, 'ERR_INVALID_ARGUMENT'],
      [{ code: unknown, handle: 'x'.repeat(5000) }, 'application/json', 413, 'ERR_BODY_TOO_LARGE'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await post('/api/v1/claim', body, type);
      expect([res.status, (await errorOf(res)).code]).toEqual([status, code]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const wrong = await post('/api/v1/claim/holder', { holderSecret: 'ABCD' });
    expect([wrong.status, (await errorOf(wrong)).code]).toEqual([400, 'ERR_CLAIM_CODE']);
    expect((await client().get('/claim-photos/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('limits claim attempts per network, whatever their outcome', async () => {
    const first = client();
    for (let i = 0; i < 12; i++) {
      expect((await first.post('/api/v1/claim', { code: generateClaimCode() })).status).toBe(404);
    }
    const refused = await first.post('/api/v1/claim', { code: generateClaimCode() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await first.post('/api/v1/claim/holder', { holderSecret: 'x' })).status).toBe(429);
    expect((await client().post('/api/v1/claim', { code: generateClaimCode() })).status).toBe(404);
  });

  it('keeps no address or user agent of anyone who claimed or tried', async () => {
    const { post, address } = client('198.51.100.231');
    const card = await slipCard();
    const made = (await (await post('/api/v1/claim', { code: card.code })).json()) as {
      holderSecret: string;
    };
    await post('/api/v1/claim', { code: card.code });
    await post('/api/v1/claim/change', { holderSecret: made.holderSecret, handle: 'Ines' });
    await post('/api/v1/claim/release', { holderSecret: made.holderSecret });
    const files = readdirSync(server.dir).filter((name) => name.startsWith('cachet.db'));
    expect(files.length).toBeGreaterThan(0);
    const everything = files
      .map((name) => readFileSync(join(server.dir, name)).toString('latin1'))
      .join('');
    expect(everything).toContain(card.serial); // the file is read: the card is there
    for (const kept of [address, AGENT, 'ClaimerPhone', made.holderSecret.replace(/-/g, '')]) {
      expect(everything).not.toContain(kept);
    }
  });
});

describe('the API document', () => {
  it('lists the claim routes among the public ones', async () => {
    const doc = (await (await client().get('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags: string[] }>>;
    };
    for (const path of [
      '/api/v1/claim',
      '/api/v1/claim/holder',
      '/api/v1/claim/change',
      '/api/v1/claim/release',
    ]) {
      expect(doc.paths[path]?.post?.tags).toEqual(['public']);
    }
    expect(doc.paths['/claim-photos/{photoId}']?.get?.tags).toEqual(['public']);
  });
});

describe('a server that keeps no claims', () => {
  it('answers 501 to the claim API and 404 to photos', async () => {
    const f = await makeFixture();
    try {
      const app = createApp({ store: f.store, keyring: f.keyring });
      const res = await app.request('/api/v1/claim', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: generateClaimCode() }),
      });
      expect([res.status, (await errorOf(res)).code]).toEqual([501, 'ERR_NOT_AVAILABLE']);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const photo = await app.request('/claim-photos/AAAAAAAAAAAAAAAAAAAAAA');
      expect([photo.status, photo.headers.get('cache-control')]).toEqual([404, 'no-store']);
    } finally {
      f.close();
    }
  });
});
