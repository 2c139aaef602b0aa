// The settings both runtimes read from their environment (process.env on Node, vars and
// secrets on Workers): thresholds, rate limits and the identity provider.
import { CachetError, type FlagThresholds } from '../core/index.js';
import type { OidcConfig } from './admin/auth.js';
import { DEFAULT_FLAG_THRESHOLDS, DEFAULT_RATE_LIMITS, type FullDeps } from './deps.js';

type Env = Record<string, string | undefined>;

function whole(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${name} must be a whole number, not "${text}"`);
  }
  return Number(text);
}

/**
 * `CACHET_RATE_LIMITS`: per-client requests a minute, like `verify=600,serial=30,image=20,admin=600`
 * (any subset; 0 turns one off).
 */
function rateLimitsFrom(env: Env): FullDeps['rateLimits'] {
  const limits = structuredClone(DEFAULT_RATE_LIMITS);
  for (const part of (env.CACHET_RATE_LIMITS ?? '').split(',').filter((p) => p.trim())) {
    const match = /^\s*(verify|serial|image|admin)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `CACHET_RATE_LIMITS: "${part}" is not like verify=600 (verify, serial, image, admin)`,
      );
    }
    limits[match[1] as keyof typeof limits] = { limit: Number(match[2]), windowSeconds: 60 };
  }
  return limits;
}

/** The identity provider, when CACHET_OIDC_ISSUER is set (audience and JWKS URL then required). */
function oidcFrom(env: Env): OidcConfig | null {
  const issuer = env.CACHET_OIDC_ISSUER;
  if (!issuer) return null;
  const audience = env.CACHET_OIDC_AUDIENCE;
  const jwksUrl = env.CACHET_OIDC_JWKS_URL;
  if (!audience || !jwksUrl) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'CACHET_OIDC_ISSUER needs CACHET_OIDC_AUDIENCE and CACHET_OIDC_JWKS_URL as well',
    );
  }
  return {
    issuer,
    audience,
    jwksUrl,
    ...(env.CACHET_OIDC_ROLE_CLAIM && { roleClaim: env.CACHET_OIDC_ROLE_CLAIM }),
    ...(env.CACHET_OIDC_BOUTIQUE_CLAIM && { boutiqueClaim: env.CACHET_OIDC_BOUTIQUE_CLAIM }),
  };
}

export interface SharedSettings {
  widelyScanned: FlagThresholds;
  rateLimits: FullDeps['rateLimits'];
  oidc: OidcConfig | null;
}

/** Reads the shared settings, with defaults that need no setup. */
export function readSharedSettings(env: Env): SharedSettings {
  return {
    widelyScanned: {
      scannersPerDay: whole(
        env,
        'CACHET_FLAG_SCANNERS_PER_DAY',
        DEFAULT_FLAG_THRESHOLDS.scannersPerDay,
      ),
      countries: whole(env, 'CACHET_FLAG_COUNTRIES', DEFAULT_FLAG_THRESHOLDS.countries),
    },
    rateLimits: rateLimitsFrom(env),
    oidc: oidcFrom(env),
  };
}
