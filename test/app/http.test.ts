// The HTTP contract on the real Node server: verdict pages and JSON, keys, bad input, escaping, privacy.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  formatToken,
  generateKeyPair,
  importKeyring,
  importSigner,
  parseTokenText,
  randomSerial,
  signCard,
  thumbprint,
} from '../../src/core/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const json = async (path: string) => {
  const res = await s.get(path);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const page = async (path: string) => {
  const res = await s.get(path);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    headers: res.headers,
    text: await res.text(),
  };
};

describe('an authentic card', () => {
  it('answers the JSON the API promises', async () => {
    const card = await s.mint({ date: '2026-11-20', associate: 102, occasion: 'birthday' });
    const { status, body } = await json(`/api/v1/verify/${card.token}`);
    expect(status).toBe(200);
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
      key: { kid: s.signer!.key.kid, status: 'active', development: false },
      revocation: null,
      reason: null,
      warnings: [],
    });
  });

  it('has a page, at /c/ and /C/ alike, that names the boutique, date and associate', async () => {
    const card = await s.mint({ date: '2026-11-21', associate: 101 });
    const lower = await page(`/c/${card.token}`);
    const upper = await page(`/C/${card.token}`);
    expect(lower.status).toBe(200);
    expect(lower.type).toMatch(/^text\/html/);
    expect(upper.text).toBe(lower.text);
    for (const text of [
      'Genuine card',
      'data-status="authentic"',
      'Maison Demo Saint-Honoré',
      'Paris',
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
});

describe('the other verdicts over HTTP', () => {
  it('revoked: the date and reason on the page and in the JSON', async () => {
    const card = await s.mint();
    await s.store.revokeCard(
      card.serial,
      'Reported stolen on 3 March',
      new Date('2026-03-04T10:00:00Z'),
    );
    const { body } = await json(`/api/v1/verify/${card.token}`);
    expect(body.status).toBe('revoked');
    expect(body.revocation).toEqual({
      revokedAt: '2026-03-04T10:00:00.000Z',
      reason: 'Reported stolen on 3 March',
    });
    const { text } = await page(`/c/${card.token}`);
    expect(text).toContain('Revoked card');
    expect(text).toContain('2026-03-04');
    expect(text).toContain('Reported stolen on 3 March');
  });

  it('unregistered, forged and unknown-key', async () => {
    const claims = parseTokenText((await s.mint()).token).claims;
    const unregistered = formatToken(
      await signCard({ ...claims, serial: randomSerial() }, s.signer!.privateKey),
    );

    const forgedBytes = parseTokenText((await s.mint()).token).bytes;
    forgedBytes[forgedBytes.length - 10]! ^= 1; // inside the signature
    const forged = formatToken(forgedBytes);

    const other = await generateKeyPair({ validFrom: '2020-01-01' });
    const otherSigner = await importSigner(
      other.privateJwk,
      await importKeyring({ keys: [other.publicJwk] }),
    );
    const unknown = formatToken(
      await signCard({ ...claims, keyId: otherSigner.key.keyId }, otherSigner.privateKey),
    );

    for (const [token, status, title] of [
      [unregistered, 'unregistered', 'Not in the registry'],
      [forged, 'forged', 'Forged card'],
      [unknown, 'unknown-key', 'Unknown signature'],
    ] as const) {
      const answer = await json(`/api/v1/verify/${token}`);
      expect(answer, status).toMatchObject({ status: 200, body: { status } });
      const html = await page(`/c/${token}`);
      expect(html.status).toBe(200);
      expect(html.text).toContain(title);
    }
    // A forged card's claims are not shown: nothing it says can be trusted.
    expect((await json(`/api/v1/verify/${forged}`)).body.card).toBeNull();
  });
});

describe('bad input', () => {
  const samples = [
    '',
    '0',
    'hello',
    '<script>alert(1)</script>',
    '%00',
    '%zz',
    '..%2F..%2Fetc%2Fpasswd',
    encodeURIComponent('١٢٣'), // Arabic-Indic digits
    '9'.repeat(208),
    '1'.repeat(246),
    '0'.repeat(500),
    `${'1'.repeat(100)}/extra/segments`,
  ];

  it.each(samples)('%j is malformed: HTML 200, JSON 400 with a stable code', async (input) => {
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
    for (let i = 0; i < 150; i++) {
      const input = Array.from(
        { length: next() % 300 },
        () => alphabet[next() % alphabet.length],
      ).join('');
      for (const prefix of ['/c/', '/C/', '/api/v1/verify/']) {
        const res = await fetch(`${s.url}${prefix}${encodeURI(input)}`);
        await res.arrayBuffer();
        expect(res.status, `${prefix}${input}`).toBeLessThan(500);
      }
    }
  });

  it('refuses paths over 1 KB with 414', async () => {
    const long = '1'.repeat(1100);
    expect((await s.get(`/api/v1/verify/${long}`)).status).toBe(414);
    const html = await page(`/c/${long}`);
    expect(html.status).toBe(414);
    expect(html.text).toContain('limited to 1024 characters');
  });

  it('sends a pasted link or code from the start page to its verdict', async () => {
    const card = await s.mint();
    const res = await s.get(
      `/verify?q=${encodeURIComponent(`  ${card.url.replace('/c/', '/C/').toUpperCase()} `)}`,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${card.token}`);
    expect((await page('/verify?q=not+a+code')).text).toContain('data-status="malformed"');
  });
});

describe('escaping and privacy', () => {
  it('escapes every value on the page', async () => {
    await s.store.addBoutique({
      number: 66,
      code: 'XSS',
      name: '"><img src=x onerror=alert(1)>',
      city: '<b>City</b>',
      country: 'FR',
    });
    await s.store.addAssociate({
      number: 666,
      boutique: 66,
      displayName: '<script>alert(1)</script>',
    });
    const card = await s.mint({ boutique: 'XSS', associate: 666 });
    const { text } = await page(`/c/${card.token}`);
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<b>City');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows a client reference in no public answer and no log line', async () => {
    const canary = `CANARY-${randomBytes(8).toString('hex')}`;
    const logged: string[] = [];
    const spies = (['log', 'error', 'warn', 'info'] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    );
    try {
      const card = await s.mint({ clientRef: canary });
      expect(Buffer.from(parseTokenText(card.token).bytes).includes(Buffer.from(canary))).toBe(
        false,
      );
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
        ].map(async (path) => (await s.get(path)).text()),
      );
      await s.store.revokeCard(card.serial, 'lost', new Date());
      answers.push(
        await (await s.get(`/api/v1/verify/${card.token}`)).text(),
        await (await s.get(`/c/${card.token}`)).text(),
      );
      expect(answers.join('\n')).toContain(card.serialText); // the answers are real ones
      for (const answer of [...answers, ...logged]) expect(answer).not.toContain(canary);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public keys, with kid = RFC 7638 thumbprint, and nothing private', async () => {
    const res = await s.get('/.well-known/jwks.json');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      status: 'active',
      validFrom: '2020-01-01',
    });
    expect(keys[0]!.kid).toBe(await thumbprint(keys[0]!.x as string));
    expect(keys[0]).not.toHaveProperty('d');
  });
});
