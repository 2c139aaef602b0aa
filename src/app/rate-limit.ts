// Limits on the public routes that cost the most (images, serial look-ups): per client, and
// on the size of what is sent; where the runtime has one, a limit every isolate counts together
// goes first.
import type { Context, MiddlewareHandler } from 'hono';
import { ExpiringMap, networkOf, toHex } from '../core/index.js';
import type { Mac } from '../services/mac.js';
import type { DayKeySource } from '../services/scanner-hash.js';
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
      return tooMany(c, `at most ${limit} every ${windowSeconds} s`, retryAfter);
    }
    return next();
  };
}

/** The 429 of every limiter: `ERR_RATE_LIMITED`, as JSON or a page, with Retry-After. */
const tooMany = (c: Context, rule: string, retryAfter: number) =>
  errorResponse(
    c,
    429,
    'ERR_RATE_LIMITED',
    `too many requests: ${rule}; try again in ${retryAfter} s`,
    { 'retry-after': String(retryAfter) },
  );

/** The limit families a runtime may count across isolates: the public routes' own. */
export type SharedLimitFamily = 'verify' | 'image' | 'serial';

/** One limit counted by every isolate together (on Workers, a Rate Limiting binding). */
export interface SharedLimiter {
  /** The window it counts in, in seconds: the Retry-After of its refusals. */
  periodSeconds: number;
  /**
   * Counts one request of `key`: true while the key is within its limit.
   * @throws whatever the runtime throws when it cannot count (the caller falls back).
   */
  limit(key: string): Promise<boolean>;
}

/** The shared limiters a runtime has, by family; a family without one is limited in memory only. */
export type SharedLimits = Partial<Record<SharedLimitFamily, SharedLimiter>>;

/** What `publicLimit` reads of the app's parts. */
export interface PublicLimitDeps {
  rateLimits: Record<SharedLimitFamily, RateLimit>;
  sharedLimits: SharedLimits | null;
  scannerKeys: DayKeySource;
  clientOf: (c: Context) => string;
  now: () => Date;
  mac: Mac;
  logError: (error: unknown) => void;
}

/** The shared limits whose failure was already logged: once per isolate is enough. */
const failedShared = new WeakSet<SharedLimits>();

/**
 * The key of a client's network in a shared limiter: HMAC-SHA256 under the registry's scanner key
 * of the day (the key of the distinct-scanner hash and the citation quota, deleted when its day
 * ends), cut to 16 bytes. Every isolate reads the same key from the registry, so one network is
 * one counter wherever its requests land; this module's per-isolate salt would give each isolate
 * its own key for the same network and split the count again. No address leaves the isolate,
 * and none can be recovered once the day's key is gone. The family is in the input, so limits
 * that share a namespace never count each other's requests.
 */
function sharedKeys(keyOf: DayKeySource, mac: Mac) {
  let day = '';
  let key: Promise<Uint8Array> | undefined;
  return async (at: Date, family: SharedLimitFamily, client: string): Promise<string> => {
    const today = at.toISOString().slice(0, 10);
    if (today !== day || !key) {
      day = today;
      const read = (key = keyOf(today));
      // A failed read is not kept: the next request asks again.
      read.catch(() => {
        if (key === read) key = undefined;
      });
    }
    const input = encoder.encode(`rate-limit\u0000${family}\u0000${networkOf(client)}`);
    return toHex((await mac(await key, input)).subarray(0, 16));
  };
}

/** One key reader per registry key source: the day's key is read once, for every route. */
const sharedKeysOf = new WeakMap<DayKeySource, ReturnType<typeof sharedKeys>>();

/**
 * The limiter of a public route family. Where the runtime counts across isolates
 * (`sharedLimits`), that count goes first, per client network (an IPv6 /64 is one); the
 * in-memory window of `rateLimit` stays as the second line, and the only one on Node, where one
 * process sees every request. A shared limiter that fails is said once in the log and skipped:
 * the public is never refused because a counter is down. A family limit of 0 turns both off.
 */
export function publicLimit(deps: PublicLimitDeps, family: SharedLimitFamily): MiddlewareHandler {
  const local = rateLimit(deps.rateLimits[family], deps.clientOf, deps.now, deps.mac);
  const sharedLimits = deps.sharedLimits;
  const shared = sharedLimits?.[family];
  if (!sharedLimits || !shared || deps.rateLimits[family].limit === 0) return local;
  let keyFor = sharedKeysOf.get(deps.scannerKeys);
  if (!keyFor)
    sharedKeysOf.set(deps.scannerKeys, (keyFor = sharedKeys(deps.scannerKeys, deps.mac)));
  return async (c, next) => {
    let within = true;
    try {
      within = await shared.limit(await keyFor(deps.now(), family, deps.clientOf(c)));
    } catch (error) {
      if (!failedShared.has(sharedLimits)) {
        failedShared.add(sharedLimits);
        deps.logError(
          new Error(
            `cachet: the shared rate limit (${family}) failed: what it cannot count is limited in this isolate's memory only (said once)`,
            { cause: error },
          ),
        );
      }
    }
    if (!within) {
      return tooMany(c, 'this network has used its share for now', shared.periodSeconds);
    }
    return local(c, next);
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
