// Staff who sign in through the brand's identity provider: a real JWKS over HTTP, real JWTs.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from 'jose';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ISSUER = 'https://id.brand.example';
const AUDIENCE = 'cachet-admin';

describe('OIDC sign-in', () => {
  let idp: Server;
  let server: TestServer;
  let key: JoseKey;
  let stranger: JoseKey;
  let jwksUrl: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    ({ privateKey: stranger } = await generateKeyPair('ES256'));
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    idp = createServer((req, res) => {
      res.writeHead(req.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const port = (idp.address() as { port: number }).port;
    jwksUrl = `http://127.0.0.1:${port}/jwks`;
    server = await startTestServer(undefined, {
      CACHET_OIDC_ISSUER: ISSUER,
      CACHET_OIDC_AUDIENCE: AUDIENCE,
      CACHET_OIDC_JWKS_URL: jwksUrl,
      CACHET_OIDC_ROLE_CLAIM: 'groups',
    });
  });
  afterAll(async () => {
    await server?.close();
    idp?.close();
  });

  const token = (
    claims: Record<string, unknown>,
    options: { signer?: JoseKey; audience?: string; expires?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject('u-42')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.signer ?? key);
  const get = async (jwt: string, path: string) => {
    const res = await fetch(`${server.url}/api/v1/admin${path}`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('takes the role from the configured claim and holds a manager to their boutique', async () => {
    const legal = await token({ groups: ['staff', 'legal'], name: 'Léa Legal' });
    expect(await get(legal, '/me')).toMatchObject({
      status: 200,
      body: { id: 'oidc:u-42', name: 'Léa Legal', role: 'legal', via: 'oidc' },
    });
    expect((await get(legal, '/flagged')).status).toBe(200);

    const manager = await token({ groups: 'manager', cachet_boutique: 'PAR-SH' });
    const own = await server.mint();
    const other = await server.mint({ boutique: 'TYO-GZ', associate: 201 });
    expect((await get(manager, `/cards/${own.serial}`)).status).toBe(200);
    expect((await get(manager, `/cards/${other.serial}`)).status).toBe(403);
  });

  it('refuses a wrong audience, an expired token, a stranger key, and a token without one role', async () => {
    const refusals = [
      [await token({ groups: 'legal' }, { audience: 'another-app' }), 401, /aud/],
      [await token({ groups: 'legal' }, { expires: '-1m' }), 401, /exp/],
      [await token({ groups: 'legal' }, { signer: stranger }), 401, /signature|key/i],
      [await token({ groups: ['staff'] }), 403, /no Cachet role in "groups"/],
      [await token({ groups: ['legal', 'admin'] }), 403, /several Cachet roles/],
      [await token({ groups: 'manager' }), 403, /needs a known boutique code/],
    ] as const;
    for (const [jwt, status, message] of refusals) {
      const { status: got, body } = await get(jwt, '/me');
      expect(got, body.error.message).toBe(status);
      expect(body.error.message).toMatch(message);
    }
  });

  it('refuses a token without an expiry or a subject, and one signed with an algorithm not listed', async () => {
    const bare = (claims: Record<string, unknown>, set: (j: SignJWT) => SignJWT) =>
      set(
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt(),
      ).sign(key);
    const noExpiry = await bare({ groups: 'legal' }, (j) => j.setSubject('u-42'));
    const noSubject = await bare({ groups: 'legal' }, (j) => j.setExpirationTime('5m'));
    for (const [jwt, claim] of [
      [noExpiry, 'exp'],
      [noSubject, 'sub'],
    ] as const) {
      const { status, body } = await get(jwt, '/me');
      expect(status).toBe(401);
      expect(body.error.message).toContain(`"${claim}"`);
    }
    // The same provider, and a server that takes RS256 only: the ES256 token is refused.
    const strict = await startTestServer(undefined, {
      CACHET_OIDC_ISSUER: ISSUER,
      CACHET_OIDC_AUDIENCE: AUDIENCE,
      CACHET_OIDC_JWKS_URL: jwksUrl,
      CACHET_OIDC_ROLE_CLAIM: 'groups',
      CACHET_OIDC_ALGS: 'RS256',
    });
    try {
      const res = await fetch(`${strict.url}/api/v1/admin/me`, {
        headers: { authorization: `Bearer ${await token({ groups: 'legal' })}` },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.message).toMatch(/alg/);
    } finally {
      await strict.close();
    }
  });
});
