// Staff sign-in while the identity provider hangs, refuses connections or answers nonsense: a
// real JWKS server over HTTP, real JWTs, the real server; no wait on a provider known to fail.
import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey as JoseKey,
  type JWK,
} from 'jose';
import { createProviderKeySet } from '../../src/app/admin/provider-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ISSUER = 'https://id.brand.example';
const AUDIENCE = 'cachet-admin';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JWKS endpoint on loopback that answers, hangs, or is closed (connections refused). */
async function startProvider() {
  let answer: { status: number; body: string } = { status: 200, body: '{"keys":[]}' };
  let hangs = false;
  let asked = 0;
  const hanging = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    asked += 1;
    if (hangs) return void hanging.add(res);
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    asked: () => asked,
    publish(keys: JWK[]) {
      answer = { status: 200, body: JSON.stringify({ keys }) };
      hangs = false;
    },
    answerRaw(status: number, body: string) {
      answer = { status, body };
      hangs = false;
    },
    hang() {
      hangs = true;
    },
    /** Stops listening: each connection is refused until `reopen`. */
    async refuse() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
    reopen: () => listen(port),
    async close() {
      if (server.listening) await this.refuse();
    },
  };
}

type Provider = Awaited<ReturnType<typeof startProvider>>;

describe('a failing identity provider', () => {
  const signers: Record<string, JoseKey> = {};
  const published: Record<string, JWK> = {};
  let provider: Provider;

  beforeAll(async () => {
    for (const kid of ['idp-1', 'idp-2', 'idp-3']) {
      const pair = await generateKeyPair('ES256');
      signers[kid] = pair.privateKey;
      published[kid] = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
    }
    provider = await startProvider();
  });
  afterAll(async () => {
    await provider?.close();
  });

  const token = (kid: string) =>
    new SignJWT({ groups: 'legal', name: 'Léa Legal' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('u-42')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signers[kid]!);

  describe('through the server', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(undefined, {
        CACHET_OIDC_ISSUER: ISSUER,
        CACHET_OIDC_AUDIENCE: AUDIENCE,
        CACHET_OIDC_JWKS_URL: provider.url,
        CACHET_OIDC_ROLE_CLAIM: 'groups',
        // Two refused sign-ins from one client and the third is refused unread.
        CACHET_RATE_LIMITS: 'signin=2',
      });
    });
    afterAll(async () => {
      await server?.close();
    });

    const signIn = async (jwt: string) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/admin/me`, {
        headers: { authorization: `Bearer ${jwt}` },
      });
      return {
        status: res.status,
        body: (await res.json()) as any,
        retryAfter: res.headers.get('retry-after'),
        ms: performance.now() - started,
      };
    };

    it('answers 503 naming the provider at once while it hangs, keeps a known key, and takes new keys once it is back', async () => {
      provider.hang();
      const first = await token('idp-1');
      // The first try waits for the provider's timeout, and says it is the provider, not the token.
      const waited = await signIn(first);
      const failedAt = performance.now();
      expect(waited).toMatchObject({
        status: 503,
        body: { error: { code: 'ERR_PROVIDER_UNAVAILABLE' } },
        retryAfter: '1',
      });
      expect(waited.body.error.message).toContain(ISSUER);
      expect(waited.body.error.message).toMatch(/no answer within 5 s.*try again in 1 s/);
      expect(provider.asked()).toBe(1);

      // The next tries are answered at once, without asking the hanging provider again, and a
      // provider that fails does not count against the client (two refusals would lock it out).
      for (let i = 0; i < 2; i += 1) {
        const again = await signIn(first);
        expect(again.status, again.body.error.message).toBe(503);
        expect(again.ms).toBeLessThan(1000);
      }
      expect(provider.asked()).toBe(1);

      // The provider answers again: once its pause is over, a key Cachet never had signs in.
      provider.publish([published['idp-1']!]);
      await sleep(Math.max(0, failedAt + 1050 - performance.now()));
      expect(await signIn(first)).toMatchObject({ status: 200, body: { id: 'oidc:u-42' } });
      expect(provider.asked()).toBe(2);

      // Down again, refusing connections: the key it gave keeps signing in, at once.
      await provider.refuse();
      try {
        const known = await signIn(await token('idp-1'));
        expect(known.status).toBe(200);
        expect(known.ms).toBeLessThan(1000);
      } finally {
        await provider.reopen();
      }
    }, 20_000);
  });

  describe('its key set, kept', () => {
    // The clock is the key set's own (cooldown, pause, age of the keys); the fetches are real.
    let clock = Date.now();
    const lines: string[] = [];
    const getKey = () =>
      createProviderKeySet(
        { issuer: ISSUER, jwksUrl: provider.url },
        { say: (line) => lines.push(line), now: () => clock },
      );
    /** 'ok', or the code it was refused with (and the seconds of its Retry-After). */
    const verify = (keys: ReturnType<typeof getKey>, jwt: string) =>
      jwtVerify(jwt, keys, { issuer: ISSUER, audience: AUDIENCE }).then(
        () => 'ok',
        (error: { code: string; retryAfter?: number; message: string }) =>
          error.retryAfter ? `${error.code} ${error.retryAfter}` : error.code,
      );

    it('fetches once per cooldown for a key it does not know, and after a failure only once the pause ends', async () => {
      const keys = getKey();
      const [one, two, three] = await Promise.all(['idp-1', 'idp-2', 'idp-3'].map(token));
      provider.publish([published['idp-1']!]);
      const before = provider.asked();
      expect(await verify(keys, one!)).toBe('ok');
      expect(provider.asked()).toBe(before + 1);

      // A key id the set does not hold, token after token: one fetch per cooldown, not per token.
      expect(await verify(keys, three!)).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(await verify(keys, three!)).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(provider.asked()).toBe(before + 1);
      clock += 31_000;
      expect(await verify(keys, three!)).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(await verify(keys, three!)).toBe('ERR_JWKS_NO_MATCHING_KEY');
      expect(provider.asked()).toBe(before + 2);

      // The provider refuses connections: a new key is refused with a 503 (its outage said once),
      // the known key still verifies.
      await provider.refuse();
      clock += 31_000;
      expect(await verify(keys, two!)).toBe('ERR_PROVIDER_UNAVAILABLE 1');
      expect(await verify(keys, two!)).toBe('ERR_PROVIDER_UNAVAILABLE 1');
      expect(await verify(keys, one!)).toBe('ok');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/identity provider https:\/\/id\.brand\.example .*ECONNREFUSED/);

      // Keys past their age still verify at once; their refresh fails in the background, and the
      // pause doubles.
      clock += 11 * 60_000;
      expect(await verify(keys, one!)).toBe('ok');
      expect(await verify(keys, two!)).toBe('ERR_PROVIDER_UNAVAILABLE 2');

      // Back, with a new key: not asked before the pause ends, then the new key verifies.
      await provider.reopen();
      provider.publish([published['idp-1']!, published['idp-2']!]);
      const whileDown = provider.asked();
      expect(await verify(keys, two!)).toBe('ERR_PROVIDER_UNAVAILABLE 2');
      expect(provider.asked()).toBe(whileDown);
      clock += 2000;
      expect(await verify(keys, two!)).toBe('ok');
      expect(await verify(keys, one!)).toBe('ok');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/answers again \(after 2 failed tries\)/);
    });

    it('takes only a JSON Web Key Set of a bounded size, answered 200', async () => {
      const keys = getKey();
      const one = await token('idp-1');
      const refusals: [number, string, RegExp][] = [
        [500, '{"keys":[]}', /answered 500/],
        [200, '<html>', /not JSON/],
        [200, '{"keys":{"kty":"EC"}}', /not a JSON Web Key Set/],
        [200, JSON.stringify({ keys: [{ kty: 'oct', k: 'x'.repeat(300_000) }] }), /256 KiB/],
      ];
      for (const [status, body, reason] of refusals) {
        provider.answerRaw(status, body);
        clock += 10 * 60_000;
        const refused = await jwtVerify(one, keys).catch((error: Error) => error);
        expect(refused).toMatchObject({ code: 'ERR_PROVIDER_UNAVAILABLE' });
        expect((refused as Error).message).toMatch(reason);
      }
      provider.publish([published['idp-1']!]);
      clock += 10 * 60_000;
      expect(await verify(keys, one)).toBe('ok');
    });

    it('fetches once for all the tokens that wait on the same new key', async () => {
      const keys = getKey();
      const one = await token('idp-1');
      provider.publish([published['idp-1']!]);
      const before = provider.asked();
      const verdicts = await Promise.all(Array.from({ length: 5 }, () => verify(keys, one)));
      expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(provider.asked()).toBe(before + 1);
    });
  });
});
