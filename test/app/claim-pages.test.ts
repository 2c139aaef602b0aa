// The claim pages on the real Node server and its SQLite file, as a browser without script uses
// them: the form (prefilled from the slip's link, the photo always offered), each refusal in the reader's language with the form kept, the holder secret shown once
// and downloadable, the verdict page showing the claim (the public name as escaped, isolated
// text), changing, releasing, the transfer code, the limit per network and the headers.
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClaimCode, generateClaimCode } from '../../src/core/index.js';
import { messagesFor } from '../../src/app/i18n/index.js';
import { mintServerCardWithSlip, recordReferencePhoto } from '../helpers/slipped-card.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const en = messagesFor('en').claim;
const fr = messagesFor('fr').claim;

let server: TestServer;
let associate: string;

beforeAll(async () => {
  server = await startTestServer(
    { validFrom: '2020-01-01' },
    {
      CACHET_TRUSTED_PROXY: 'cloudflare',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
      CACHET_RATE_LIMITS: 'claim=4',
    },
  );
  associate = await server.staffKey({ name: 'Camille', role: 'associate', boutique: 'PAR-SH' });
});
afterAll(() => server?.close());

let nextClient = 1;
/** A network of its own for each test, so that the limit per network counts only its own posts. */
const newClient = () => `203.0.113.${nextClient++}`;

/** Posts a form as a browser does, from `client`. */
const post = (path: string, fields: Record<string, string>, client: string, headers = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    headers: { 'cf-connecting-ip': client, ...headers },
  });

/** The text of the element marked with `attribute`, tags stripped. */
function marked(page: string, attribute: string): string {
  const match = new RegExp(`<[^>]*\\b${attribute}\\b[^>]*>([\\s\\S]*?)</`).exec(page);
  if (!match) throw new Error(`no ${attribute} on the page`);
  return match[1]!.replace(/<[^>]*>/g, '').trim();
}

/** Another character in place of the code's first: a typo the check character catches. */
const typo = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

/** HTML-escaped as the pages write text. */
const escaped = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');

describe('the claim form', () => {
  it('is a plain form in the reader’s language, prefilled from the slip’s link', async () => {
    const { code } = await mintServerCardWithSlip(server);
    const res = await server.get(`/claim?code=${encodeURIComponent(code)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).not.toContain('<script');
    expect(page).toContain(`value="${code}"`);
    expect(page).toContain('<label for="code">');
    expect(page).toContain('<label for="handle">');
    expect(page).toContain(escaped(en.handleHint));
    expect(page).toContain(escaped(en.houseSees));
    // The photo is offered whatever the code: the form never tells which codes a card waits for.
    expect(page).toContain('name="show_photo"');
    const other = formatClaimCode(generateClaimCode());
    const unknown = await (await server.get(`/claim?code=${other}`)).text();
    expect(unknown.replaceAll(other, 'CODE')).toBe(page.replaceAll(code, 'CODE'));

    const german = await fetch(`${server.url}/claim`, { headers: { 'accept-language': 'de' } });
    expect(german.headers.get('content-language')).toBe('de');
    expect(await german.text()).toContain(messagesFor('de').claim.title);
    const chinese = await (await server.get('/claim?lang=zh')).text();
    expect(chinese).toContain(messagesFor('zh').claim.submit);
  });

  it('says a typo, an unknown code and a bad public name beside their fields, keeping them', async () => {
    const client = newClient();
    const { code } = await mintServerCardWithSlip(server);
    const typed = await post('/claim?lang=fr', { code: typo(code), handle: 'Camille' }, client);
    expect(typed.status).toBe(400);
    expect(typed.headers.get('content-language')).toBe('fr');
    const typedPage = await typed.text();
    expect(typedPage).toContain('data-problems="code"');
    expect(typedPage).toContain(escaped(fr.problem.code));
    expect(typedPage).toContain('aria-invalid="true"');
    expect(typedPage).toContain('value="Camille"');

    const unknown = await post(
      '/claim?lang=en',
      { code: formatClaimCode(generateClaimCode()) },
      client,
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain(escaped(en.problem.unknown));

    // A right-to-left override would turn the words around it: refused, the code still waiting.
    const rtl = await post('/claim?lang=en', { code, handle: 'abc\u202Egpj.exe' }, newClient());
    expect(rtl.status).toBe(400);
    const rtlPage = await rtl.text();
    expect(rtlPage).toContain('data-problems="handle"');
    expect(rtlPage).toContain(escaped(en.problem.handle));
    const long = await post('/claim?lang=en', { code, handle: 'x'.repeat(41) }, newClient());
    expect(long.status).toBe(400);
  });

  it('is refused from another site’s page', async () => {
    const { code } = await mintServerCardWithSlip(server);
    const res = await post('/claim', { code }, newClient(), { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    const evil = await post('/claim', { code }, newClient(), { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
  });

  it('limits attempts per network, whatever their outcome, and says so in the form', async () => {
    const client = newClient();
    const wrong = { code: formatClaimCode(generateClaimCode()) };
    for (let i = 0; i < 4; i++) expect((await post('/claim', wrong, client)).status).toBe(404);
    const refused = await post('/claim?lang=en', wrong, client);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain(escaped(en.problem.tooMany));
    // Another network is not held back.
    expect((await post('/claim', wrong, newClient())).status).toBe(404);
  });
});

describe('claiming, managing and passing a card on', () => {
  it('claims once, shows the claim on the verdict, changes it, releases it to a new holder', async () => {
    const { card, code } = await mintServerCardWithSlip(server);
    const handle = '<script>alert(1)</script> Ĉamille';
    const made = await post('/claim?lang=en', { code, handle }, newClient());
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('no-store');
    expect(made.headers.get('referrer-policy')).toBe('no-referrer');
    const madePage = await made.text();
    expect(madePage).not.toContain('<script>alert');
    const secret = marked(madePage, 'data-holder-secret');
    expect(secret).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
    expect(marked(madePage, 'data-claim-serial')).toBe(card.serialText);
    // The secret downloads as a text file, without script: a data: link with `download`.
    const href = /href="(data:text\/plain[^"]+)"\s+download="([^"]+)"/.exec(madePage);
    expect(href).not.toBeNull();
    expect(href![2]).toMatch(/\.txt$/);
    const file = decodeURIComponent(href![1]!.replace('data:text/plain;charset=utf-8,', ''));
    expect(file).toContain(secret);
    expect(file).toContain(`${server.url}/claim/manage`);
    // What the public now sees: the date, and the name as text.
    expect(madePage).toContain(`<bdi data-claim-handle>${escaped(handle)}</bdi>`);

    // The verdict page shows it, the name escaped and isolated, never a link.
    const verdict = await (await fetch(card.url)).text();
    expect(verdict).toContain('data-claim="active"');
    expect(verdict).toContain(`<bdi data-claim-handle>${escaped(handle)}</bdi>`);
    expect(verdict).not.toContain('<script>alert');
    const today = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(),
    );
    expect(verdict).toContain(en.claimedOn.replace('{date}', today));

    // The same code again: already claimed, and said so.
    const again = await post('/claim?lang=en', { code }, newClient());
    expect(again.status).toBe(409);
    const againPage = await again.text();
    expect(againPage).toContain(escaped(en.takenTitle));
    expect(againPage).toContain('href="/report?lang=en"');

    // Opening the claim: a typo, a secret no claim holds, then the secret.
    const client = newClient();
    expect(
      (await post('/claim/manage?lang=en', { holder_secret: typo(secret) }, client)).status,
    ).toBe(400);
    const stranger = await post(
      '/claim/manage?lang=en',
      { holder_secret: formatClaimCode(generateClaimCode()) + '-ABCD' },
      client,
    );
    expect([400, 403]).toContain(stranger.status);
    const opened = await post('/claim/manage?lang=en', { holder_secret: secret }, client);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const openedPage = await opened.text();
    expect(openedPage).toContain(`value="${escaped(handle).replace(/&#39;/g, "'")}"`);

    // Hiding the name.
    const changed = await post(
      '/claim/change?lang=en',
      { holder_secret: secret, handle: '' },
      newClient(),
    );
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('data-saved');
    const hidden = await (await fetch(card.url)).text();
    expect(hidden).toContain('data-claim="active"');
    expect(hidden).not.toContain('data-claim-handle');

    // Releasing asks for the box to be ticked; then gives a transfer code and its link.
    const unconfirmed = await post(
      '/claim/release?lang=en',
      { holder_secret: secret },
      newClient(),
    );
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain(escaped(en.problem.confirm));
    const released = await post(
      '/claim/release?lang=en',
      { holder_secret: secret, confirm: 'yes' },
      newClient(),
    );
    expect(released.status).toBe(200);
    expect(released.headers.get('cache-control')).toBe('no-store');
    const releasedPage = await released.text();
    const transfer = marked(releasedPage, 'data-transfer-code');
    expect(transfer).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(releasedPage).toContain(`href="${server.url}/claim?code=${transfer}"`);
    expect(await (await fetch(card.url)).text()).not.toContain('data-claim=');

    // The old secret and the old slip no longer work; the transfer code does.
    expect((await post('/claim/manage', { holder_secret: secret }, newClient())).status).toBe(403);
    expect((await post('/claim', { code }, newClient())).status).not.toBe(200);
    const next = await post('/claim?lang=en', { code: transfer, handle: 'Jun' }, newClient());
    expect(next.status).toBe(200);
    const nextSecret = marked(await next.text(), 'data-holder-secret');
    expect(nextSecret).not.toBe(secret);
    const after = await (await fetch(card.url)).text();
    expect(after).toContain('<bdi data-claim-handle>Jun</bdi>');
  });

  it('shows the photo as issued when the holder chooses to, and a revoked card’s claim as ended', async () => {
    const { card, code } = await mintServerCardWithSlip(server);
    await recordReferencePhoto(server, associate, card);
    const made = await post(
      '/claim?lang=fr',
      { code, show_photo: 'yes', photo_offered: 'yes' },
      newClient(),
    );
    expect(made.status).toBe(200);
    const madePage = await made.text();
    const secret = marked(madePage, 'data-holder-secret');
    // What the public now sees, on the page that answers the claim: the photo with its words.
    expect(madePage).toMatch(/<img\s+src="\/claim-photos\/[^"]+"\s+alt="[^"]+"/);
    const verdict = await (await fetch(`${card.url}?lang=fr`)).text();
    const img = /<img\s+src="(\/claim-photos\/[^"]+)"\s+alt="([^"]+)"/.exec(verdict);
    expect(img).not.toBeNull();
    expect(img![1]).not.toContain(card.serial);
    expect(img![2]).toBe(escaped(fr.photoAlt));
    const photo = await server.get(img![1]!);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toMatch(/^image\//);

    await server.store.revokeCard(card.serial, { reason: 'counterfeit' }, new Date());
    const after = await (await fetch(card.url)).text();
    expect(after).toContain('data-claim="ended"');
    // A revoked card's claim can show nothing more: said in her language, with the way back.
    const change = await post(
      '/claim/change?lang=fr',
      { holder_secret: secret, handle: 'Autre' },
      newClient(),
    );
    expect(change.status).toBe(409);
    expect(await change.text()).toContain(escaped(fr.problem.revoked));
  });
});

describe('a claim slip checked as if it were a card', () => {
  it('is told apart: its link pasted leads to the claim page, its photo is no verdict', async () => {
    const { code } = await mintServerCardWithSlip(server);
    const link = `${server.url}/claim?code=${code}`;
    // Pasted on the start page: the claim page, code kept.
    const pasted = await fetch(`${server.url}/verify?q=${encodeURIComponent(link)}&lang=fr`, {
      redirect: 'manual',
    });
    expect(pasted.status).toBe(303);
    expect(pasted.headers.get('location')).toBe(
      `/claim?${new URLSearchParams({ code, lang: 'fr' })}`,
    );
    // Photographed: a real PNG of the slip's QR code, read by the server's own reader.
    const png = await QRCode.toBuffer(link, { type: 'png', margin: 4, scale: 8 });
    const api = await fetch(`${server.url}/api/v1/verify/image`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'cf-connecting-ip': newClient() },
      body: new Uint8Array(png),
    });
    expect(api.status).toBe(200);
    const answer = (await api.json()) as { codes: Record<string, unknown>[] };
    expect(answer.codes).toEqual([
      {
        text: link,
        host: new URL(server.url).host,
        lookAlike: false,
        verdict: null,
        claimSlip: true,
      },
    ]);
    // Read by the start page and sent as text: a page that says what it is, with no report link.
    const page = await post('/verify', { q: link, lang: 'en' }, newClient(), {
      origin: server.url,
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(messagesFor('en').claimSlip.title);
    expect(html).toContain(
      `href="/claim?${new URLSearchParams({ code, lang: 'en' })}"`.replace(/&/g, '&amp;'),
    );
    expect(html).not.toContain('/report?');
    expect(html).not.toMatch(/data-status="(authentic|malformed|unregistered|forged)"/);
  });
});

describe('the limit per network', () => {
  it('is one for the claim pages and the JSON API together', async () => {
    const client = newClient();
    const unknown = () => formatClaimCode(generateClaimCode());
    const api = () =>
      fetch(`${server.url}/api/v1/claim`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': client },
        body: JSON.stringify({ code: unknown() }),
      });
    // claim=4: two through the form and two through the API use it up.
    for (let i = 0; i < 2; i++)
      expect((await post('/claim', { code: unknown() }, client)).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await api()).status).toBe(404);
    const refused = await api();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('/claim', { code: unknown() }, client)).status).toBe(429);
  });
});
