// The Workers Rate Limiting bindings of wrangler.toml (`[[ratelimits]]`) as the app's shared
// limiters: one counter per key in each Cloudflare location, which every isolate there shares.
import type { SharedLimitFamily, SharedLimits } from '../app/rate-limit.js';
import type { Env, RateLimitBinding } from './env.js';

/**
 * The binding of each family and the period it counts in: its `simple.period` in wrangler.toml
 * (10 or 60 s), which the binding does not report, and which refusals send as Retry-After.
 * test/edge/rate-limit-binding.test.ts checks that the two agree.
 */
export const RATE_LIMIT_BINDINGS: Record<SharedLimitFamily, { binding: string; period: number }> = {
  verify: { binding: 'RATE_LIMIT_VERIFY', period: 60 },
  image: { binding: 'RATE_LIMIT_IMAGE', period: 60 },
  serial: { binding: 'RATE_LIMIT_SERIAL', period: 60 },
};

/**
 * The shared limiters of the bindings `env` has; a family whose binding is absent is limited in
 * each isolate's memory only. Whatever a binding throws reaches the app, which falls back.
 */
export function bindingLimits(env: Env): SharedLimits {
  const limits: SharedLimits = {};
  for (const [family, { binding, period }] of Object.entries(RATE_LIMIT_BINDINGS)) {
    const limiter = env[binding] as RateLimitBinding | undefined;
    if (limiter === undefined) continue;
    limits[family as SharedLimitFamily] = {
      periodSeconds: period,
      limit: async (key) => (await limiter.limit({ key })).success,
    };
  }
  return limits;
}
