// What a device needs to check cards with no server: the revocation list, and the trust bundle
// that names it with the keys and the log. Public, cacheable for a minute, and fetchable from a
// page on another origin (a newsroom's own tool).
import { Hono, type Context } from 'hono';
import { CachetError } from '../../core/index.js';
import { TrustPublisher } from '../../services/trust.js';
import { originFor, type FullDeps } from '../deps.js';

const CACHE = 'public, max-age=60';

function served(c: Context, body: string | Uint8Array<ArrayBuffer>, type: string, etag: string) {
  const headers = {
    'content-type': type,
    'cache-control': CACHE,
    etag,
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
  };
  const asked = c.req.header('if-none-match');
  if (asked?.split(',').some((tag) => tag.trim() === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { headers });
}

export function trustRoutes(deps: FullDeps) {
  const app = new Hono();
  const publisher = new TrustPublisher({
    store: deps.store,
    keyring: deps.keyring,
    signer: deps.receiptSigner,
    logVkey: deps.log?.vkey ?? null,
    now: deps.now,
  });
  const origin = originFor(deps);
  const current = (c: Context) => {
    const hosts = deps.verifyHosts.length > 0 ? deps.verifyHosts : [new URL(c.req.url).host];
    return publisher.current(origin(c), hosts);
  };
  app.get('/.well-known/cachet/revocations', async (c) => {
    const { list, listSha256 } = await current(c);
    return served(c, list, 'application/octet-stream', `"${listSha256}"`);
  });
  app.get('/.well-known/cachet/trust.jws', async (c) => {
    const { jws, listSha256, bundle } = await current(c);
    if (!jws) {
      throw new CachetError(
        'ERR_NO_RECEIPT_KEY',
        'this server has no statement (receipt) key to sign a trust bundle with',
      );
    }
    return served(c, jws, 'application/jose', `"${listSha256}.${bundle.iat}"`);
  });
  return app;
}
