// The HTTP contract of the public routes, run unchanged against every runtime: any behaviour that
// differs between Node and workerd is a bug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  claimHandleHash,
  formatClaimCode,
  formatVkey,
  generateClaimCode,
  generateClaimId,
  generateHolderSecret,
  importKeyring,
  parseTokenText,
  parseVkey,
  thumbprint,
  verifyReceipt,
} from '../../src/core/index.js';
import { checkLogProof, loadTrust, verifyCardOffline } from '../../src/core/index.js';
import { qrText } from '../../src/print/qr.js';
import { renderQr } from '../../src/node/render-qr.js';
import {
  VERIFY_HOST,
  makeContractFixture,
  type ContractFixture,
  type Target,
} from '../helpers/contract-fixture.js';
import { realNow } from '../helpers/dates.js';
import { independentlyProven } from '../helpers/independent-log.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';
import { phonePhoto } from '../helpers/phone-photo.js';
import { renderWrittenCard } from '../helpers/written-card.js';
import { servedClaimEntries } from './served-claims.js';

const WORDS = ['Dear Camille,', 'with love', 'from Paris', 'A.'];
const OTHER_WORDS = ['For Jun,', 'happy birthday', 'see you soon', 'M.'];

/** The scans a runtime recorded, read once it has stopped or flushed. */
export type CountScans = (f: ContractFixture, t: Target, serial: string) => Promise<number>;

export function runContract(
  runtime: string,
  start: (f: ContractFixture) => Promise<Target>,
  countScans: CountScans,
  /**
   * Whether the runtime can draw PNG print files (Node has sharp; Workers do not), and whether it
   * reads the real clock while faketime shifts the test's (workerd: see withRealClock).
   */
  can: { printPng: boolean; realClock?: boolean },
): void {
  describe(`public HTTP contract on ${runtime}`, () => {
    let f: ContractFixture;
    let t: Target;
    beforeAll(async () => {
      f = await makeContractFixture();
      t = await start(f);
    }, 120_000);
    afterAll(() => t?.close());

    /** The runtime's time: the test's clock, or the real one for a runtime faketime cannot shift. */
    const targetNow = () => (can.realClock ? realNow() : new Date());
    const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual' });
    const json = async (path: string) => {
      const res = await get(path);
      return {
        status: res.status,
        headers: res.headers,
        body: (await res.json()) as Record<string, any>,
      };
    };
    const page = async (path: string) => {
      const res = await get(path);
      return { status: res.status, headers: res.headers, text: await res.text() };
    };

    it('authentic: the JSON the API promises', async () => {
      const card = f.cards.authentic;
      const { status, headers, body } = await json(`/api/v1/verify/${card.token}`);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^application\/json/);
      expect(headers.get('cache-control')).toBe('no-store');
      // Where it is in the issuance log: placed within a second or two (see the log case below).
      const { log, ...rest } = body as { log: unknown };
      expect(log === null || typeof log === 'object').toBe(true);
      expect(rest).toEqual({
        status: 'authentic',
        card: {
          serial: card.serial,
          serialText: card.serialText,
          issued: f.cards.authentic.issued,
          boutique: {
            code: 'PAR-SH',
            name: 'Maison Demo Saint-Honoré',
            city: 'Paris',
            country: 'FR',
          },
          associate: { displayName: 'Hugo Marchand' },
          occasion: 'birthday',
        },
        key: { kid: f.kid, status: 'active', development: false },
        revocation: null,
        reason: null,
        warnings: [],
        // Its first check: this one is counted after the answer, off the request path.
        scans: { count: 0, since: null, countries: 0, peakScanners: 0 },
      });
    });

    it('puts every registered card in the issuance log, with a proof that verifies', async () => {
      // A card whose checks no other case counts. Its proof is asked for (no scan is counted
      // for that) until the sequencer has placed it.
      const card = f.cards.xss;
      let proof: Response | undefined;
      for (let i = 0; i < 60 && proof?.status !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        proof = await fetch(`${t.url}/api/v1/proof/${card.token}`);
      }
      expect(proof!.status).toBe(200);
      const vkey = await (await fetch(`${t.url}/log/vkey`)).text();
      const proven = await checkLogProof(
        card.token,
        await proof!.text(),
        await parseVkey(vkey.trim()),
      );
      const placed = (await json(`/api/v1/verify/${card.token}`)).body as {
        log: { index: number; loggedAt: string } | null;
      };
      expect(placed.log).toEqual({
        index: proven.index,
        loggedAt: new Date(proven.loggedAt * 1000).toISOString(),
      });
      const checkpoint = await fetch(`${t.url}/log/checkpoint`);
      expect(checkpoint.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    });

    it('authentic: a page at /c/ and /C/ alike naming boutique, date and associate', async () => {
      const card = f.cards.page;
      const lower = await page(`/c/${card.token}`);
      const upper = await page(`/C/${card.token}`);
      expect(lower.status).toBe(200);
      expect(lower.headers.get('content-type')).toMatch(/^text\/html/);
      expect(upper.text).toBe(lower.text);
      for (const text of [
        'Genuine code',
        'data-status="authentic"',
        'Maison Demo Saint-Honoré',
        card.issued,
        'Camille Laurent',
        card.serialText,
      ]) {
        expect(lower.text).toContain(text);
      }
      expect(lower.text).toContain('<meta name="viewport"');
      expect(lower.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(lower.headers.get('cache-control')).toBe('no-store');
    });

    it('revoked: the date and the reason on the page and in the JSON', async () => {
      const { body } = await json(`/api/v1/verify/${f.cards.revoked.token}`);
      expect(body.status).toBe('revoked');
      // The public reason from the fixed list; the staff note (with the canary) never shows.
      expect(body.revocation).toEqual({
        revokedAt: '2026-03-04T10:00:00.000Z',
        reason: 'counterfeit',
      });
      const { text } = await page(`/c/${f.cards.revoked.token}`);
      for (const s of ['Revoked card', '2026-03-04', 'Copies of this card are circulating'])
        expect(text).toContain(s);
      const french = await page(`/c/${f.cards.revoked.token}?lang=fr`);
      expect(french.text).toContain('Des copies de cette carte circulent');
      for (const answer of [JSON.stringify(body), text, french.text])
        expect(answer).not.toContain('case 7');
    });

    it.each([
      ['unregistered', 'unregistered', 'Not in the registry'],
      ['forged', 'forged', 'Forged code'],
      ['unknownKey', 'unknown-key', 'Unknown signature'],
    ] as const)('%s: its verdict in JSON and on the page', async (name, status, title) => {
      const token = f.tokens[name];
      expect(await json(`/api/v1/verify/${token}`)).toMatchObject({
        status: 200,
        body: { status },
      });
      const html = await page(`/c/${token}`);
      expect(html.status).toBe(200);
      expect(html.text).toContain(title);
      if (status === 'forged') expect((await json(`/api/v1/verify/${token}`)).body.card).toBeNull();
    });

    it.each([
      '',
      '0',
      'hello',
      '<script>alert(1)</script>',
      '%00',
      '%zz',
      '..%2F..%2Fetc%2Fpasswd',
      encodeURIComponent('١٢٣'),
      '9'.repeat(208),
      '1'.repeat(246),
      '0'.repeat(500),
      `${'1'.repeat(100)}/extra/segments`,
    ])('%j is malformed: page 200, JSON 400 with a stable code', async (input) => {
      const html = await page(`/c/${input}`);
      expect(html.status).toBe(200);
      expect(html.text).toContain('data-status="malformed"');
      const { status, body } = await json(`/api/v1/verify/${input}`);
      expect(status).toBe(400);
      expect(body.status).toBe('malformed');
      expect(body.reason.code).toMatch(/^ERR_TOKEN_[A-Z]+$/);
    });

    it('never answers 500, whatever the characters', async () => {
      let seed = 42;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      const alphabet = '0123456789abcXYZ-_.~%/?#&=+ <>"\'\\é中';
      for (let i = 0; i < 60; i++) {
        const input = Array.from(
          { length: next() % 300 },
          () => alphabet[next() % alphabet.length],
        ).join('');
        for (const prefix of ['/c/', '/C/', '/api/v1/verify/']) {
          const res = await fetch(`${t.url}${prefix}${encodeURI(input)}`);
          await res.arrayBuffer();
          expect(res.status, `${prefix}${input}`).toBeLessThan(500);
        }
      }
    });

    it('refuses paths over 1 KB with 414', async () => {
      const long = '1'.repeat(1100);
      expect((await get(`/api/v1/verify/${long}`)).status).toBe(414);
      const html = await page(`/c/${long}`);
      expect(html.status).toBe(414);
      expect(html.text).toContain('limited to 1024 characters');
    });

    it('sends a pasted link from the start page to its verdict, and answers 404 elsewhere', async () => {
      const card = f.cards.page;
      const res = await get(`/verify?q=${encodeURIComponent(`  ${card.url.toUpperCase()} `)}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/c/${card.token}`);
      expect((await page('/verify?q=not+a+code')).text).toContain('data-status="malformed"');
      expect((await page('/')).text).toContain('action="/verify"');
      expect((await get('/nope')).status).toBe(404);
      expect(await json('/api/nope')).toMatchObject({
        status: 404,
        body: { error: { code: 'ERR_NOT_FOUND' } },
      });
      expect(await (await get('/robots.txt')).text()).toContain('User-agent');
    });

    it('counts one client as one scanner from nowhere, whatever headers it writes', async () => {
      const card = f.cards.canary;
      const countries = ['FR', 'JP', 'US', 'DE', 'IT'];
      for (const [i, country] of countries.entries()) {
        const headers = { 'cf-ipcountry': country, 'user-agent': `Phone ${i}` };
        await fetch(`${t.url}/api/v1/verify/${card.token}`, { headers }).then((r) => r.text());
      }
      // Past the batch write (1 s) and the summary a check reads (kept 5 s).
      await new Promise((r) => setTimeout(r, 6_500));
      const verdict = (await json(`/api/v1/verify/${card.token}`)).body as any;
      expect(verdict.scans.countries).toBeLessThanOrEqual(1); // the platform's, if it says one
      expect(verdict.scans.peakScanners).toBeLessThanOrEqual(1);
      expect(verdict.warnings).not.toContain('widely-scanned');
    }, 30_000);

    it('keeps search engines off verdict pages, and every link of a 404 page on this site', async () => {
      const robots = await (await get('/robots.txt')).text();
      for (const path of ['/c/', '/C/', '/api/']) expect(robots).toContain(`Disallow: ${path}`);
      // fetch would resolve //evil.example itself: ask for the path as the browser received it.
      const res = await fetch(`${t.url}/x`.replace(/\/x$/, '//evil.example/x'), {
        redirect: 'manual',
      });
      expect(res.status).toBe(404);
      const text = await res.text();
      const hrefs = [...text.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href, href).toMatch(/^\/(?!\/)/);
    });

    it('escapes every value on the page', async () => {
      const { text } = await page(`/c/${f.cards.xss.token}`);
      expect(text).toContain('data-status="authentic"');
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img src=x');
      expect(text).not.toContain('<b>City');
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('shows the client reference in no answer and no line the runtime printed', async () => {
      const card = f.cards.canary;
      const answers = await Promise.all(
        [
          `/c/${card.token}`,
          `/C/${card.token}`,
          `/api/v1/verify/${card.token}`,
          `/verify?q=${card.token}`,
          '/',
          '/.well-known/jwks.json',
          '/nope',
          '/api/nope',
        ].map(async (path) => (await get(path)).text()),
      );
      expect(answers.join('\n')).toContain(card.serialText); // real answers, not errors
      for (const answer of [...answers, t.output()]) expect(answer).not.toContain(f.canary);
    });

    it('publishes the public keys with kid = RFC 7638 thumbprint, and nothing private', async () => {
      const { headers, body } = await json('/.well-known/jwks.json');
      expect(headers.get('content-type')).toMatch(/application\/json/);
      // One card key and the receipt key, told apart by `purpose`.
      expect(body.keys).toHaveLength(2);
      expect(body.keys[1]).toMatchObject({ kid: f.receiptKid, purpose: 'receipt' });
      expect(body.keys[0].purpose).toBeUndefined();
      expect(body.keys[0]).toMatchObject({
        kty: 'OKP',
        crv: 'Ed25519',
        alg: 'EdDSA',
        status: 'active',
        validFrom: '2020-01-01',
        kid: f.kid,
      });
      expect(body.keys[0].kid).toBe(await thumbprint(body.keys[0].x));
      expect(body.keys[0]).not.toHaveProperty('d');
    });

    it('tells the holder what to do next for every verdict, announced to screen readers, under 15 KB', async () => {
      const cases = [
        [f.cards.page.token, 'authentic', /it comes from the house/],
        [f.cards.revoked.token, 'revoked', /Ask the boutique that issued it/],
        [f.tokens.unregistered, 'unregistered', /Contact the house with the serial/],
        [f.tokens.forged, 'forged', /does not come from the house/],
        [f.tokens.unknownKey, 'unknown-key', /was not signed by the house/],
        ['12345', 'malformed', /Scan the code again/],
      ] as const;
      for (const [token, status, advice] of cases) {
        const res = await get(`/c/${token}?lang=en`);
        const html = await res.text();
        expect(new TextEncoder().encode(html).length, status).toBeLessThan(15_000);
        expect(html, status).toMatch(
          new RegExp(`<section class="verdict \\w+" role="status" data-status="${status}">`),
        );
        const next =
          /<section class="next" data-next="([^"]+)">\s*<h2>What to do<\/h2>\s*<p>([^<]+)<\/p>/.exec(
            html,
          );
        expect(next?.[1], status).toBe(status);
        expect(next?.[2], status).toMatch(advice);
      }
      const lookAlike = await (
        await get(
          `/verify?lang=de&q=${encodeURIComponent(`https://evil.example/c/${f.cards.authentic.token}`)}`,
        )
      ).text();
      expect(lookAlike).toMatch(
        /data-next="lookAlike">\s*<h2>Was zu tun ist<\/h2>\s*<p>Geben Sie auf dieser Seite nichts ein/,
      );
    });

    it('cites a check: a permanent page with the verdict then, its receipt checked, and now', async () => {
      const made = await fetch(`${t.url}/cite`, {
        method: 'POST',
        body: new URLSearchParams({ t: f.cards.revoked.token, lang: 'de' }),
        redirect: 'manual',
      });
      expect(made.status).toBe(303);
      const location = made.headers.get('location')!;
      expect(location).toMatch(/^\/cite\/[0-9A-Z]{16}\?lang=de$/);
      const html = await (await get(location)).text();
      expect(html).toMatch(/class="cited-then" data-status="revoked"/);
      expect(html).toMatch(/class="cited-now" data-status="revoked"/);
      expect(html).toContain('data-receipt-ok');
      const id = location.slice(6, 22);
      const { receipt } = await (await get(`/cite/${id}/receipt.json`)).json();
      const keyring = await importKeyring((await json('/.well-known/jwks.json')).body);
      const { claims } = await verifyReceipt(receipt, keyring, { digits: f.cards.revoked.token });
      expect(claims).toMatchObject({ status: 'revoked', serial: f.cards.revoked.serial });
    });

    it('takes a report of a fake with a photo in parts, metadata gone; legal reads and closes it', async () => {
      // Noise does not compress: some 1.5 MB, so the registry keeps it in three parts.
      const photo = await sharp({
        create: {
          width: 700,
          height: 700,
          channels: 3,
          background: '#808080',
          noise: { type: 'gaussian', mean: 128, sigma: 60 },
        },
      })
        .withExif({ IFD0: { Make: 'PhoneCo', Artist: 'Jane Reporter' } })
        .png({ compressionLevel: 1 })
        .toBuffer();
      expect(photo.length).toBeGreaterThan(1024 * 1024);
      const form = new FormData();
      for (const [name, value] of Object.entries({
        code: f.tokens.forged,
        place: 'online-shop',
        where: 'https://market.example/listing/5',
        contact: 'jane@example.org',
        consent: 'yes',
      }))
        form.set(name, value);
      form.set('photo', new Blob([photo], { type: 'image/png' }), 'IMG_1.png');
      const sent = await fetch(`${t.url}/report?lang=de`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
      });
      expect(sent.status).toBe(303);
      const ref = /^\/report\/sent\/(R-[0-9A-Z-]{14})\?lang=de$/.exec(
        sent.headers.get('location')!,
      )![1]!;
      expect(await (await get(sent.headers.get('location')!)).text()).toContain(ref);

      const legal = (path: string, body?: unknown) =>
        fetch(`${t.url}/api/v1/admin${path}`, {
          method: body ? 'POST' : 'GET',
          headers: {
            authorization: `Bearer ${f.legalKey}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
      const { report } = (await (await legal(`/reports/${ref}`)).json()) as any;
      expect(report).toMatchObject({
        verdict: 'forged',
        lang: 'de',
        contact: 'jane@example.org',
        serial: f.cards.page.serial, // the forgery copies a real card's serial
        cardSerial: null,
      });
      const kept = Buffer.from(await (await legal(`/reports/${ref}/photo`)).arrayBuffer());
      expect(kept.length).toBe(report.photo.bytes);
      expect(kept.includes('PhoneCo')).toBe(false);
      expect((await sharp(kept).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer())).toBe(
        true,
      );
      await legal(`/reports/${ref}/link`, { serial: f.cards.page.serialText });
      const closed = await legal(`/reports/${ref}/close`, { outcome: 'counterfeit-confirmed' });
      expect(((await closed.json()) as any).report).toMatchObject({
        status: 'closed',
        cardSerial: f.cards.page.serial,
      });
    });

    it('shows the public trust page: hosts, every key with its history, the log, and the spec', async () => {
      // The Worker's sequencer signs its first checkpoint soon after its first request.
      for (let i = 0; i < 50 && (await get('/log/checkpoint')).status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const res = await get('/trust?lang=en');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Genuine check addresses');
      expect(html).toContain(`https://${new URL(f.cards.authentic.url).host}/`);
      expect(html).toContain(f.kid);
      expect(html).toContain(f.receiptKid);
      expect(html).toMatch(/<td>cards<\/td>\s*<td>active/);
      expect(html).toMatch(/<td>receipts and the trust bundle<\/td>/);
      expect(html).toMatch(/id="log-state">\d+ cards logged\. Root hash [A-Za-z0-9+/=]{44}\./);
      // The origin as the runtime is configured, scheme included, so the command runs as written:
      // this server's own address, or the host genuine cards point to.
      const pull = /npx cachet trust pull (https?:\/\/[^\s<]+)/.exec(html)?.[1];
      expect([t.url, `https://${new URL(f.cards.authentic.url).host}`]).toContain(pull);
      // Every verdict page links to it, in its language.
      const verdict = await (await get(`/c/${f.cards.page.token}?lang=fr`)).text();
      expect(verdict).toContain('<a href="/trust?lang=fr">Nos clés');
      // And the specification it points to is served, as text, with its vectors.
      const spec = await get('/spec/ct1.md');
      expect(spec.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(await spec.text()).toMatch(/^# CT1: Cachet card tokens, version 1\.2\.0/);
      const vectors = await (await get('/spec/ct1-vectors.json')).json();
      expect(vectors.vectors.length).toBeGreaterThan(30);
    });

    it('serves what the offline verifier needs: its page, script, service worker and manifest', async () => {
      const offline = await get('/offline?lang=de');
      expect(offline.status).toBe(200);
      expect(offline.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
      const html = await offline.text();
      expect(html).toContain('<script type="module" src="/offline.js"></script>');
      expect(html).toContain('Auf diesem Gerät geprüft');
      for (const [path, type] of [
        ['/sw.js', /javascript/],
        ['/offline.js', /javascript/],
        ['/manifest.webmanifest', /application\/manifest\+json/],
      ] as const) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toMatch(type);
      }
      const home = await get('/');
      expect(home.headers.get('content-security-policy')).toMatch(/manifest-src 'self'/);
      expect(await home.text()).toContain('<link rel="manifest" href="/manifest.webmanifest" />');
    });

    it('serves the revocation list and the trust bundle, which decide a card with no server', async () => {
      const jwks = await importKeyring((await json('/.well-known/jwks.json')).body);
      const bundleResponse = await get('/.well-known/cachet/trust.jws');
      expect(bundleResponse.headers.get('content-type')).toBe('application/jose');
      expect(bundleResponse.headers.get('cache-control')).toBe('public, max-age=60');
      const listResponse = await get('/.well-known/cachet/revocations');
      const list = new Uint8Array(await listResponse.arrayBuffer());
      expect(listResponse.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
      const now = targetNow();
      const trust = await loadTrust(await bundleResponse.text(), list, { now, trusted: jwks });
      expect(trust.bundle.keys.map((k) => k.kid)).toEqual([f.kid, f.receiptKid]);
      expect(trust.bundle.log?.vkey).toMatch(/\/log\+[0-9a-f]{8}\+/);
      const offline = (token: string) => verifyCardOffline(token, { ...trust, now });
      expect(await offline(f.cards.authentic.token)).toMatchObject({ status: 'authentic' });
      expect(await offline(f.cards.revoked.token)).toMatchObject({
        status: 'revoked',
        revocation: { reason: 'counterfeit' },
      });
      expect((await offline(f.tokens.forged)).status).toBe('forged');
    });

    const postImage = async (path: string, bytes: Uint8Array, type = 'image/png') => {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(bytes)], { type }), 'photo');
      return fetch(`${t.url}${path}`, { method: 'POST', body: form });
    };

    it('reads every QR code in an uploaded image, and names a look-alike host', async () => {
      const card = f.cards.page;
      const genuine = await renderQr(card.url, { scale: 5 });
      // A counterfeit's code: the very same token, on a host that only looks like the brand's.
      const fake = await renderQr(`https://verify-brand.co/c/${card.token}`, { scale: 5 });
      const size = (await sharp(genuine.png).metadata()).width!;
      const photo = await sharp({
        create: { width: size * 2 + 60, height: size + 40, channels: 3, background: '#ffffff' },
      })
        .composite([
          { input: genuine.png, left: 20, top: 20 },
          { input: fake.png, left: size + 40, top: 20 },
        ])
        .png()
        .toBuffer();
      const res = await postImage('/api/v1/verify/image', photo);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as any;
      expect(body.image).toMatchObject({ format: 'png', width: size * 2 + 60 });
      expect(body.expectedHosts).toContain(VERIFY_HOST);
      const byHost = Object.fromEntries(body.codes.map((c: any) => [c.host, c]));
      expect(Object.keys(byHost).sort(), JSON.stringify(body.codes)).toEqual(
        [VERIFY_HOST, 'verify-brand.co'].sort(),
      );
      expect(byHost[VERIFY_HOST]).toMatchObject({
        lookAlike: false,
        verdict: { status: 'authentic', card: { serial: card.serial } },
      });
      expect(byHost['verify-brand.co']).toMatchObject({ lookAlike: true, verdict: null });

      const html = await postImage('/verify/image?lang=fr', photo);
      const text = await html.text();
      expect(text).toContain('data-status="look-alike"');
      expect(text).toContain('data-status="authentic"');
      expect(text).toContain('Adresse trompeuse');
      // It tells people which address a genuine card opens.
      expect(text).toMatch(
        /<p class="info" data-expect-host="[^"]*">[^<]*<bdi>[^<]*verify\.brand\.co/,
      );
    });

    it('refuses what it will not read with 413, 415 or 422, never 500', async () => {
      const refused = async (res: Response) => ({
        status: res.status,
        code: ((await res.json()) as any).error?.code,
      });
      const text = new TextEncoder().encode('just some text, not an image at all; '.repeat(4));
      expect(await refused(await postImage('/api/v1/verify/image', text, 'text/plain'))).toEqual({
        status: 415,
        code: 'ERR_IMAGE_TYPE',
      });
      // A PNG whose header claims 9,000 × 9,000 pixels: refused before any decoding.
      const huge = await sharp({
        create: { width: 16, height: 16, channels: 3, background: '#fff' },
      })
        .png()
        .toBuffer();
      huge.writeUInt32BE(9000, 16);
      huge.writeUInt32BE(9000, 20);
      expect(await refused(await postImage('/api/v1/verify/image', huge))).toEqual({
        status: 413,
        code: 'ERR_IMAGE_TOO_LARGE',
      });
      const big = new Uint8Array(10 * 1024 * 1024 + 100_000);
      expect((await postImage('/api/v1/verify/image', big)).status).toBe(413);
      // Real PNG bytes, cut short: a damaged file.
      const png = (await renderQr(f.cards.page.url)).png;
      expect(await refused(await postImage('/api/v1/verify/image', png.subarray(0, 300)))).toEqual({
        status: 422,
        code: 'ERR_IMAGE_UNREADABLE',
      });
      const asPage = await postImage('/verify/image?lang=de', text, 'text/plain');
      expect(asPage.status).toBe(415);
      expect(await asPage.text()).toContain('Diese Dateiart wird nicht unterstützt');
    });

    it('reads image headers as decoders do: a hidden size is found, no size is refused (422)', async () => {
      const refused = async (bytes: Uint8Array) => {
        const res = await postImage('/api/v1/verify/image', bytes);
        return { status: res.status, code: ((await res.json()) as any).error?.code };
      };
      for (const [name, bytes, status, code] of await craftedImages()) {
        expect(await refused(bytes), name).toEqual({ status, code });
      }
    });

    it('looks a card up by its printed serial, and says no signature was checked', async () => {
      const card = f.cards.page;
      // As a person types it: lower case, spaces for dashes, O for 0 and l for 1.
      const typed = card.serialText
        .toLowerCase()
        .replace(/-/g, ' ')
        .replace(/0/g, 'O')
        .replace(/1/g, 'l');
      const { status, body } = await json(`/api/v1/cards/${encodeURIComponent(typed)}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        method: 'serial',
        proof: 'registry-only',
        status: 'authentic',
        card: { serial: card.serial, associate: { displayName: 'Camille Laurent' } },
      });
      expect(body).not.toHaveProperty('key');
      const revoked = await json(`/api/v1/cards/${f.cards.revoked.serialText}`);
      expect(revoked.body).toMatchObject({
        status: 'revoked',
        revocation: { reason: 'counterfeit' },
      });
      expect(await json('/api/v1/cards/0000-0000-0000-0')).toMatchObject({
        status: 404,
        body: { error: { code: 'ERR_SERIAL_UNKNOWN' } },
      });
      expect(await json('/api/v1/cards/not-a-serial')).toMatchObject({
        status: 400,
        body: { error: { code: 'ERR_SERIAL_TEXT' } },
      });

      const pasted = await get(`/verify?q=${encodeURIComponent(card.serialText)}&lang=vi`);
      expect(pasted.status).toBe(303);
      const shown = await page(pasted.headers.get('location')!);
      expect(shown.text).toContain('data-method="serial"');
      expect(shown.text).toContain('Tìm theo số sê-ri');
      expect((await page('/serial?s=ZZZZ-ZZZZ-ZZZZ-Z')).status).toBe(400);
    });

    it('names a pasted link to any other host a look-alike, whatever token it carries', async () => {
      const link = `https://verify.brand.co.example/c/${f.cards.page.token}`;
      const { status, text } = await page(`/verify?q=${encodeURIComponent(link)}`);
      expect(status).toBe(200);
      expect(text).toContain('data-status="look-alike"');
      expect(text).toContain('verify.brand.co.example');
      expect(text).not.toContain('data-status="authentic"');
      expect(await json(`/api/v1/check?q=${encodeURIComponent(link)}`)).toMatchObject({
        status: 200,
        body: { lookAlike: true, host: 'verify.brand.co.example', verdict: null },
      });
    });

    it('names a link with the brand host but another scheme a look-alike (intent:, ftp:)', async () => {
      const fallback = encodeURIComponent('https://evil.example/genuine');
      for (const [link, shown] of [
        [
          `intent://${VERIFY_HOST}/c/${f.cards.page.token}#Intent;scheme=https;S.browser_fallback_url=${fallback};end`,
          `intent://${VERIFY_HOST}`,
        ],
        [`ftp://${VERIFY_HOST}/c/${f.cards.page.token}`, `ftp://${VERIFY_HOST}`],
        [`https://staff@${VERIFY_HOST}/c/${f.cards.page.token}`, VERIFY_HOST],
      ]) {
        expect(await json(`/api/v1/check?q=${encodeURIComponent(link!)}`)).toMatchObject({
          status: 200,
          body: { lookAlike: true, host: shown, verdict: null },
        });
        const { text } = await page(`/verify?q=${encodeURIComponent(link!)}`);
        expect(text).toContain('data-status="look-alike"');
        expect(text).not.toContain('data-status="authentic"');
      }
    });

    it('speaks the language asked for: ?lang= first, then Accept-Language', async () => {
      const path = `/c/${f.cards.page.token}`;
      const as = async (query: string, acceptLanguage: string) => {
        const res = await fetch(`${t.url}${path}${query}`, {
          headers: { 'accept-language': acceptLanguage },
        });
        return { lang: res.headers.get('content-language'), text: await res.text() };
      };
      const cases = [
        ['', 'vi-VN,vi;q=0.9,en;q=0.5', 'vi', 'Mã thật'],
        ['', 'pt-BR, fr;q=0.4, de;q=0.8', 'de', 'Echter Code'],
        ['', 'zh-CN', 'zh-Hans', '真实的码'],
        ['?lang=fr', 'de', 'fr', 'Code authentique'],
        ['', 'ja', 'en', 'Genuine code'],
      ] as const;
      for (const [query, accept, lang, title] of cases) {
        const r = await as(query, accept);
        expect(r.lang, `${query} ${accept}`).toBe(lang);
        expect(r.text).toContain(`<html lang="${lang}">`);
        expect(r.text).toContain(title);
      }
      // The switcher leads to this same page in each language.
      const { text } = await as('', 'en');
      for (const l of ['en', 'fr', 'de', 'vi', 'zh'])
        expect(text).toContain(`href="${path}?lang=${l}"`);
      const home = await fetch(`${t.url}/?lang=de`);
      expect(await home.text()).toContain('Eine Karte prüfen');
      expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    });

    it('limits serial look-ups per client with 429 and Retry-After', async () => {
      const serial = f.cards.revoked.serialText;
      let last: Response | undefined;
      for (let i = 0; i < 40 && last?.status !== 429; i++)
        last = await get(`/api/v1/cards/${serial}`);
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await last!.json()) as any).error.code).toBe('ERR_RATE_LIMITED');
      // Verifying by the QR code is never limited this way.
      expect((await get(`/api/v1/verify/${f.cards.revoked.token}`)).status).toBe(200);
    });

    it('signs a receipt for a verdict, which checks against the published keys', async () => {
      const card = f.cards.authentic;
      const { body } = await json(`/api/v1/verify/${card.token}?receipt=1`);
      expect(body.status).toBe('authentic');
      const keyring = await importKeyring((await json('/.well-known/jwks.json')).body);
      const { claims, key } = await verifyReceipt(body.receipt, keyring, { digits: card.token });
      expect(key.kid).toBe(f.receiptKid);
      expect(claims).toMatchObject({ status: 'authentic', serial: card.serial, warnings: [] });
      expect(targetNow().getTime() - Date.parse(claims.checked_at)).toBeLessThan(60_000);
      await expect(
        verifyReceipt(body.receipt, keyring, { digits: f.cards.page.token }),
      ).rejects.toMatchObject({ code: 'ERR_RECEIPT_INVALID' });
      const [h, p, s] = (body.receipt as string).split('.');
      const tampered = `${h}.${p!.slice(0, -2)}${p!.endsWith('A') ? 'B' : 'A'}${p!.slice(-1)}.${s}`;
      await expect(verifyReceipt(tampered, keyring)).rejects.toMatchObject({
        code: 'ERR_RECEIPT_INVALID',
      });
      // The verdict page links to it.
      expect((await page(`/c/${card.token}`)).text).toContain(
        `/api/v1/verify/${card.token}?receipt=1`,
      );
    });

    it('keeps the admin API behind sign-in, and lets legal read a card with its client reference', async () => {
      const card = f.cards.canary;
      for (const authorization of [undefined, 'Bearer cachet_sk_not-a-real-key', 'Basic x']) {
        const res = await fetch(`${t.url}/api/v1/admin/cards/${card.serial}`, {
          headers: authorization ? { authorization } : {},
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(((await res.json()) as any).error.code).toBe('ERR_UNAUTHENTICATED');
      }
      const res = await fetch(`${t.url}/api/v1/admin/cards/${card.serialText}`, {
        headers: { authorization: `Bearer ${f.legalKey}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.card).toMatchObject({ serial: card.serial, clientRef: f.canary });
      const openapi = await json('/api/v1/openapi.json');
      expect(openapi.body.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.body.paths)).toContain('/api/v1/admin/cards/{serial}/revoke');
    });

    it('mints from the web and answers with the print file; a retry with its key mints nothing', async () => {
      const mint = (format: string, key: string) =>
        fetch(`${t.url}/api/v1/admin/cards?format=${format}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${f.associateKey}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, occasion: 'thank-you' }),
        });
      const res = await mint('pdf', 'order-1');
      expect(res.status, await res.clone().text()).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const serialText = res.headers.get('x-cachet-serial')!;
      const url = res.headers.get('x-cachet-url')!;
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${serialText}.insert.pdf"`,
      );
      const [page] = pdfPages(new Uint8Array(await res.arrayBuffer()));
      expect(await decodeQr(page!)).toEqual([qrText(url)]);
      const digits = /\/c\/(\d+)$/.exec(url)![1]!;
      expect((await json(`/api/v1/verify/${digits}`)).body).toMatchObject({
        status: 'authentic',
        card: { serialText, occasion: 'thank-you' },
      });
      // Minted over the API, it is in the issuance log within seconds, with a proof.
      const vkey = await parseVkey((await (await fetch(`${t.url}/log/vkey`)).text()).trim());
      let proof: Response | undefined;
      for (let i = 0; i < 60 && proof?.status !== 200; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        proof = await fetch(`${t.url}/api/v1/proof/${digits}`);
      }
      expect(proof!.status).toBe(200);
      const proofText = await proof!.text();
      expect(await checkLogProof(digits, proofText, vkey)).toMatchObject({
        index: expect.any(Number),
      });
      // And by an implementation written apart from Cachet's, from the RFC and C2SP texts.
      expect(independentlyProven(proofText, digits, formatVkey(vkey))).toBe(true);

      // The same request again (a lost answer, a double click): the same card, not a second.
      const again = await mint('json', 'order-1');
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ serialText, url, replayed: true });
      // The same key for a different card is a mistake, not a retry.
      const reused = await fetch(`${t.url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${f.associateKey}`,
          'content-type': 'application/json',
          'idempotency-key': 'order-1',
        },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, occasion: 'wedding' }),
      });
      expect(reused.status).toBe(409);
      expect(((await reused.json()) as any).error.message).toContain(serialText);

      const svg = await fetch(`${t.url}/api/v1/admin/cards/${serialText}/print?format=svg`, {
        headers: { authorization: `Bearer ${f.associateKey}` },
      });
      expect(svg.headers.get('content-type')).toBe('image/svg+xml');
      const text = await svg.text();
      expect(text).toMatch(/^<svg[^>]+width="[\d.]+mm"/);
      expect(text).not.toContain('<text');

      const png = await fetch(`${t.url}/api/v1/admin/cards/${serialText}/print?format=png`, {
        headers: { authorization: `Bearer ${f.associateKey}` },
      });
      if (can.printPng) {
        expect(png.headers.get('content-type')).toBe('image/png');
        expect(await decodeQr(new Uint8Array(await png.arrayBuffer()))).toEqual([qrText(url)]);
      } else {
        expect(png.status).toBe(501);
        expect(((await png.json()) as any).error.code).toBe('ERR_NOT_AVAILABLE');
      }
      // A card of another boutique is not this associate's to print.
      const other = await fetch(`${t.url}/api/v1/admin/cards/${f.cards.xss.serial}/print`, {
        headers: { authorization: `Bearer ${f.associateKey}` },
      });
      expect(other.status).toBe(403);
    });

    it('compares a photo with the card as issued: a phone photo is the same card, a pasted code another', async () => {
      // Minted and recorded on the runtime's own clock, within the days a reference may be.
      const minted = await fetch(`${t.url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${f.associateKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, occasion: 'birthday' }),
      });
      expect(minted.status, await minted.clone().text()).toBe(201);
      const card = (await minted.json()) as { serial: string; url: string };
      // The card as printed for the brand's host (a Worker mints for the origin it was asked at).
      const url = card.url.replace(/^https?:\/\/[^/]+/, `https://${VERIFY_HOST}`);
      const written = await renderWrittenCard({ url, words: WORDS, seed: 3 });
      const admin = (method: string, path: string, photo: Uint8Array, key = f.legalKey) =>
        fetch(`${t.url}/api/v1/admin/cards/${card.serial}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
          body: photo as Uint8Array<ArrayBuffer>,
        });
      const recorded = await admin('PUT', '/reference', written, f.associateKey);
      expect(recorded.status, await recorded.clone().text()).toBe(201);

      const same = await phonePhoto(written);
      // The genuine code on another card, written by another hand.
      const copy = await phonePhoto(await renderWrittenCard({ url, words: OTHER_WORDS, seed: 11 }));
      const answers: Record<string, unknown> = {};
      for (const [name, photo] of [
        ['same', same],
        ['copy', copy],
      ] as const) {
        const compared = await admin('POST', '/compare', photo);
        expect(compared.status, await compared.clone().text()).toBe(200);
        const legal = ((await compared.json()) as any).match;
        const checked = await fetch(`${t.url}/api/v1/verify/image`, {
          method: 'POST',
          headers: { 'content-type': 'image/jpeg' },
          body: photo as Uint8Array<ArrayBuffer>,
        });
        expect(checked.status).toBe(200);
        const { codes } = (await checked.json()) as { codes: { verdict: any }[] };
        expect(codes).toHaveLength(1);
        const { verdict } = codes[0]!;
        // The verdict stays about the code; the match says which card the photo shows.
        expect(verdict.status).toBe('authentic');
        expect(verdict.reference).toEqual({ kept: true });
        expect(Object.keys(verdict.match).sort()).toEqual(['compared', 'result', 'score']);
        expect(verdict.match.result).toBe(legal.result);
        // And on the page the start page's photo path answers with.
        const form = new FormData();
        form.set(
          'image',
          new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
          'p.jpg',
        );
        const shown = await fetch(`${t.url}/verify/image?lang=en`, { method: 'POST', body: form });
        expect(shown.status).toBe(200);
        const onPage = /data-match="([a-z-]+)"/g;
        answers[name] = {
          legal: legal.result,
          public: verdict.match.result,
          warned: verdict.warnings.includes('different-card'),
          page: [...(await shown.text()).matchAll(onPage)].map((m) => m[1]),
        };
      }
      expect(answers).toEqual({
        same: { legal: 'same-card', public: 'same-card', warned: false, page: ['same-card'] },
        copy: {
          legal: 'different-card',
          public: 'different-card',
          warned: true,
          page: ['different-card'],
        },
      });
    }, 120_000);

    /** A POST to the claim API, and its answer as status, Cache-Control and body. */
    const claimApi = async (path: string, body: unknown) => {
      const res = await fetch(`${t.url}/api/v1/claim${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        cache: res.headers.get('cache-control'),
        body: JSON.parse(text) as Record<string, any>,
      };
    };

    it('lets the recipient claim her card with her slip, hide her name, and pass the card on', async () => {
      const { card, code } = f.slips.claimed;
      const verdict = async () => (await json(`/api/v1/verify/${card.token}`)).body;
      expect(await verdict()).not.toHaveProperty('claim');

      const made = await claimApi('', { code, handle: 'Camille L.' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.cache).toBe('no-store');
      expect(made.body).toMatchObject({
        holderSecret: expect.any(String),
        serialText: card.serialText,
        hasPhoto: false,
        claim: { status: 'active', handle: 'Camille L.' },
      });
      const claimedAt = Date.parse(made.body.claim.claimedAt);
      expect(Math.abs(claimedAt - targetNow().getTime())).toBeLessThan(120_000);
      expect((await verdict()).claim).toEqual({
        status: 'active',
        claimedAt: made.body.claim.claimedAt,
        handle: 'Camille L.',
      });

      // First claim wins; a typo, and a code no card waits for, are told apart.
      const again = await claimApi('', { code, handle: 'Someone else' });
      expect([again.status, again.body.error?.code, again.cache]).toEqual([
        409,
        'ERR_CLAIM_TAKEN',
        'no-store',
      ]);
      const canonical = code.replaceAll('-', '');
      const typo = formatClaimCode(`${canonical[0] === 'A' ? 'B' : 'A'}${canonical.slice(1)}`);
      const typed = await claimApi('', { code: typo });
      expect([typed.status, typed.body.error?.code]).toEqual([400, 'ERR_CLAIM_CODE']);
      const unknown = await claimApi('', { code: formatClaimCode(generateClaimCode()) });
      expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'ERR_CLAIM_UNKNOWN']);
      expect((await verdict()).claim.handle).toBe('Camille L.');

      // Her holder secret reads and changes the claim; another one does not.
      const holderSecret = made.body.holderSecret as string;
      const held = await claimApi('/holder', { holderSecret });
      expect([held.status, held.cache]).toEqual([200, 'no-store']);
      expect(held.body).toMatchObject({ claim: made.body.claim, serialText: card.serialText });
      const stranger = await claimApi('/holder', {
        holderSecret: formatClaimCode(generateHolderSecret(generateClaimId())),
      });
      expect([stranger.status, stranger.body.error?.code]).toEqual([403, 'ERR_HOLDER_SECRET']);
      const hidden = await claimApi('/change', { holderSecret, handle: null });
      expect([hidden.status, hidden.cache]).toEqual([200, 'no-store']);
      expect(hidden.body.claim).toEqual({ status: 'active', claimedAt: made.body.claim.claimedAt });
      expect((await verdict()).claim).toEqual(hidden.body.claim);

      // Passed on: released with a transfer code, which the next holder claims with.
      const released = await claimApi('/release', { holderSecret });
      expect([released.status, released.cache]).toEqual([200, 'no-store']);
      expect(released.body).toMatchObject({
        transferCode: expect.any(String),
        serialText: card.serialText,
      });
      expect(await verdict()).not.toHaveProperty('claim');
      const oldSlip = await claimApi('', { code });
      expect([404, 409]).toContain(oldSlip.status);
      expect((await claimApi('/holder', { holderSecret })).status).toBe(403);
      const next = await claimApi('', { code: released.body.transferCode, handle: 'Jun' });
      expect(next.status, JSON.stringify(next.body)).toBe(201);
      expect(next.body.holderSecret).not.toBe(holderSecret);
      expect((await verdict()).claim).toEqual({
        status: 'active',
        claimedAt: next.body.claim.claimedAt,
        handle: 'Jun',
      });

      // Each step is in the public log, hashes only, each with a proof that verifies: the log
      // places claims as it places cards (on Workers, the claim's answer wakes its sequencer).
      const vkey = (await (await fetch(`${t.url}/log/vkey`)).text()).trim();
      let logged: Awaited<ReturnType<typeof servedClaimEntries>> = [];
      for (let i = 0; i < 60 && logged.length < 4; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        logged = await servedClaimEntries(t.url, card.token, vkey);
      }
      expect(
        logged.map((e) => [e.event, e.claim, e.shown.handle, e.shown.photo, e.proven]),
      ).toEqual([
        ['claimed', 1, true, false, true],
        ['changed', 1, false, false, true],
        ['released', 1, false, false, true],
        ['claimed', 2, true, false, true],
      ]);
      expect(Buffer.from(logged[0]!.handleHash)).toEqual(
        Buffer.from(await claimHandleHash(parseTokenText(card.token).bytes, 'Camille L.')),
      );
      expect(JSON.stringify(logged)).not.toContain('Camille');
    }, 60_000);

    it('mints a card with a claim slip; its holder shows the photo as issued, then withdraws it', async () => {
      // Minted over the admin API with its slip, on the runtime's own clock.
      const minted = await fetch(`${t.url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.associateKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, claimSlip: true }),
      });
      expect(minted.status, await minted.clone().text()).toBe(201);
      const card = (await minted.json()) as Record<string, string>;
      expect(card.claimUrl).toBe(
        `${new URL(card.url!).origin}/claim?code=${encodeURIComponent(card.claimCode!)}`,
      );
      // The slip's code is nowhere in the card's own code or link.
      expect(card.url).not.toContain(card.claimCode!.replaceAll('-', ''));
      const url = card.url!.replace(/^https?:\/\/[^/]+/, `https://${VERIFY_HOST}`);
      const written = await renderWrittenCard({ url, words: OTHER_WORDS, seed: 5 });
      const recorded = await fetch(`${t.url}/api/v1/admin/cards/${card.serial}/reference`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${f.associateKey}`, 'content-type': 'image/jpeg' },
        body: written as Uint8Array<ArrayBuffer>,
      });
      expect(recorded.status, await recorded.clone().text()).toBe(201);

      const made = await claimApi('', { code: card.claimCode, showPhoto: true });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body.hasPhoto).toBe(true);
      const photo = made.body.claim.photo as string;
      expect(photo).toMatch(/^\/claim-photos\/[\w-]+$/);
      expect(photo).not.toContain(card.serial!);
      const token = /\/c\/(\d+)$/.exec(card.url!)![1]!;
      expect((await json(`/api/v1/verify/${token}`)).body.claim).toEqual(made.body.claim);
      const shown = await get(photo);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('content-type')).toBe('image/jpeg');
      expect(new Uint8Array(await shown.arrayBuffer())).toEqual(new Uint8Array(written));

      // Withdrawn: gone from the verdict, and its address answers 404 that no one may keep.
      const hidden = await claimApi('/change', {
        holderSecret: made.body.holderSecret,
        showPhoto: false,
      });
      expect(hidden.status).toBe(200);
      expect((await json(`/api/v1/verify/${token}`)).body.claim).toEqual({
        status: 'active',
        claimedAt: made.body.claim.claimedAt,
      });
      const withdrawn = await get(photo);
      expect(withdrawn.status).toBe(404);
      expect(withdrawn.headers.get('cache-control')).toBe('no-store');
    }, 60_000);

    it("shows a revoked card's claim as ended", async () => {
      const { card, code } = f.slips.revoked;
      const made = await claimApi('', { code });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const revoked = await fetch(`${t.url}/api/v1/admin/cards/${card.serial}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.legalKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'counterfeit' }),
      });
      expect(revoked.status).toBe(200);
      const { body } = await json(`/api/v1/verify/${card.token}`);
      expect(body.status).toBe('revoked');
      expect(body.claim).toEqual({ status: 'ended', claimedAt: made.body.claim.claimedAt });
    });

    // Last: on Node it stops the server, which must write every pending scan as it closes.
    it('counts every check of a card whose signature held, off the request path', async () => {
      const card = f.cards.authentic;
      const n = 23;
      for (let i = 0; i < n; i++) {
        const path =
          i % 3 === 0
            ? `/api/v1/verify/${card.token}`
            : i % 3 === 1
              ? `/c/${card.token}`
              : `/C/${card.token}`;
        expect((await get(path)).status).toBe(200);
      }
      await get(`/api/v1/verify/${f.tokens.forged}`); // no trusted signature: not a scan of this serial
      await get('/api/v1/verify/123');
      const before = await countScans(f, t, f.cards.revoked.serial);
      // + the first test's check, and the receipt test's two (its API call and its page)
      expect(await countScans(f, t, card.serial)).toBe(n + 3);
      expect(before).toBeGreaterThan(0);
    });
  });
}

/** JPEG, PNG and GIF files whose headers hide or lack their size, and what each must answer. */
async function craftedImages(): Promise<[string, Uint8Array, number, string][]> {
  const small = (format: 'jpeg' | 'png') =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: '#fff' } })
      .toFormat(format)
      .toBuffer();
  const jpeg = await small('jpeg');
  // The frame header (SOF0, FF C0): its height and width are at +5 and +7.
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  const hidden = Buffer.concat([jpeg.subarray(0, sof), Buffer.from([0x00]), jpeg.subarray(sof)]);
  hidden.writeUInt16BE(30_000, sof + 1 + 5);
  hidden.writeUInt16BE(30_000, sof + 1 + 7);
  const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  const noFrame = Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sos)]);
  const png = await small('png');
  const zeroWide = Buffer.from(png);
  zeroWide.writeUInt32BE(0, 16);
  // A 1 × 1 screen whose one frame (the image descriptor, 0x2C) is 20,000 × 20,000, written
  // byte by byte: GIF89a, the screen, no colour table, a comment, the descriptor, LZW, the end.
  const wideFrame = Buffer.concat([
    Buffer.from('GIF89a'),
    Buffer.from([1, 0, 1, 0, 0, 0, 0]),
    Buffer.from([0x21, 0xfe, 5, ...Buffer.from('hello'), 0]),
    Buffer.from([0x2c, 0, 0, 0, 0, 0x20, 0x4e, 0x20, 0x4e, 0]),
    Buffer.from([2, 2, 0x4c, 0x01, 0, 0x3b]),
  ]);
  return [
    [
      'a JPEG with a stray byte before its 30,000² frame header',
      hidden,
      413,
      'ERR_IMAGE_TOO_LARGE',
    ],
    ['a JPEG whose scan comes before any frame header', noFrame, 422, 'ERR_IMAGE_UNREADABLE'],
    ['a PNG 0 pixels wide', zeroWide, 422, 'ERR_IMAGE_UNREADABLE'],
    ['a GIF whose first frame is 20,000²', wideFrame, 413, 'ERR_IMAGE_TOO_LARGE'],
  ];
}
