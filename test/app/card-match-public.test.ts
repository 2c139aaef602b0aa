// The public side of the card as issued, through the real server (SQLite, the image workers, the
// real comparison): a photo sent to be checked is compared with the photo the house keeps of the
// card, and the answer says whether it is that card or a copy, in JSON and on the page in every
// language; a scan of the code alone says that the house keeps such a photo, and nothing more.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor, LANGUAGES } from '../../src/app/i18n/index.js';
import type { MintedCard } from '../../src/services/mint.js';
import { phonePhoto } from '../helpers/phone-photo.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { renderSignedCard } from '../helpers/signed-card.js';

const WORDS = ['Dear Camille,', 'with love', 'from Paris', 'A.'];
const OTHER_WORDS = ['For Jun,', 'happy birthday', 'see you soon', 'M.'];

let server: TestServer;
let issued: MintedCard;
let plain: MintedCard;
/** The written card as the boutique photographed it, and a phone photo of it later. */
let reference: Buffer;
let samePhoto: Buffer;
/** The genuine card's code on another card, with other words in another hand. */
let copyPhoto: Buffer;

const digitsOf = (card: MintedCard) => /\/c\/(\d+)/i.exec(card.url)![1]!;
/** The text of a page, its entities decoded, on one line. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const verifyImage = async (photo: Uint8Array) => {
  const res = await fetch(`${server.url}/api/v1/verify/image`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg' },
    body: photo as Uint8Array<ArrayBuffer>,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { codes: { text: string; verdict: any }[] };
};
const imagePage = async (photo: Uint8Array, lang: string) => {
  const form = new FormData();
  form.set('image', new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'p.jpg');
  const res = await fetch(`${server.url}/verify/image?lang=${lang}`, {
    method: 'POST',
    body: form,
  });
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  server = await startTestServer();
  const associate = await server.staffKey({
    name: 'Camille',
    role: 'associate',
    boutique: 'PAR-SH',
  });
  issued = await server.mint();
  plain = await server.mint();
  reference = await renderSignedCard(issued.url, WORDS, 3);
  const res = await fetch(`${server.url}/api/v1/admin/cards/${issued.serialText}/reference`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${associate}`, 'content-type': 'image/jpeg' },
    body: reference as Uint8Array<ArrayBuffer>,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  samePhoto = await phonePhoto(reference);
  copyPhoto = await phonePhoto(await renderSignedCard(issued.url, OTHER_WORDS, 11));
}, 60_000);
afterAll(() => server?.close());

describe('a photo of a card the house keeps a photo of', () => {
  it('is compared for two cards at most, however many codes the form lists', async () => {
    const associate = await server.staffKey({ name: 'Lou', role: 'associate', boutique: 'PAR-SH' });
    const others: MintedCard[] = [];
    for (const seed of [21, 22]) {
      const card = await server.mint();
      const res = await fetch(`${server.url}/api/v1/admin/cards/${card.serialText}/reference`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${associate}`, 'content-type': 'image/jpeg' },
        body: (await renderSignedCard(card.url, WORDS, seed)) as Uint8Array<ArrayBuffer>,
      });
      expect(res.status, await res.clone().text()).toBe(201);
      others.push(card);
    }
    const form = new FormData();
    form.set('image', new Blob([samePhoto as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
    for (const card of others) form.append('q', card.url);
    const res = await fetch(`${server.url}/api/v1/verify/image`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const { codes } = (await res.json()) as { codes: { verdict: any }[] };
    expect(codes).toHaveLength(3);
    const reasons = codes.map((c) => String(c.verdict.match.compared.reason ?? ''));
    expect(codes[0]!.verdict.match.result).toBe('same-card');
    expect(reasons.filter((r) => r.startsWith('not-compared'))).toHaveLength(1);
  });

  it.each([
    ['beside', 'the card issued, then the copy'],
    ['after', 'the copy, then the card issued'],
  ])('reads different-card for the card shown beside a copy of it (%s: %s)', async (order) => {
    // One code cannot be on two cards: whichever the reader lists first, the copy is said.
    const [left, right] = order === 'beside' ? [samePhoto, copyPhoto] : [copyPhoto, samePhoto];
    const width = (await sharp(left).metadata()).width!;
    const both = await sharp({
      create: { width: width * 2, height: 1000, channels: 3, background: '#5a4d3f' },
    })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: width, top: 0 },
      ])
      .jpeg({ quality: 85 })
      .toBuffer();
    const { codes } = await verifyImage(both);
    expect(codes).toHaveLength(1);
    expect(codes[0]!.verdict.match.result).toBe('different-card');
    expect(codes[0]!.verdict.warnings).toContain('different-card');
  });

  it('reads same-card for a phone photo of the card as issued, and says so on the page', async () => {
    const { codes } = await verifyImage(samePhoto);
    expect(codes).toHaveLength(1);
    const { verdict } = codes[0]!;
    expect(verdict.status).toBe('authentic');
    expect(verdict.reference).toEqual({ kept: true });
    expect(verdict.match.result, JSON.stringify(verdict.match)).toBe('same-card');
    expect(verdict.warnings).not.toContain('different-card');
    // Only the answer: never the reference, its fingerprint or the pictures legal sees.
    expect(Object.keys(verdict.match).sort()).toEqual(['compared', 'result', 'score']);
    expect(verdict.match.score).toBeGreaterThan(0);

    const page = textOf(await imagePage(samePhoto, 'en'));
    expect(page).toContain(messagesFor('en').card.same);
    expect(page).not.toContain(messagesFor('en').card.copyTitle);
    expect(page).not.toContain(messagesFor('en').card.kept);
  });

  it('reads different-card, with the warning, for the same code on another card', async () => {
    const { codes } = await verifyImage(copyPhoto);
    const { verdict } = codes[0]!;
    // The verdict stays about the code: genuine.
    expect(verdict.status).toBe('authentic');
    expect(verdict.match.result).toBe('different-card');
    expect(verdict.warnings).toContain('different-card');
    expect(Object.keys(verdict.match).sort()).toEqual(['compared', 'result', 'score']);
  });

  it('reads different-card for the code cut out of the genuine card and pasted on another', async () => {
    // The code, its quiet zone and 20 px of the genuine card around it, with the signature's end.
    const piece = await sharp(reference)
      .extract({ left: 790, top: 390, width: 380, height: 380 })
      .toBuffer();
    const host = await renderSignedCard(issued.url, OTHER_WORDS, 23);
    const pasted = await sharp(host)
      .composite([{ input: piece, left: 790, top: 390 }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const { verdict } = (await verifyImage(await phonePhoto(pasted))).codes[0]!;
    expect(verdict.status).toBe('authentic');
    expect(verdict.match.result, JSON.stringify(verdict.match)).toBe('different-card');
    expect(verdict.warnings).toContain('different-card');
  });

  it('says calmly that a photo of the code alone shows too little of the card', async () => {
    // The code and a thin band of card around it: nothing of the handwriting.
    const codeOnly = await sharp(reference)
      .extract({ left: 770, top: 370, width: 420, height: 420 })
      .jpeg({ quality: 85 })
      .toBuffer();
    const { verdict } = (await verifyImage(codeOnly)).codes[0]!;
    expect(verdict.status).toBe('authentic');
    expect(verdict.match.result).toBe('cannot-tell');
    expect(verdict.warnings).not.toContain('different-card');
    const html = await imagePage(codeOnly, 'de');
    expect(html).toMatch(/<p class="info" data-match="cannot-tell">/);
    expect(html).not.toContain('role="alert"');
    expect(textOf(html)).toContain(messagesFor('de').card.cannotTell);
  });

  it.each(LANGUAGES)('says a copy loudly on the page (%s)', async (lang) => {
    const html = await imagePage(copyPhoto, lang);
    expect(html).toMatch(/<section class="verdict bad" role="alert" data-match="different-card">/);
    const text = textOf(html);
    expect(text).toContain(messagesFor(lang).card.copyTitle);
    expect(text).not.toContain(messagesFor(lang).card.same);
    // The copy is said first; the code's own verdict is still shown, below it.
    const verdict = html.indexOf('data-status="authentic"');
    expect(verdict).toBeGreaterThan(0);
    expect(html.indexOf('data-match="different-card"')).toBeLessThan(verdict);
  });
});

describe('a card the house keeps no photo of', () => {
  it('gets no match and no reference, from a photo or a scan', async () => {
    const photo = await phonePhoto(await renderSignedCard(plain.url, WORDS, 3));
    const { verdict } = (await verifyImage(photo)).codes[0]!;
    expect(verdict.status).toBe('authentic');
    expect(verdict).not.toHaveProperty('match');
    expect(verdict).not.toHaveProperty('reference');
    const page = await imagePage(photo, 'en');
    expect(page).not.toContain('data-match');
    expect(page).not.toContain('data-reference');
    const scanned = (await (await server.get(`/api/v1/verify/${digitsOf(plain)}`)).json()) as any;
    expect(scanned).not.toHaveProperty('reference');
    const kept = await server.get(`/api/v1/reference?q=${encodeURIComponent(plain.url)}`);
    expect(await kept.json()).toEqual({ kept: false });
  });
});

describe('a scan of the code alone', () => {
  it('says in JSON that the house keeps a photo of the card as issued, and nothing more', async () => {
    const scanned = (await (await server.get(`/api/v1/verify/${digitsOf(issued)}`)).json()) as any;
    expect(scanned.status).toBe('authentic');
    expect(scanned.reference).toEqual({ kept: true });
    expect(scanned).not.toHaveProperty('match');
    const checked = (await (
      await server.get(`/api/v1/check?q=${encodeURIComponent(issued.url)}`)
    ).json()) as any;
    expect(checked.verdict.reference).toEqual({ kept: true });
    const kept = await server.get(`/api/v1/reference?q=${encodeURIComponent(issued.url)}`);
    expect(await kept.json()).toEqual({ kept: true });
  });

  it('is said by a look-up of the printed serial too, and not for a card without one', async () => {
    const found = (await (await server.get(`/api/v1/cards/${issued.serialText}`)).json()) as any;
    expect(found.reference).toEqual({ kept: true });
    const html = await (await server.get(`/serial?s=${issued.serialText}&lang=fr`)).text();
    expect(textOf(html)).toContain(messagesFor('fr').card.kept);
    const other = (await (await server.get(`/api/v1/cards/${plain.serialText}`)).json()) as any;
    expect(other).not.toHaveProperty('reference');
  });

  it.each(LANGUAGES)('says on the page how to compare a photo, or report it (%s)', async (lang) => {
    const html = await (await server.get(`/c/${digitsOf(issued)}?lang=${lang}`)).text();
    const line = /<p class="info" data-reference="kept">([\s\S]*?)<\/p>/.exec(html);
    expect(line).not.toBeNull();
    const m = messagesFor(lang);
    expect(textOf(line![1]!)).toContain(m.card.kept);
    expect(line![1]).toContain(`href="/?lang=${lang}#image-check"`);
    expect(line![1]).toMatch(/href="\/report\?[^"]*s=/);
    expect(textOf(html)).not.toContain(m.card.same);
  });
});
