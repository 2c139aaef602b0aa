// A brand's identity provider for tests: its JWKS served over real HTTP, and tokens it signs.
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from 'jose';

export const OIDC_ISSUER = 'https://id.brand.example';
export const OIDC_AUDIENCE = 'cachet-admin';

export interface TestIdp {
  jwksUrl: string;
  /** The CACHET_OIDC_* settings that trust this provider, roles in "groups". */
  settings: Record<string, string>;
  /**
   * A token with `claims` (they override `iss`, `aud`, `sub`, `iat` and `exp`; an undefined one
   * is left out). By default: subject u-42, issued now, expiring in 5 minutes.
   */
  sign(claims: Record<string, unknown>): Promise<string>;
  close(): void;
}

/** Starts a provider on a free loopback port. */
export async function startTestIdp(): Promise<TestIdp> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    res.writeHead(req.url === '/jwks' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks`;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    jwksUrl,
    settings: {
      CACHET_OIDC_ISSUER: OIDC_ISSUER,
      CACHET_OIDC_AUDIENCE: OIDC_AUDIENCE,
      CACHET_OIDC_JWKS_URL: jwksUrl,
      CACHET_OIDC_ROLE_CLAIM: 'groups',
    },
    sign: (claims) => {
      const all = {
        iss: OIDC_ISSUER,
        aud: OIDC_AUDIENCE,
        sub: 'u-42',
        iat: now(),
        exp: now() + 300,
        ...claims,
      };
      const present = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
      return new SignJWT(present)
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .sign(privateKey as JoseKey);
    },
    close: () => server.close(),
  };
}
