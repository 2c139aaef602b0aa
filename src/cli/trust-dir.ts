// The folder where `cachet trust pull` saves a brand's trust and `cachet verify --offline` reads
// it: its files, where it is, and loading it back, checked again.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CachetError,
  describeAge,
  importKeyring,
  loadTrust,
  type Keyring,
  type LoadedTrust,
} from '../core/index.js';

/** Where pulled trust is kept unless --dir says otherwise: one folder per brand host. */
export const TRUST_ROOT = 'cachet-trust';

/** The files of a trust folder. */
export const TRUST_FILES = {
  bundle: 'trust.jws',
  list: 'revocations.ct1r',
  jwks: 'jwks.json',
  checkpoint: 'checkpoint',
  source: 'source.json',
} as const;

/**
 * The keys of a JWK Set's bytes.
 * @param from How the message names where they came from.
 * @throws CachetError `ERR_KEY_INVALID`.
 */
export function parseJwks(bytes: Uint8Array, from: string): Promise<Keyring> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new CachetError('ERR_KEY_INVALID', `${from} is not a JWK Set (not JSON)`);
  }
  return importKeyring(value);
}

/** The folder for a server's trust: --dir, or cachet-trust/<host> (the port as host_port). */
export function trustDirFor(origin: string): string {
  return join(TRUST_ROOT, new URL(origin).host.replace(':', '_'));
}

/**
 * Loads the trust saved in `dir`, checked again as when it was pulled.
 * @throws CachetError `ERR_NOT_FOUND` when nothing was pulled there, `ERR_TRUST_STALE` or
 *   `ERR_TRUST_INVALID`.
 */
export async function loadTrustDir(dir: string, now: Date): Promise<LoadedTrust> {
  const path = (name: string) => join(dir, name);
  if (!existsSync(path(TRUST_FILES.bundle)) || !existsSync(path(TRUST_FILES.list))) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no trust bundle in ${dir}: run cachet trust pull <server URL> first`,
    );
  }
  const trusted = existsSync(path(TRUST_FILES.jwks))
    ? await parseJwks(readFileSync(path(TRUST_FILES.jwks)), path(TRUST_FILES.jwks))
    : undefined;
  return loadTrust(
    readFileSync(path(TRUST_FILES.bundle), 'utf8'),
    new Uint8Array(readFileSync(path(TRUST_FILES.list))),
    { now, trusted },
  );
}

/**
 * The trust folder for a check: --trust, the one for the card link's host, or the only one
 * pulled so far.
 */
export function pickTrustDir(given: string | undefined, host: string | undefined): string {
  if (given) return given;
  if (host) {
    const dir = join(TRUST_ROOT, host.replace(':', '_'));
    if (existsSync(dir)) return dir;
  }
  const pulled = existsSync(TRUST_ROOT)
    ? readdirSync(TRUST_ROOT, { withFileTypes: true }).filter((e) => e.isDirectory())
    : [];
  if (pulled.length === 1) return join(TRUST_ROOT, pulled[0]!.name);
  throw new CachetError(
    'ERR_NOT_FOUND',
    pulled.length === 0
      ? `no trust pulled yet: run cachet trust pull <server URL> first`
      : `several brands' trust in ${TRUST_ROOT}/: choose one with --trust ${TRUST_ROOT}/<host>`,
  );
}

/** How fresh a device's revocations are, in words. */
export function freshness(trust: Pick<LoadedTrust, 'revocations' | 'bundle'>, now: Date): string {
  const age = now.getTime() / 1000 - trust.revocations.generatedAt;
  const asOf = new Date(trust.revocations.generatedAt * 1000).toISOString();
  return `${asOf} (${describeAge(age)} ago); the bundle expires ${new Date(trust.bundle.exp * 1000).toISOString()}`;
}
