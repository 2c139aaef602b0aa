// Limits on the public routes that cost the most (images, serial look-ups): per client, and
// on the size of what is sent.
import type { Context, MiddlewareHandler } from 'hono';
import { ExpiringMap, networkOf, toHex } from '../core/index.js';
import type { Mac } from '../services/mac.js';
import { errorResponse } from './on-error.js';
import { readBytes } from './read-body.js';

export interface RateLimit {
  /** Requests allowed per client in each window; 0 turns the limit off. */
  limit: number;
  /** The window, in seconds. */
  windowSeconds: number;
}

/** Most clients remembered at once; past it the oldest window is forgotten first. */
const MAX_CLIENTS = 50_000;

/**
 * A key for this process only: the limiter keys on an HMAC of the address, never the address
 * itself. Made on first use, since Workers forbid random values at start-up.
 */
let salt: Uint8Array | undefined;
const encoder = new TextEncoder();

/**
 * The limiter's key for a client: the HMAC of its network, cut to 12 bytes. Synchronous when the
 * runtime's HMAC is (Node): no promise on the path of every request.
 */
function hashClient(client: string, mac: Mac): string | Promise<string> {
  const digest = mac(
    (salt ??= crypto.getRandomValues(new Uint8Array(32))),
    encoder.encode(networkOf(client)),
  );
  return digest instanceof Uint8Array ? keyOf(digest) : digest.then(keyOf);
}
const keyOf = (digest: Uint8Array) => toHex(digest.subarray(0, 12));

/** One fixed window per client key: it lasts `windowSeconds` from its first request. */
const clientWindows = (windowSeconds: number) =>
  new ExpiringMap<string, { start: number; count: number }>(MAX_CLIENTS, windowSeconds * 1000);

/**
 * A fixed-window limiter held in memory: on Node one process sees every request; on Workers
 * each isolate counts its own share, which bounds a burst but is no global quota.
 * Over the limit: 429 `ERR_RATE_LIMITED` with Retry-After.
 */
export function rateLimit(
  { limit, windowSeconds }: RateLimit,
  clientOf: (c: Context) => string,
  now: () => Date,
  mac: Mac,
): MiddlewareHandler {
  const windows = clientWindows(windowSeconds);
  if (limit === 0) return (_, next) => next(); // turned off
  return async (c, next) => {
    const at = now().getTime();
    // One IPv6 client holds a whole /64: it is one bucket, not 2^64.
    const hashed = hashClient(clientOf(c), mac);
    const key = typeof hashed === 'string' ? hashed : await hashed;
    let window = windows.get(key, at);
    if (!window) {
      window = { start: at, count: 0 };
      windows.set(key, window, at);
    }
    window.count += 1;
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowSeconds * 1000 - at) / 1000));
      return errorResponse(
        c,
        429,
        'ERR_RATE_LIMITED',
        `too many requests: at most ${limit} every ${windowSeconds} s; try again in ${retryAfter} s`,
        { 'retry-after': String(retryAfter) },
      );
    }
    return next();
  };
}

/** A counter of attempts per client network (failureLimit): what routes that share a limit hold. */
export type AttemptCounter = ReturnType<typeof failureLimit>;

/**
 * Counts failures (a refused sign-in) per client network, in fixed windows: past `limit` in a
 * window, `retryAfter` says how many seconds remain. Held in memory like the limiter.
 */
export function failureLimit({ limit, windowSeconds }: RateLimit, now: () => Date, mac: Mac) {
  const windows = clientWindows(windowSeconds);
  return {
    /** Seconds until `client` may try again; 0 when it may now. */
    async retryAfter(client: string): Promise<number> {
      if (limit === 0) return 0; // turned off
      const at = now().getTime();
      const window = windows.get(await hashClient(client, mac), at);
      if (!window || window.count < limit) return 0;
      return Math.max(1, Math.ceil((window.start + windowSeconds * 1000 - at) / 1000));
    },
    async fail(client: string): Promise<void> {
      const at = now().getTime();
      const key = await hashClient(client, mac);
      const window = windows.get(key, at);
      if (window) window.count += 1;
      else windows.set(key, { start: at, count: 1 }, at);
    },
  };
}

/**
 * Refuses a body over `maxSize` bytes with 413, counting what arrives, not what is declared; a
 * body cut short is a 400. The route then reads the bytes kept here.
 */
export function limitBody(
  maxSize: number,
  code: 'ERR_IMAGE_TOO_LARGE' | 'ERR_BODY_TOO_LARGE' = 'ERR_IMAGE_TOO_LARGE',
): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.raw.body) {
      const body = await readBytes(c, { maxBytes: maxSize, tooLarge: code });
      c.req.raw = new Request(c.req.raw, { body });
    }
    await next();
  };
}
