// The recipient's claim through JSON, for apps: claim a card with its slip (or transfer) code,
// read, change or release the claim with the holder secret; and the reference photo a standing
// claim shows, under a random name that names no serial. Nothing about who asks is kept; no
// answer may be cached but a shown photo's, briefly.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { CachetError } from '../../core/index.js';
import {
  changeClaim,
  claimCard,
  readHeldClaim,
  releaseClaim,
  shownClaimPhoto,
  type ClaimChoice,
  type ClaimPorts,
} from '../../services/claims.js';
import type { FullDeps } from '../deps.js';
import { notFoundPage } from '../pages/home-page.js';
import { errorResponse } from '../on-error.js';
import { failureLimit, rateLimit, type AttemptCounter } from '../rate-limit.js';
import { readJson } from '../read-body.js';
import { json, NO_STORE, page } from '../respond.js';
import { viewFor } from '../view.js';

/** A claim request is a few short fields: a code or secret, a name of at most 40 characters. */
const MAX_CLAIM_BODY = 2048;

/** How long a shown photo may be cached: a withdrawn one is gone from caches within a minute. */
const SHOWN_PHOTO_CACHE = 'public, max-age=60';

/** Every claim answer, refusals and the limiter's included, is marked `no-store`. */
const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('cache-control', 'no-store');
};

const refuse = (field: string, why: string) =>
  new CachetError('ERR_INVALID_ARGUMENT', `${field} ${why}`);

/** The JSON object of a claim request, its fields checked for type. */
async function readRequest(c: Context): Promise<Record<string, unknown>> {
  const body = await readJson(c, { maxBytes: MAX_CLAIM_BODY });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw refuse('the body', 'must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw refuse(field, 'must be a string');
  return value;
}

/** What the holder chooses: `handle` a string or null (none), `showPhoto` a boolean; either absent. */
function choiceOf(body: Record<string, unknown>): ClaimChoice {
  const { handle, showPhoto } = body;
  if (handle !== undefined && handle !== null && typeof handle !== 'string') {
    throw refuse('handle', 'must be a string, or null for none');
  }
  if (showPhoto !== undefined && typeof showPhoto !== 'boolean') {
    throw refuse('showPhoto', 'must be true or false');
  }
  return {
    ...(handle !== undefined && { handle }),
    ...(showPhoto !== undefined && { showPhoto }),
  };
}

export function claimApiRoutes(
  deps: FullDeps,
  attempts: AttemptCounter = failureLimit(deps.rateLimits.claim, deps.now, deps.mac),
) {
  const app = new Hono();
  const ports: ClaimPorts | null =
    deps.claims && deps.admin
      ? { claims: deps.claims, store: deps.store, admin: deps.admin, now: deps.now }
      : null;
  const available = (): ClaimPorts => {
    if (!ports) throw new CachetError('ERR_NOT_AVAILABLE', 'this server keeps no claims');
    return ports;
  };
  // One count per request, shared with the claim pages: past the limit, 429 with Retry-After.
  const limit: MiddlewareHandler = async (c, next) => {
    const client = deps.clientOf(c);
    const wait = await attempts.retryAfter(client);
    if (wait > 0) {
      const { limit: most, windowSeconds } = deps.rateLimits.claim;
      return errorResponse(
        c,
        429,
        'ERR_RATE_LIMITED',
        `too many claim requests: at most ${most} every ${windowSeconds} s; try again in ${wait} s`,
        { 'retry-after': String(wait) },
      );
    }
    await attempts.fail(client);
    return next();
  };
  // `/api/v1/claim/*` matches `/api/v1/claim` itself as well: each request is counted once.
  app.use('/api/v1/claim/*', noStore);
  app.post('/api/v1/claim/*', limit);

  app.post('/api/v1/claim', async (c) => {
    const body = await readRequest(c);
    const made = await claimCard(available(), { code: text(body, 'code'), ...choiceOf(body) });
    return json(made, 201);
  });

  app.post('/api/v1/claim/holder', async (c) => {
    const body = await readRequest(c);
    return json(await readHeldClaim(available(), text(body, 'holderSecret')));
  });

  app.post('/api/v1/claim/change', async (c) => {
    const body = await readRequest(c);
    const request = { holderSecret: text(body, 'holderSecret'), ...choiceOf(body) };
    return json(await changeClaim(available(), request));
  });

  app.post('/api/v1/claim/release', async (c) => {
    const body = await readRequest(c);
    return json(await releaseClaim(available(), { holderSecret: text(body, 'holderSecret') }));
  });

  app.get(
    '/claim-photos/:photoId',
    rateLimit(deps.rateLimits.verify, deps.clientOf, deps.now, deps.mac),
    async (c) => {
      const shown = ports && (await shownClaimPhoto(ports, c.req.param('photoId')));
      if (!shown) return page(notFoundPage(viewFor(c)), 404, NO_STORE);
      return new Response(shown.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          'content-type': shown.type,
          'x-content-type-options': 'nosniff',
          'cache-control': SHOWN_PHOTO_CACHE,
          'content-security-policy': "default-src 'none'; sandbox",
          'referrer-policy': 'no-referrer',
        },
      });
    },
  );
  return app;
}
