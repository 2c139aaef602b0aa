// Photos in the reports of one card, whichever networks send them: at most
// REPORT_PHOTOS_PER_CARD_PER_DAY a UTC day, counted in the registry (which every Workers isolate
// shares), on the real Node server and its SQLite file. Past it a report is still taken, without
// its photo: a crowd of strangers cannot silence the next person who finds a fake. Each report
// here comes from a network of its own, so no per-network limit applies.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { REPORT_PHOTOS_PER_CARD_PER_DAY } from '../../src/services/report-quota.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let card: MintedCard;
let other: MintedCard;
let photo: Buffer;

beforeAll(async () => {
  server = await startTestServer(
    { validFrom: '2020-01-01' },
    { CACHET_TRUSTED_PROXY: 'cloudflare', CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32' },
  );
  card = await server.mint({});
  other = await server.mint({ associate: 102 });
  photo = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 150 } },
  })
    .png()
    .toBuffer();
});
afterAll(() => server?.close());

/** The report form about `token`, with a photo, sent as a browser does from network number `n`. */
function send(token: string, n: number, lang = 'en') {
  const form = new FormData();
  form.set('code', token);
  form.set('place', 'online-shop');
  form.set('where', `https://market.example/item/${n}`);
  form.set('consent', 'yes'); // a photo goes with the reporter's consent
  form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), `IMG_${n}.png`);
  return fetch(`${server.url}/report?lang=${lang}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    // A network of its own for each report: 10.x.y.1, counted apart by every per-network limit.
    headers: { 'cf-connecting-ip': `10.${n >> 8}.${n & 255}.1` },
  });
}

/** What the registry kept of the reports of `where`: whether each has a photo. */
function keptReport(where: string): { photo: boolean } | undefined {
  const db = new Database(join(server.dir, 'cachet.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT photo_type FROM reports WHERE seen_where = ?').get(where) as
      { photo_type: string | null } | undefined;
    return row && { photo: row.photo_type !== null };
  } finally {
    db.close();
  }
}

describe("one card's report photos in a day", () => {
  it('are kept up to the limit; past it each report is still taken, without its photo, and says so', async () => {
    for (let n = 0; n < REPORT_PHOTOS_PER_CARD_PER_DAY; n++) {
      expect((await send(card.token, n)).status).toBe(303);
    }
    expect(keptReport('https://market.example/item/99')).toEqual({ photo: true });

    const late = await send(card.token, REPORT_PHOTOS_PER_CARD_PER_DAY, 'fr');
    expect(late.status).toBe(303);
    const to = late.headers.get('location')!;
    expect(to).toMatch(/^\/report\/sent\/[^?]+\?lang=fr&photo=not-kept$/);
    expect(keptReport(`https://market.example/item/${REPORT_PHOTOS_PER_CARD_PER_DAY}`)).toEqual({
      photo: false,
    });
    const sentPage = await (await server.get(to)).text();
    expect(sentPage).toContain('Votre signalement est enregistré, sans sa photo');

    // Another card, from a network that just sent a report: its photo is kept.
    expect((await send(other.token, 1000)).status).toBe(303);
    expect(keptReport('https://market.example/item/1000')).toEqual({ photo: true });
  }, 60_000);
});
