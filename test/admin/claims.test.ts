// Legal and a card's claims, through the real Node server and its SQLite file: the claim history
// (legal and the issuing boutique's managers only), the void (legal only, with a reason; the
// card's claim leaves its verdict, and a void entry goes into the public log), the attempts on a
// claimed card in the card's audit trail, the evidence report's claims with their log indexes,
// and both routes in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeClaimEntry } from '../../src/core/index.js';
import { mintWithSlip } from '../helpers/claim-slip.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const keys: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({ validFrom: '2020-01-01' }, { CACHET_LOG_INTERVAL_MS: '100' });
  keys.manager = await server.staffKey({ name: 'A manager', role: 'manager', boutique: 'PAR-SH' });
  keys.otherManager = await server.staffKey({ name: 'Tokyo', role: 'manager', boutique: 'TYO-GZ' });
  keys.associate = await server.staffKey({
    name: 'An associate',
    role: 'associate',
    boutique: 'PAR-SH',
  });
  keys.legal = await server.staffKey({ name: 'Legal', role: 'legal' });
});
afterAll(() => server?.close());

const post = (path: string, body: unknown, key?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
const get = (path: string, key: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
const codeOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

/** A card with a slip claimed (by Ines), released, and claimed again with its transfer code. */
async function passedOnCard() {
  const card = await mintWithSlip(server);
  const first = (await (
    await post('/api/v1/claim', { code: card.code, handle: 'Ines' })
  ).json()) as {
    holderSecret: string;
    serialText: string;
  };
  const taken = await post('/api/v1/claim', { code: card.code });
  expect(taken.status).toBe(409);
  const { transferCode } = (await (
    await post('/api/v1/claim/release', { holderSecret: first.holderSecret })
  ).json()) as { transferCode: string };
  const second = await post('/api/v1/claim', { code: transferCode, handle: '<b>Mallory</b>' });
  expect(second.status).toBe(201);
  return { ...card, serialText: first.serialText };
}

describe("legal and a card's claims", () => {
  it('shows the history to legal and the boutique’s managers, and lets legal alone void a claim', async () => {
    const card = await passedOnCard();
    const path = `/api/v1/admin/cards/${card.serialText}/claims`;

    const read = await get(path, keys.legal!);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    const history = (await read.json()) as { serial: string; claims: any[] };
    expect(history.serial).toBe(card.serial);
    expect(history.claims).toMatchObject([
      { number: 2, via: 'transfer', status: 'standing', handle: '<b>Mallory</b>', endedAt: null },
      { number: 1, via: 'slip', status: 'released', handle: 'Ines', endedAt: expect.any(String) },
    ]);
    expect((await get(path, keys.manager!)).status).toBe(200);
    expect(await codeOf(await get(path, keys.otherManager!))).toBe('ERR_FORBIDDEN');
    expect(await codeOf(await get(path, keys.associate!))).toBe('ERR_FORBIDDEN');

    // Void: legal only, and never without a reason.
    const voidPath = `${path}/void`;
    expect(await codeOf(await post(voidPath, { reason: 'fraud' }, keys.manager))).toBe(
      'ERR_FORBIDDEN',
    );
    expect(await codeOf(await post(voidPath, {}, keys.legal))).toBe('ERR_INVALID_ARGUMENT');
    expect(await codeOf(await post(voidPath, { reason: '' }, keys.legal))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    // Once the log has placed claim 2, the void's answer names its place as the history does.
    let placed: number | null = null;
    for (let i = 0; i < 100 && placed === null; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const now = (await (await get(path, keys.legal!)).json()) as { claims: any[] };
      placed = now.claims[0].logIndex;
    }
    expect(placed).not.toBeNull();
    const voided = await post(
      voidPath,
      { reason: 'bought from a reseller with the slip' },
      keys.legal,
    );
    expect(voided.status).toBe(200);
    const answer = (await voided.json()) as { claim: unknown; claimCode: string; claimUrl: string };
    expect(answer.claimUrl).toBe(`${server.url}/claim?code=${answer.claimCode}`);
    expect(answer.claim).toMatchObject({
      number: 2,
      status: 'voided',
      voidReason: 'bought from a reseller with the slip',
      voidedBy: expect.stringMatching(/^stf_/),
    });
    // Nothing stands now: a second void is refused, and the verdict shows no claim.
    expect(await codeOf(await post(voidPath, { reason: 'again' }, keys.legal))).toBe(
      'ERR_NOT_FOUND',
    );
    const verdict = await (await fetch(`${server.url}/api/v1/verify/${card.token}`)).json();
    expect(verdict).toMatchObject({ status: 'authentic' });
    expect(verdict).not.toHaveProperty('claim');

    // The void is in the public log, as claim 2's void entry.
    const entries = server.store.db
      .prepare('SELECT entry FROM log_entries WHERE serial = ? AND kind = 3 ORDER BY seq')
      .all(card.serial) as { entry: string }[];
    expect(
      entries.map((e) => {
        const d = decodeClaimEntry(Buffer.from(e.entry, 'hex'));
        return `${d.event} ${d.claim}`;
      }),
    ).toEqual(['claimed 1', 'released 1', 'claimed 2', 'voided 2']);

    // The void is audited once, and the fresh code legal was given claims the card for its
    // rightful recipient.
    const audit = server.store.db
      .prepare("SELECT action, outcome FROM audit_log WHERE target = ? AND action LIKE '%void%'")
      .all(card.serial) as { action: string; outcome: number }[];
    expect(audit.filter((a) => a.outcome === 200)).toEqual([
      { action: 'claim.void', outcome: 200 },
    ]);
    // Legal prints the fresh code's slip for the rightful recipient.
    const slip = await post(
      `/api/v1/admin/cards/${card.serialText}/slip`,
      { claimCode: answer.claimCode },
      keys.legal,
    );
    expect(slip.status).toBe(200);
    expect(slip.headers.get('content-type')).toBe('application/pdf');
    expect(answer.claim).toHaveProperty('logIndex', placed);
    const rightful = await fetch(`${server.url}/api/v1/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: answer.claimCode }),
    });
    expect(rightful.status).toBe(201);
  });

  it("lists the claims in the evidence, with their log indexes, and the attempts in the card's audit trail", async () => {
    const card = await passedOnCard();
    const path = `/api/v1/admin/cards/${card.serialText}/evidence`;
    let evidence: any;
    for (let i = 0; i < 50; i++) {
      evidence = await (await get(path, keys.legal!)).json();
      if (evidence.claims.every((c: any) => c.logIndex !== null)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(evidence.claims).toMatchObject([
      { number: 2, via: 'transfer', status: 'standing', logIndex: expect.any(Number) },
      { number: 1, via: 'slip', status: 'released', logIndex: expect.any(Number) },
    ]);
    expect(evidence.claims[0].logIndex).toBeGreaterThan(evidence.claims[1].logIndex);
    // The second claim with the used slip: audited against the card, for legal.
    expect(evidence.audit).toContainEqual(
      expect.objectContaining({ action: 'claim.taken', target: card.serial, outcome: 409 }),
    );

    const printable = await (await get(`${path}?format=html`, keys.legal!)).text();
    expect(printable).toContain('Claims by its recipients');
    expect(printable).toContain('&lt;b&gt;Mallory&lt;/b&gt;');
    expect(printable).not.toContain('<b>Mallory</b>');
    expect(printable).toMatch(new RegExp(`<td>${evidence.claims[1].logIndex}</td>`));
  });

  it('describes both routes in the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as any;
    expect(openapi.paths['/api/v1/admin/cards/{serial}/claims'].get.summary).toMatch(
      /Every claim the card had/,
    );
    const body = openapi.paths['/api/v1/admin/cards/{serial}/claims/void'].post.requestBody;
    expect(JSON.stringify(body)).toContain('"required":["reason"]');
  });
});

describe('a new claim code for a card no one has claimed', () => {
  it('is legal’s to give, with a reason: the lost slip stops working and the new code claims', async () => {
    const card = await mintWithSlip(server);
    const path = `/api/v1/admin/cards/${card.serial}/claim-code`;
    expect(await codeOf(await post(path, { reason: 'slip lost in the post' }, keys.manager))).toBe(
      'ERR_FORBIDDEN',
    );
    expect(await codeOf(await post(path, { reason: ' ' }, keys.legal))).toBe(
      'ERR_INVALID_ARGUMENT',
    );

    const res = await post(path, { reason: 'slip lost in the post' }, keys.legal);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { claimCode, claimUrl } = (await res.json()) as { claimCode: string; claimUrl: string };
    expect(claimUrl).toBe(`${server.url}/claim?code=${claimCode}`);

    // The lost slip no longer works; the new code claims the card, once.
    expect(await codeOf(await post('/api/v1/claim', { code: card.code }))).toBe('ERR_CLAIM_TAKEN');
    expect((await post('/api/v1/claim', { code: claimCode, handle: 'Noor' })).status).toBe(201);
    // A claimed card is voided instead.
    expect(await codeOf(await post(path, { reason: 'again' }, keys.legal))).toBe('ERR_CONFLICT');

    const audit = server.store.db
      .prepare(
        "SELECT role, outcome, detail FROM audit_log WHERE target = ? AND action = 'claim.reissue'",
      )
      .all(card.serial) as { role: string; outcome: number; detail: string }[];
    expect(audit).toContainEqual({ role: 'legal', outcome: 200, detail: 'slip lost in the post' });
    expect(audit.map((a) => a.outcome).sort()).toEqual([200, 400, 403, 409]);
  });
});
