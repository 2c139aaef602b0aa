// The HTTP contract of the public routes, run unchanged against every runtime: any behaviour that
// differs between Node and workerd is a bug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbprint } from '../../src/core/index.js';
import {
  makeContractFixture,
  type ContractFixture,
  type Target,
} from '../helpers/contract-fixture.js';

/** The scans a runtime recorded, read once it has stopped or flushed. */
export type CountScans = (f: ContractFixture, t: Target, serial: string) => Promise<number>;

export function runContract(
  runtime: string,
  start: (f: ContractFixture) => Promise<Target>,
  countScans: CountScans,
): void {
  describe(`public HTTP contract on ${runtime}`, () => {
    let f: ContractFixture;
    let t: Target;
    beforeAll(async () => {
      f = await makeContractFixture();
      t = await start(f);
    }, 120_000);
    afterAll(() => t?.close());

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
      expect(body).toEqual({
        status: 'authentic',
        card: {
          serial: card.serial,
          serialText: card.serialText,
          issued: '2026-11-20',
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
        scans: { count: 0, since: null, countries: 0 },
      });
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
        '2026-11-21',
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
      expect(body.revocation).toEqual({
        revokedAt: '2026-03-04T10:00:00.000Z',
        reason: 'Reported stolen on 3 March',
      });
      const { text } = await page(`/c/${f.cards.revoked.token}`);
      for (const s of ['Revoked card', '2026-03-04', 'Reported stolen on 3 March'])
        expect(text).toContain(s);
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
      expect(body.keys).toHaveLength(1);
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
      expect(await countScans(f, t, card.serial)).toBe(n + 1); // + the check in the first test
      expect(before).toBeGreaterThan(0);
    });
  });
}
