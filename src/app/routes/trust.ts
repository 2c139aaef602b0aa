// What a device needs to check cards with no server: the revocation list, and the trust bundle
// that names it with the keys and the log. Public, cacheable for a minute, and fetchable from a
// page on another origin (a newsroom's own tool).
import { Hono, type Context } from 'hono';
import { CachetError, parseCheckpoint, toBase64 } from '../../core/index.js';
import { trustPage } from '../pages/trust-page.js';
import { page } from '../respond.js';
import { languageHeaders, viewFor } from '../view.js';
import { TrustPublisher } from '../../services/trust.js';
import type { FullDeps } from '../deps.js';

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
    onUnlisted: (count) =>
      console.warn(
        `cachet: ${count} revoked card(s) are missing from the offline revocation list: the registry never kept their tokens, so a check made offline still reads them authentic`,
      ),
  });
  // What the bundle names comes from this server's settings only, never from the request: a
  // Host header must not get the brand's signature on another host.
  const scope = () => {
    const hosts = [...new Set(deps.verifyHosts)];
    if (hosts.length === 0) return null;
    return { iss: deps.origin || `https://${hosts[0]}`, verifyHosts: hosts };
  };
  const current = () => publisher.current(scope());
  app.get('/trust', async (c) => {
    const view = viewFor(c);
    const latest = deps.log ? await deps.log.store.latestCheckpoint() : null;
    const checkpoint =
      latest && parseCheckpoint(latest.note.slice(0, latest.note.indexOf('\n\n') + 1));
    const named = scope();
    return page(
      trustPage(view, {
        // The origin as configured, scheme included; else what the bundle names; else this one.
        origin: named?.iss ?? (deps.origin || new URL(c.req.url).origin),
        verifyHosts: named?.verifyHosts ?? [new URL(c.req.url).host],
        keys: deps.keyring.keys,
        checkpoint: checkpoint && { size: checkpoint.size, root: toBase64(checkpoint.root) },
        keepsLog: deps.log !== null,
      }),
      200,
      { 'cache-control': 'public, max-age=60', ...languageHeaders(view) },
    );
  });
  app.get('/.well-known/cachet/revocations', async (c) => {
    const { list, listSha256 } = await current();
    return served(c, list, 'application/octet-stream', `"${listSha256}"`);
  });
  app.get('/.well-known/cachet/trust.jws', async (c) => {
    const { jws, listSha256, bundle } = await current();
    if (!deps.receiptSigner) {
      throw new CachetError(
        'ERR_NO_RECEIPT_KEY',
        'this server has no statement (receipt) key to sign a trust bundle with',
      );
    }
    if (!jws || !bundle) {
      throw new CachetError(
        'ERR_NOT_AVAILABLE',
        'this server names no verify host (CACHET_VERIFY_HOSTS or CACHET_PUBLIC_URL): it signs no trust bundle',
      );
    }
    return served(c, jws, 'application/jose', `"${listSha256}.${bundle.iat}"`);
  });
  return app;
}
