// The public issuance log (c2sp.org/tlog-tiles) and a card's proof of being in it
// (c2sp.org/tlog-proof), and of its reference photo's hashes. Anyone may read it; nothing in it
// names a card but to its holder.
import { Hono } from 'hono';
import { CachetError, parseTilePath } from '../../core/index.js';
import { proofForReference, proofForToken, servedTile } from '../../services/log.js';
import type { FullDeps } from '../deps.js';
import { publicLimit } from '../rate-limit.js';

const TEXT = 'text/plain; charset=utf-8';
/** The checkpoint moves every few seconds; a tile never changes once served. */
const FRESH = 'public, max-age=2';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function body(text: string | Uint8Array, type: string, cache: string): Response {
  return new Response(typeof text === 'string' ? text : new Uint8Array(text), {
    headers: {
      'content-type': type,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': '*',
    },
  });
}

export function logRoutes(deps: FullDeps) {
  const app = new Hono();
  const log = deps.log;
  const needLog = () => {
    if (!log) throw new CachetError('ERR_NOT_AVAILABLE', 'this server keeps no issuance log');
    return log;
  };
  app.get('/log/checkpoint', async () => {
    const latest = await needLog().store.latestCheckpoint();
    if (!latest) throw new CachetError('ERR_NOT_FOUND', 'the log has signed no checkpoint yet');
    return body(latest.note, TEXT, FRESH);
  });
  app.get('/log/vkey', () => body(`${needLog().vkey}\n`, TEXT, 'public, max-age=3600'));
  app.get('/log/tile/*', async (c) => {
    const ref = parseTilePath(c.req.path.slice('/log/'.length));
    if (!ref) throw new CachetError('ERR_NOT_FOUND', `no log tile at ${c.req.path.slice(0, 80)}`);
    const tile = await servedTile(needLog().store, ref);
    if (!tile) throw new CachetError('ERR_NOT_FOUND', 'the log has no such tile yet');
    return body(tile, 'application/octet-stream', IMMUTABLE);
  });

  const limit = publicLimit(deps, 'verify');
  app.use('/api/v1/proof/*', limit);
  app.get('/api/v1/proof/:token', async (c) => {
    const proof = await proofForToken(needLog().store, c.req.param('token'));
    return body(proof, TEXT, 'no-store');
  });
  // The proof of the card's current reference photo: only its hashes, never the photo.
  app.get('/api/v1/proof/:token/reference', async (c) => {
    const proof = await proofForReference(needLog().store, c.req.param('token'));
    return body(proof, TEXT, 'no-store');
  });
  return app;
}
