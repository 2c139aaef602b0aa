// Reporting a suspected fake, on the real Node server and its SQLite file: the link on every
// verdict, the form and its refusals (every value kept), a photo stripped of its metadata, a
// reference and nothing else, no address kept anywhere, the limit per network; then legal's side
// through the admin API: list, read, the photo, link, close, the audit, and the evidence report.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatToken, parseTokenText } from '../../src/core/index.js';
import type { MintedCard } from '../../src/services/mint.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { daysFromToday } from '../helpers/dates.js';

const REPORTER = '198.51.100.77';
const AGENT = 'ReporterPhone/9.1 (Jane)';

let server: TestServer;
let card: MintedCard;
let other: MintedCard;
let legal: string;
let manager: string;

beforeAll(async () => {
  server = await startTestServer(
    { validFrom: '2020-01-01' },
    {
      CACHET_TRUSTED_PROXY: 'cloudflare',
      CACHET_TRUSTED_PROXY_PEERS: '127.0.0.1/32',
      CACHET_RATE_LIMITS: 'report=3',
      CACHET_SCAN_FLUSH_MS: '10',
    },
  );
  card = await server.mint({});
  other = await server.mint({ associate: 102 });
  legal = await server.staffKey({ name: 'Lea Legal', role: 'legal' });
  manager = await server.staffKey({ name: 'Max Manager', role: 'manager', boutique: 'PAR-SH' });
});
afterAll(() => server?.close());

const photo = async () =>
  sharp({
    create: {
      width: 120,
      height: 80,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  })
    .withExif({
      IFD0: { Make: 'PhoneCo', Artist: 'Jane Reporter' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2412/100' },
    })
    .jpeg()
    .toBuffer();

/** Sends the report form as a browser does, from `client`. */
function send(
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string },
  client = REPORTER,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file)
    form.set('photo', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(`${server.url}/report?lang=en`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { 'cf-connecting-ip': client, 'user-agent': AGENT },
  });
}

const api = async (path: string, init: { key?: string; body?: unknown } = {}) =>
  fetch(`${server.url}/api/v1/admin${path}`, {
    method: init.body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${init.key ?? legal}`,
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });

const refOf = (res: Response) => {
  expect(res.status, res.headers.get('location') ?? '').toBe(303);
  const match = /^\/report\/sent\/(R-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\?lang=en$/.exec(
    res.headers.get('location')!,
  );
  expect(match).not.toBeNull();
  return match![1]!;
};

describe('reporting a suspected fake', () => {
  let ref: string;

  it('is offered on a verdict page, and the form says what is being reported', async () => {
    const verdict = await (await server.get(`/c/${card.token}?lang=en`)).text();
    const href = /<a href="(\/report\?[^"]+)" data-report-link/.exec(verdict)?.[1];
    expect(href).toBeDefined();
    const form = await server.get(href!.replace(/&amp;/g, '&'));
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<h1>Report a suspected fake</h1>');
    expect(html).toMatch(/data-report-about="authentic"/);
    expect(html).toContain(card.serialText);
    expect(html).toContain(`name="code" value="${card.token}"`);
    expect(html).toMatch(/enctype="multipart\/form-data"/);
    // The verdict page was a scan of the card; reading the form is not another.
    const scans = async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return (await server.store.summariseScans(card.serial)).count;
    };
    expect(await scans()).toBe(1);
    await server.get(href!.replace(/&amp;/g, '&'));
    expect(await scans()).toBe(1);
  });

  it('takes a report with a photo, answers with a reference, and keeps the photo without its metadata', async () => {
    const sent = await photo();
    expect(Buffer.from(sent).includes('PhoneCo')).toBe(true);
    const res = await send(
      {
        code: card.token,
        place: 'online-shop',
        where: 'https://market.example/item/991',
        seenOn: daysFromToday(-16),
        details: 'Sold with a bag, €90.',
        contact: 'reporter@example.org',
        consent: 'yes',
      },
      { bytes: sent, name: 'IMG_0001.jpg', type: 'image/jpeg' },
    );
    ref = refOf(res);
    const thanks = await (await server.get(res.headers.get('location')!)).text();
    expect(thanks).toContain(`data-report-ref>${ref}<`);
    expect(thanks).toContain('Thank you: your report is sent');

    const read = await api(`/reports/${ref}`);
    expect(read.status).toBe(200);
    const { report } = await read.json();
    expect(report).toMatchObject({
      ref,
      status: 'open',
      place: 'online-shop',
      where: 'https://market.example/item/991',
      seenOn: daysFromToday(-16),
      details: 'Sold with a bag, €90.',
      contact: 'reporter@example.org',
      verdict: 'authentic',
      code: card.token,
      serial: card.serial,
      cardSerial: card.serial, // a genuine code names its own card
      linkedBy: 'code',
      lang: 'en',
    });
    const kept = await api(report.photoPath.slice('/api/v1/admin'.length));
    expect(kept.headers.get('content-type')).toBe('image/jpeg');
    expect(kept.headers.get('content-security-policy')).toContain('sandbox');
    const bytes = Buffer.from(await kept.arrayBuffer());
    expect(report.photo).toEqual({ type: 'image/jpeg', bytes: bytes.length });
    const meta = await sharp(bytes).metadata();
    expect([meta.exif, meta.width, meta.height]).toEqual([undefined, 120, 80]);
    for (const word of ['PhoneCo', 'Jane Reporter', 'GPS'])
      expect(bytes.includes(word)).toBe(false);
    expect((await sharp(bytes).raw().toBuffer()).equals(await sharp(sent).raw().toBuffer())).toBe(
      true,
    );
  });

  it('keeps nothing of the connection: no address and no user agent in the database files', async () => {
    const files = readdirSync(server.dir).filter((f) => f.startsWith('cachet.db'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(server.dir, f))));
    // The search finds what the reporter chose to give, so it would find the rest.
    expect(bytes.includes('reporter@example.org')).toBe(true);
    expect(bytes.includes(REPORTER)).toBe(false);
    expect(bytes.includes(AGENT)).toBe(false);
    expect(bytes.includes('198.51.100')).toBe(false);
  });

  it('comes back with every value and each problem when it is refused', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    const res = await send(
      {
        code: card.token,
        place: 'shop',
        where: '',
        seenOn: '2999-01-01',
        details: 'A shop near the <station>, "second" floor',
        contact: 'me@example.org',
      },
      { bytes: gif, name: 'a.gif', type: 'image/gif' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/role="alert"\s+data-problems="where seenOn photo"/);
    expect(html).toContain('This is needed.');
    expect(html).toMatch(/Give a date like \d{4}-\d\d-\d\d, not in the future\./);
    expect(html).toContain('To send the photo, tick the box agreeing that the house keeps it.');
    // What was typed is there again, escaped.
    expect(html).toContain('A shop near the &lt;station&gt;, &quot;second&quot; floor</textarea');
    expect(html).toContain('value="me@example.org"');
    expect(html).toMatch(/<option value="shop" selected>/);
    expect(html).toContain('id="where-problem"');
    expect(html).toMatch(/id="where"[^>]*aria-invalid="true"/s);

    const withConsent = await send(
      { place: 'shop', where: 'Milan', consent: 'yes' },
      { bytes: gif, name: 'a.gif', type: 'image/gif' },
    );
    expect(withConsent.status).toBe(400);
    expect(await withConsent.text()).toContain('The photo must be a JPEG, PNG or WebP image.');
    // Over 8 MB: refused before it is read, with the form as it was.
    const huge = new Uint8Array(9 * 1024 * 1024);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    const tooBig = await send(
      { place: 'shop', where: 'Rome', details: 'kept too', consent: 'yes' },
      { bytes: huge, name: 'big.jpg', type: 'image/jpeg' },
    );
    expect(tooBig.status).toBe(413);
    const big = await tooBig.text();
    expect(big).toContain('The photo is too large: at most 8 MB.');
    expect(big).toContain('value="Rome"');
    const tooLong = await send({ place: 'other', where: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('This is too long: at most 500 characters.');
  });

  it('reports a look-alike code, and a forgery that copies a real serial without linking it', async () => {
    const lookAlike = 'https://verify-maison.example/c/123456';
    const codes = await (
      await fetch(`${server.url}/verify?lang=en`, {
        method: 'POST',
        body: new URLSearchParams({ q: lookAlike }),
      })
    ).text();
    const href = /<a href="(\/report\?[^"]+)" data-report-link/.exec(codes)![1]!;
    const form = await (await server.get(href.replace(/&amp;/g, '&'))).text();
    expect(form).toMatch(/data-report-about="look-alike"/);
    const fake = await api(
      `/reports/${refOf(await send({ code: lookAlike, place: 'social-media', where: 'a reel' }, undefined, '203.0.113.5'))}`,
    );
    expect((await fake.json()).report).toMatchObject({
      verdict: 'look-alike',
      code: lookAlike,
      serial: null,
      cardSerial: null,
    });

    const forged = parseTokenText(other.token).bytes;
    forged[forged.length - 10]! ^= 1;
    const res = await send(
      { code: formatToken(forged), place: 'offered', where: 'Paris' },
      undefined,
      '203.0.113.5',
    );
    const { report } = await (await api(`/reports/${refOf(res)}`)).json();
    expect(report).toMatchObject({ verdict: 'forged', serial: other.serial, cardSerial: null });
  });

  it('takes at most the configured reports an hour from one network', async () => {
    // 198.51.100.77 sent one above; the limit is three.
    for (let i = 0; i < 2; i++) refOf(await send({ place: 'other', where: `place ${i}` }));
    const refused = await send({ place: 'other', where: 'one too many', details: 'kept' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    const html = await refused.text();
    expect(html).toContain('Too many reports from your connection.');
    expect(html).toContain('value="one too many"');
    refOf(await send({ place: 'other', where: 'another network' }, undefined, '192.0.2.200'));
  });

  it('counts an IPv6 home by its /48, not by each of its thousands of /64s', async () => {
    for (let i = 1; i <= 3; i++) {
      refOf(await send({ place: 'other', where: `home ${i}` }, undefined, `2001:db8:bb:${i}::1`));
    }
    const refused = await send({ place: 'other', where: 'home 4' }, undefined, '2001:db8:bb:4::1');
    expect(refused.status).toBe(429);
    refOf(await send({ place: 'other', where: 'next door' }, undefined, '2001:db8:cc:1::1'));
  });

  it('lets legal list, link and close a report, audited, and lists it in the card evidence', async () => {
    const open = await (await api('/reports?status=open')).json();
    expect(open.reports.map((r: { ref: string }) => r.ref)).toContain(ref);
    expect(open.total).toBe(open.reports.length);

    expect((await api('/reports', { key: manager })).status).toBe(403);
    expect(
      (await api(`/reports/${ref}/close`, { key: manager, body: { outcome: 'genuine' } })).status,
    ).toBe(403);

    const linked = await api(`/reports/${ref}/link`, { body: { serial: other.serialText } });
    expect(linked.status).toBe(200);
    expect((await linked.json()).report).toMatchObject({
      cardSerial: other.serial,
      cardSerialText: other.serialText,
    });
    expect(
      (await api(`/reports/${ref}/link`, { body: { serial: '0000-0000-0000-0' } })).status,
    ).toBe(404);

    const closed = await api(`/reports/${ref}/close`, {
      body: { outcome: 'counterfeit-confirmed', note: 'Listing taken down on 30 Nov' },
    });
    expect((await closed.json()).report).toMatchObject({
      status: 'closed',
      outcome: 'counterfeit-confirmed',
      outcomeNote: 'Listing taken down on 30 Nov',
    });
    const again = await api(`/reports/${ref}/close`, { body: { outcome: 'genuine' } });
    expect(again.status).toBe(409);
    expect((await api('/reports?status=open')).ok).toBe(true);
    const stillOpen = await (await api('/reports?status=open')).json();
    expect(stillOpen.reports.map((r: { ref: string }) => r.ref)).not.toContain(ref);

    const id = ref.replace(/^R-|-/g, '');
    const audit = await (await api(`/audit?target=report:${id}`, {})).json();
    const actions = audit.entries.map((e: { action: string; actor: string; outcome: number }) => [
      e.action,
      e.outcome,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['report.link', 200],
        ['report.close', 200],
        ['report.close', 409],
      ]),
    );

    const evidence = await (await api(`/cards/${other.serial}/evidence`)).json();
    expect(evidence.reports).toEqual([
      expect.objectContaining({ ref, status: 'closed', outcome: 'counterfeit-confirmed' }),
    ]);
    expect(JSON.stringify(evidence)).not.toContain('reporter@example.org');
    const printable = await (await api(`/cards/${other.serial}/evidence?format=html`)).text();
    expect(printable).toContain(`data-report="${ref}"`);
    expect(printable).toContain('https://market.example/item/991');
  });
});
