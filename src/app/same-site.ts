// Forms the public sends (a check, a citation, a report) are taken from this site's own pages
// only: another site's page could otherwise post them from its visitors' browsers, spending their
// network's daily citations or making each visitor one more "network" for reports and citations.
import type { MiddlewareHandler } from 'hono';
import { CachetError } from '../core/index.js';
import type { FullDeps } from './deps.js';

/**
 * Refuses (403 `ERR_FORBIDDEN`) a request a browser says another site's page made: `Sec-Fetch-Site:
 * cross-site`, or an `Origin` naming a host that is neither the one the request was sent to, the
 * configured origin's, nor a verify host (a proxy may hand the server a Host of its own).
 * `Origin: null`, which a page with no referrer sends for its own forms, is left to
 * Sec-Fetch-Site. A client that is not a browser sends neither and is held to the rate limits.
 */
export function sameSiteOnly(deps: Pick<FullDeps, 'origin' | 'verifyHosts'>): MiddlewareHandler {
  const own = new Set([...(deps.verifyHosts ?? []), ...(deps.origin ? [hostOf(deps.origin)] : [])]);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const foreign =
      origin !== undefined &&
      origin !== 'null' &&
      hostOf(origin) !== new URL(c.req.url).host &&
      !own.has(hostOf(origin));
    if (c.req.header('sec-fetch-site') === 'cross-site' || foreign) {
      throw new CachetError('ERR_FORBIDDEN', 'this form is taken from this site’s own pages only');
    }
    await next();
  };
}

/** The host of an Origin header, lower case; '' for anything that is not an origin. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}
