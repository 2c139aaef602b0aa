// Claim slips through the admin API of the real Node server (SQLite file, port 0): claimSlip in
// the mint body gives claimCode and claimUrl once, a retry never gives the code again, the slip
// file is drawn for the code the card waits for (read back by zxing-wasm), and the OpenAPI
// document says so. A card minted without a slip answers as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimCodeHash,
  formatClaimCode,
  generateClaimCode,
  parseClaimCode,
  parseSerial,
  serialToHex,
} from '../../src/core/index.js';
import { decodeQr } from '../helpers/qr-decode.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/;
let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  key = await server.staffKey({ name: 'An associate', role: 'associate', boutique: 'PAR-SH' });
});
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

/** The claim code hash the registry keeps for the card, or undefined. */
function keptHash(serialText: string): string | undefined {
  const row = server.store.db
    .prepare('SELECT code_hash FROM claim_codes WHERE serial = ?')
    .get(serialToHex(parseSerial(serialText))) as { code_hash: string } | undefined;
  return row?.code_hash;
}

const MINT = { boutique: 'PAR-SH', associate: 101 };

describe('POST /api/v1/admin/cards with claimSlip', () => {
  it('answers the claim code and its URL once, and keeps only the salted hash', async () => {
    const res = await call('POST', '/cards', { ...MINT, claimSlip: true });
    expect(res.status).toBe(201);
    const card = (await res.json()) as any;
    expect(card.claimCode).toMatch(CODE);
    expect(card.claimUrl).toBe(`${server.url}/claim?code=${card.claimCode}`);
    const salt = await server.store.claims().claimSalt();
    expect(keptHash(card.serialText)).toBe(
      await claimCodeHash(parseClaimCode(card.claimCode), salt),
    );
    expect(card.url).not.toContain(parseClaimCode(card.claimCode));
  });

  it('never gives the code again to a retry with the same Idempotency-Key, and says why', async () => {
    const headers = { 'idempotency-key': `slip-${Date.now()}` };
    const first = (await (
      await call('POST', '/cards', { ...MINT, claimSlip: true }, headers)
    ).json()) as any;
    expect(first.claimCode).toMatch(CODE);
    const res = await call('POST', '/cards', { ...MINT, claimSlip: true }, headers);
    expect(res.status).toBe(200);
    const again = (await res.json()) as any;
    expect(again.serial).toBe(first.serial);
    expect(again.replayed).toBe(true);
    expect(again).not.toHaveProperty('claimCode');
    expect(again.claimNote).toMatch(/shown only in the answer that minted the card/);
  });

  it('puts the code in the headers when the answer is a print file', async () => {
    const res = await call('POST', '/cards?format=svg', { ...MINT, claimSlip: true });
    expect(res.status).toBe(201);
    const code = res.headers.get('x-cachet-claim-code')!;
    expect(code).toMatch(CODE);
    expect(res.headers.get('x-cachet-claim-url')).toBe(`${server.url}/claim?code=${code}`);
    // The card's file is the card's alone: no claim code in it.
    const svg = await res.text();
    expect(svg).not.toContain(code);
  });

  it('draws the slip for the code the card waits for, and for no other code', async () => {
    const card = (await (await call('POST', '/cards', { ...MINT, claimSlip: true })).json()) as any;
    const res = await call('POST', `/cards/${card.serialText}/slip?format=png`, {
      claimCode: card.claimCode.toLowerCase().replace(/-/g, ' '),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain(`${card.serialText}.slip.png`);
    const [read] = await decodeQr(new Uint8Array(await res.arrayBuffer()));
    const url = new URL(read!);
    expect(url.pathname).toBe('/claim');
    expect(formatClaimCode(parseClaimCode(url.searchParams.get('code')!))).toBe(card.claimCode);

    const other = await call('POST', `/cards/${card.serialText}/slip`, {
      claimCode: formatClaimCode(generateClaimCode()),
    });
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).error.code).toBe('ERR_CLAIM_UNKNOWN');
  });

  it('answers a card minted without a slip as before', async () => {
    const card = (await (await call('POST', '/cards', MINT)).json()) as any;
    expect(Object.keys(card).sort()).toEqual(
      ['issued', 'replayed', 'serial', 'serialText', 'token', 'url'].sort(),
    );
    expect(keptHash(card.serialText)).toBeUndefined();
  });

  it('describes claimSlip, claimCode and the slip route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as any;
    const mint = doc.paths['/api/v1/admin/cards'].post;
    const body = mint.requestBody.content['application/json'].schema;
    expect(body.properties.claimSlip.type).toBe('boolean');
    expect(JSON.stringify(mint.responses)).toContain('claimCode');
    expect(doc.paths['/api/v1/admin/cards/{serial}/slip'].post).toBeDefined();
  });
});
