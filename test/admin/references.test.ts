// The reference photo of a card as issued, through the real server: recorded only when it shows
// the card's own code, kept without its metadata, committed to by a 0x02 log entry in the same
// transaction, replaceable only within the window after minting, readable and comparable only by
// legal and the issuing boutique's managers, and every call audited.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import {
  decodeReferenceEntry,
  fromHex,
  MAX_IMAGE_PIXELS,
  parseTokenText,
  toHex,
  tokenLogHash,
} from '../../src/core/index.js';
import { nodeCardMatcher } from '../../src/node/card-matcher.js';
import { imagePool } from '../../src/node/image-pool.js';
import { referenceBytes } from '../../src/store/reference-sql.js';
import { sqliteDb } from '../../src/store/sqlite.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { renderWrittenCard } from '../helpers/written-card.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DAY = 86_400_000;

let server: TestServer;
const keys: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  keys.associate = await server.staffKey({
    name: 'An associate',
    role: 'associate',
    boutique: 'PAR-SH',
  });
  keys.manager = await server.staffKey({ name: 'A manager', role: 'manager', boutique: 'PAR-SH' });
  keys.otherManager = await server.staffKey({ name: 'Tokyo', role: 'manager', boutique: 'TYO-GZ' });
  keys.legal = await server.staffKey({ name: 'Legal', role: 'legal' });
  keys.admin = await server.staffKey({ name: 'Admin', role: 'admin' });
});
afterAll(() => server?.close());

const admin = (
  base: string,
  key: string | null,
  method: string,
  path: string,
  body?: Uint8Array,
  type = 'image/jpeg',
) =>
  fetch(`${base}/api/v1/admin${path}`, {
    method,
    headers: {
      ...(key && { authorization: `Bearer ${key}` }),
      ...(body && { 'content-type': type }),
    },
    ...(body && { body: body as Uint8Array<ArrayBuffer> }),
  });
const call = (key: string | null, method: string, path: string, body?: Uint8Array, type?: string) =>
  admin(server.url, key, method, path, body, type);

const errorOf = async (res: Response) => ((await res.json()) as any).error;

/** A card minted now and a photo of it written with `words`. */
async function writtenCard(words?: string[], boutique = { boutique: 'PAR-SH', associate: 101 }) {
  const card = await server.mint(boutique);
  return { card, photo: await renderWrittenCard({ url: card.url, words }) };
}

describe('recording a reference photo', () => {
  it('keeps the photo stripped of its metadata, and logs its hashes in a 0x02 entry', async () => {
    const card = await server.mint();
    const photo = await renderWrittenCard({ url: card.url, exif: true });
    expect(photo.includes('PhoneCo')).toBe(true);

    const res = await call(keys.associate, 'PUT', `/cards/${card.serialText}/reference`, photo);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    const recorded = (await res.json()) as any;
    expect(recorded.replaced).toBeNull();
    expect(Date.parse(recorded.replaceUntil)).toBeGreaterThan(Date.now() + 6 * DAY);

    const stored = new Uint8Array(
      await (await call(keys.legal, 'GET', `/cards/${card.serial}/reference`)).arrayBuffer(),
    );
    expect(sha(stored)).toBe(recorded.current.photoSha256);
    const text = Buffer.from(stored).toString('latin1');
    for (const telltale of ['PhoneCo', 'Snap 9', 'GPS', 'Exif'])
      expect(text).not.toContain(telltale);
    expect((await sharp(stored).metadata()).width).toBe(1200); // the picture itself is kept

    const row = server.store.db
      .prepare('SELECT entry, logged_at FROM log_entries WHERE serial = ? AND kind = 2')
      .all(card.serial) as { entry: string; logged_at: number }[];
    expect(row).toHaveLength(1);
    const entry = decodeReferenceEntry(fromHex(row[0]!.entry));
    const fingerprint = await referenceBytes(
      sqliteDb(server.store.db),
      recorded.current.id,
      'fingerprint',
    );
    expect(toHex(entry.photoHash)).toBe(sha(stored));
    expect(toHex(entry.fingerprintHash)).toBe(sha(fingerprint!));
    expect(toHex(entry.fingerprintHash)).toBe(recorded.current.fingerprintSha256);
    expect(toHex(entry.tokenHash)).toBe(
      toHex(await tokenLogHash(parseTokenText(card.token).bytes)),
    );
    expect(entry.loggedAt).toBe(row[0]!.logged_at);

    // The log places the entry on its next round; the history then says where.
    let placed: any;
    for (let i = 0; i < 50 && !placed?.current?.logIndex; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      placed = await (await call(keys.manager, 'GET', `/cards/${card.serial}/references`)).json();
    }
    const index = server.store.db
      .prepare('SELECT log_index FROM log_entries WHERE serial = ? AND kind = 2')
      .pluck()
      .get(card.serial);
    expect(placed.current.logIndex).toBe(index);
    expect(typeof index).toBe('number');
  });

  it("refuses a photo of another card's code, and one with no code, keeping nothing", async () => {
    const { card } = await writtenCard();
    const other = await writtenCard(['Someone else']);
    const wrong = await call(keys.manager, 'PUT', `/cards/${card.serial}/reference`, other.photo);
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).message).toContain('the photo shows the code of another card');

    const blank = await renderWrittenCard({ url: null });
    const none = await call(keys.manager, 'PUT', `/cards/${card.serial}/reference`, blank);
    expect(none.status).toBe(422);
    expect((await errorOf(none)).message).toBe(
      'no code found: photograph the card with its code in the frame',
    );

    const png = await renderWrittenCard({ url: card.url, format: 'png' });
    const mislabelled = await call(keys.manager, 'PUT', `/cards/${card.serial}/reference`, png);
    expect(mislabelled.status).toBe(415);
    expect((await errorOf(mislabelled)).message).toContain('image/png but was sent as image/jpeg');

    const history = (await (
      await call(keys.legal, 'GET', `/cards/${card.serial}/references`)
    ).json()) as any;
    expect(history).toMatchObject({ current: null, history: [] });
    const logged = server.store.db
      .prepare('SELECT count(*) AS n FROM log_entries WHERE serial = ? AND kind = 2')
      .get(card.serial) as { n: number };
    expect(logged.n).toBe(0);
  });

  it('refuses a revoked card', async () => {
    const { card, photo } = await writtenCard();
    await server.store.revokeCard(
      card.serial,
      { reason: 'lost-or-stolen', note: '', by: 'test' },
      new Date(),
    );
    const res = await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, photo);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toContain('revoked');
  });

  it('refuses a photo of the bare code, which no later photo could be compared with', async () => {
    const card = await server.mint();
    const qr = await sharp(await QRCode.toBuffer(card.url, { margin: 4, scale: 8 }))
      .jpeg()
      .toBuffer();
    const res = await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, qr, 'image/jpeg');
    expect(res.status).toBe(422);
    expect((await errorOf(res)).message).toContain(
      'the photo shows too little of the written card around its code',
    );
    const kept = server.store.db
      .prepare('SELECT count(*) AS n FROM card_references WHERE serial = ?')
      .get(card.serial) as { n: number };
    expect(kept.n).toBe(0);
  });
});

describe('replacing a reference', () => {
  it('is allowed and audited within the window, refused with its date after it', async () => {
    const { card, photo } = await writtenCard();
    const first = (await (
      await call(keys.associate, 'PUT', `/cards/${card.serial}/reference`, photo)
    ).json()) as any;
    const again = await renderWrittenCard({ url: card.url, format: 'webp' });
    const res = await call(
      keys.manager,
      'PUT',
      `/cards/${card.serial}/reference`,
      again,
      'image/webp',
    );
    expect(res.status).toBe(201);
    const second = (await res.json()) as any;
    expect(second.replaced.photoSha256).toBe(first.current.photoSha256);
    expect(second.history.map((r: any) => r.photoSha256)).toEqual([
      second.current.photoSha256,
      first.current.photoSha256,
    ]);
    expect(second.history[1].replacedAt).not.toBeNull();

    // The same server's registry, a week and a day later.
    const later = new Date(Date.now() + 8 * DAY);
    const app = createApp({
      store: server.store,
      keyring: server.keyring,
      admin: server.store.admin(),
      cardMatcher: nodeCardMatcher(imagePool({ workers: 0, maxPixels: MAX_IMAGE_PIXELS })),
      now: () => later,
    });
    const http = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const closed = await admin(
        base,
        keys.manager,
        'PUT',
        `/cards/${card.serial}/reference`,
        photo,
      );
      expect(closed.status).toBe(409);
      const until = new Date(Date.parse(second.replaceUntil)).toISOString();
      expect((await errorOf(closed)).message).toBe(
        `a reference photo may be replaced only within 7 days of minting: that closed at ${until}`,
      );
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }

    const audit = (await (
      await call(keys.legal, 'GET', `/audit?target=${card.serial}`)
    ).json()) as any;
    const records = audit.entries
      .filter((e: any) => e.action === 'card.reference.record')
      .map((e: any) => `${e.role} ${e.outcome} ${e.detail}`);
    expect(records).toEqual([
      'manager 409 ERR_CONFLICT',
      `manager 201 photo ${second.current.photoSha256.slice(0, 16)}, replaced ${first.current.photoSha256.slice(0, 16)}`,
      `associate 201 photo ${first.current.photoSha256.slice(0, 16)}`,
    ]);
  });
});

describe('who may record, read and compare a reference', () => {
  /** The status each caller gets on a card of PAR-SH. */
  const MATRIX: Record<string, Record<string, number>> = {
    'PUT reference': {
      associate: 201,
      manager: 201,
      otherManager: 403,
      legal: 201,
      admin: 403,
      nobody: 401,
    },
    'GET reference': {
      associate: 403,
      manager: 200,
      otherManager: 403,
      legal: 200,
      admin: 403,
      nobody: 401,
    },
    'GET references': {
      associate: 403,
      manager: 200,
      otherManager: 403,
      legal: 200,
      admin: 403,
      nobody: 401,
    },
    'POST compare': {
      associate: 403,
      manager: 200,
      otherManager: 403,
      legal: 200,
      admin: 403,
      nobody: 401,
    },
  };

  it('answers each role as docs/staff.md says, and audits the reads', async () => {
    const { card, photo } = await writtenCard();
    expect((await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, photo)).status).toBe(
      201,
    );
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [route, byRole] of Object.entries(MATRIX)) {
      for (const [who, status] of Object.entries(byRole)) {
        const key = who === 'nobody' ? null : keys[who]!;
        const res =
          route === 'PUT reference'
            ? await call(key, 'PUT', `/cards/${card.serial}/reference`, photo)
            : route === 'GET reference'
              ? await call(key, 'GET', `/cards/${card.serial}/reference`)
              : route === 'GET references'
                ? await call(key, 'GET', `/cards/${card.serial}/references`)
                : await call(key, 'POST', `/cards/${card.serial}/compare`, photo);
        seen.push(`${route} ${who} → ${res.status}`);
        expected.push(`${route} ${who} → ${status}`);
        if (res.status === 200 && route === 'GET reference') {
          expect(res.headers.get('cache-control')).toBe('private, no-store');
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
          expect(res.headers.get('content-type')).toBe('image/jpeg');
        }
        await res.body?.cancel();
      }
    }
    expect(seen).toEqual(expected);
    const audit = (await (
      await call(keys.legal, 'GET', `/audit?target=${card.serial}&limit=200`)
    ).json()) as any;
    const photoReads = audit.entries.filter((e: any) => e.action === 'card.reference.photo');
    expect(photoReads.map((e: any) => `${e.role} ${e.outcome}`).sort()).toEqual(
      ['admin 403', 'associate 403', 'legal 200', 'manager 200', 'manager 403'].sort(),
    );
    expect(
      audit.entries.some((e: any) => e.action === 'card.reference.compare' && e.outcome === 200),
    ).toBe(true);
  }, 120_000);

  it('has no public route: the verify API never shows a reference', async () => {
    const { card, photo } = await writtenCard();
    await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, photo);
    const lookup = await server.get(`/api/v1/cards/${card.serialText}`);
    // The public learns that a photo is kept, and nothing of it: no hash, no fingerprint, no bytes.
    const body = (await lookup.json()) as { reference?: unknown };
    expect(body.reference).toEqual({ kept: true });
    expect(JSON.stringify(body)).not.toMatch(/photo|fingerprint|sha256|[0-9a-f]{64}/i);
    expect((await server.get(`/api/v1/admin/cards/${card.serial}/reference`)).status).toBe(401);
  });
});

describe("legal's comparison", () => {
  it('answers match in JSON: the same card, and a copy of its code on another card', async () => {
    const { card, photo } = await writtenCard();
    expect((await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, photo)).status).toBe(
      201,
    );
    const phone = await sharp(photo).resize(900).jpeg({ quality: 70 }).toBuffer();
    const same = (await (
      await call(keys.legal, 'POST', `/cards/${card.serial}/compare`, phone)
    ).json()) as any;
    expect(same.match.result).toBe('same-card');
    expect(same.match.score).toBeGreaterThan(0);
    expect(same.match.compared.blocks).toBeGreaterThan(0);
    expect(same.reference.photoSha256).toMatch(/^[0-9a-f]{64}$/);

    const copy = await renderWrittenCard({
      url: card.url,
      words: ['Happy birthday', 'Lucas'],
      seed: 99,
    });
    const other = (await (
      await call(keys.legal, 'POST', `/cards/${card.serial}/compare?views=1`, copy)
    ).json()) as any;
    expect(other.match.result).not.toBe('same-card');
    for (const view of ['reference', 'photo', 'difference']) {
      const url: string = other.views[view];
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
      expect(meta.format).toBe('png');
    }

    const page = await call(keys.legal, 'POST', `/cards/${card.serial}/compare?format=html`, copy);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html.match(/<img\s+src="data:image\/png;base64,/g)).toHaveLength(3);

    const evidence = (await (
      await call(keys.legal, 'GET', `/cards/${card.serial}/evidence`)
    ).json()) as any;
    expect(evidence.reference.current.photoSha256).toBe(same.reference.photoSha256);
    const printable = await (
      await call(keys.legal, 'GET', `/cards/${card.serial}/evidence?format=html`)
    ).text();
    expect(printable).toContain('<h2>The card as issued</h2>');
    expect(printable).toMatch(/<figure id="reference">\s*<img\s+src="data:image\/jpeg;base64,/);
    expect(printable).toContain(same.reference.photoSha256);

    const openapi = (await (await server.get('/api/v1/openapi.json')).json()) as any;
    const put = openapi.paths['/api/v1/admin/cards/{serial}/reference'].put;
    expect(Object.keys(put.requestBody.content)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(openapi.paths['/api/v1/admin/cards/{serial}/compare'].post.operationId).toBe(
      'card.reference.compare',
    );
  }, 60_000);

  it('refuses a card with no reference, and a photo showing another card', async () => {
    const { card, photo } = await writtenCard();
    const none = await call(keys.legal, 'POST', `/cards/${card.serial}/compare`, photo);
    expect(none.status).toBe(404);
    await call(keys.legal, 'PUT', `/cards/${card.serial}/reference`, photo);
    const other = await writtenCard();
    const wrong = await call(keys.legal, 'POST', `/cards/${card.serial}/compare`, other.photo);
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).message).toContain('another card');
  });
});
