// The identity provider's signing keys, kept: a known key verifies at once even while the
// provider is down, and a provider that fails is asked again only after a pause that doubles.
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import { CachetError } from '../../core/index.js';
import { reasonOf } from '../../services/witness-patience.js';

/** How long one fetch of the provider's keys may take, answer included. */
export const PROVIDER_TIMEOUT_MS = 5000;
/** The largest key set read from the provider; a longer answer is a failure. */
export const PROVIDER_BODY_MOST_BYTES = 256 * 1024;
/** Keys older than this are fetched again, in the background: nobody waits for it. */
export const PROVIDER_KEYS_MAX_AGE_MS = 10 * 60_000;
/** After a good fetch, a key id it did not hold does not fetch again before this. */
export const PROVIDER_COOLDOWN_MS = 30_000;
/** The pause after the provider first fails to answer; each failure doubles it, up to the most. */
export const PROVIDER_PAUSE_MS = 1000;
/** The longest pause between two tries of a provider that stays down. */
export const PROVIDER_PAUSE_MOST_MS = 5 * 60_000;

type LocalKeys = ReturnType<typeof createLocalJWKSet>;

interface Outage {
  pause: number;
  next: number;
  tries: number;
  reason: string;
}

interface Flight {
  started: number;
  /** True when the key set came and was kept. */
  done: Promise<boolean>;
}

/** The provider's answer as a key set, or a CachetError-free reason why it is not one. */
async function readKeySet(response: Response): Promise<JSONWebKeySet> {
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`it answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > PROVIDER_BODY_MOST_BYTES) {
    await response.body?.cancel();
    throw new Error(`its key set is larger than ${PROVIDER_BODY_MOST_BYTES / 1024} KiB`);
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const read = await reader?.read();
    if (!read || read.done) break;
    size += read.value.byteLength;
    if (size > PROVIDER_BODY_MOST_BYTES) {
      await reader?.cancel();
      throw new Error(`its key set is larger than ${PROVIDER_BODY_MOST_BYTES / 1024} KiB`);
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('its answer is not JSON');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  const shaped =
    Array.isArray(keys) &&
    keys.every((k) => typeof k === 'object' && k !== null && typeof k.kty === 'string');
  if (!shaped) throw new Error('its answer is not a JSON Web Key Set ({"keys": [...]})');
  return parsed as JSONWebKeySet;
}

/**
 * A key-getter for jose's `jwtVerify` over the provider's JWK Set at `jwksUrl`, that keeps the
 * last good set. A token whose key is known is verified at once, even while the provider is
 * down (stale keys are fetched again in the background). A key not known fetches the set once
 * (one fetch for all who wait, at most {@link PROVIDER_TIMEOUT_MS}, at most
 * {@link PROVIDER_BODY_MOST_BYTES}), and not again within {@link PROVIDER_COOLDOWN_MS} of a good
 * fetch. After a failure the provider is not asked again before a pause that doubles
 * ({@link PROVIDER_PAUSE_MS} up to {@link PROVIDER_PAUSE_MOST_MS}); meanwhile a key not known is
 * refused at once with `ERR_PROVIDER_UNAVAILABLE` (503) saying when to try again. `say` gets one
 * line when the provider's outage begins and one when it ends.
 */
export function createProviderKeySet(
  provider: { issuer: string; jwksUrl: string },
  options: { say?: (line: string) => void; now?: () => number } = {},
): JWTVerifyGetKey {
  const say = options.say ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const where = `the identity provider ${provider.issuer} (keys at ${provider.jwksUrl})`;
  let local: LocalKeys | undefined;
  let fetchedAt = -Infinity;
  let outage: Outage | undefined;
  let flight: Flight | undefined;

  /** Fetches the key set once and keeps it; a failure starts or lengthens the outage. */
  async function fetchKeys(): Promise<boolean> {
    try {
      const response = await fetch(provider.jwksUrl, {
        redirect: 'manual',
        headers: { accept: 'application/json, application/jwk-set+json' },
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      const keySet = await readKeySet(response);
      local = createLocalJWKSet(keySet);
      fetchedAt = now();
    } catch (error) {
      const timedOut = (error as Error | null)?.name === 'TimeoutError';
      const reason = timedOut
        ? `no answer within ${PROVIDER_TIMEOUT_MS / 1000} s`
        : reasonOf(error);
      const pause = outage ? Math.min(outage.pause * 2, PROVIDER_PAUSE_MOST_MS) : PROVIDER_PAUSE_MS;
      if (!outage) {
        say(
          `cachet: ${where} does not answer (${reason}): staff sign in with the keys it gave before, a key it has not given yet is refused until it answers; it is asked again, less often (at most every ${PROVIDER_PAUSE_MOST_MS / 60_000} minutes); said again when it answers`,
        );
      }
      outage = { pause, next: now() + pause, tries: (outage?.tries ?? 0) + 1, reason };
      return false;
    }
    if (outage) {
      say(
        `cachet: ${where} answers again (after ${outage.tries} failed ${outage.tries === 1 ? 'try' : 'tries'})`,
      );
      outage = undefined;
    }
    return true;
  }

  /**
   * The fetch under way, if any. One older than its timeout is let go: on Workers, a fetch
   * started for a request that has ended may never settle.
   */
  function flying(): Flight | undefined {
    if (flight && now() - flight.started > PROVIDER_TIMEOUT_MS + 1000) flight = undefined;
    return flight;
  }

  /** The fetch under way, or a new one. */
  function startFetch(): Flight {
    const current = flying();
    if (current) return current;
    const started: Flight = {
      started: now(),
      done: fetchKeys().finally(() => {
        if (flight === started) flight = undefined;
      }),
    };
    flight = started;
    return started;
  }

  /**
   * Waits for `current`, but never past its timeout (its own timer may belong to another
   * request), and throws `ERR_PROVIDER_UNAVAILABLE` when it brought no key set.
   */
  async function awaitFetch(current: Flight): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const left = current.started + PROVIDER_TIMEOUT_MS + 100 - now();
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(left, 0));
    });
    try {
      const outcome = await Promise.race([current.done, deadline]);
      if (outcome === 'late') throw unavailable(`no answer within ${PROVIDER_TIMEOUT_MS / 1000} s`);
      if (!outcome) throw unavailable(outage?.reason ?? 'no key set', outage?.next);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The 503 of a provider that does not give its keys, saying when it is asked again. */
  function unavailable(reason: string, next = now() + PROVIDER_PAUSE_MS): CachetError {
    const seconds = Math.max(1, Math.ceil((next - now()) / 1000));
    return new CachetError(
      'ERR_PROVIDER_UNAVAILABLE',
      `${where} does not give its keys (${reason}): the token's key is not known yet; try again in ${seconds} s`,
      { retryAfter: seconds },
    );
  }

  /** The provider can be asked now: no outage, or its pause has ended. */
  const mayAsk = () => !outage || now() >= outage.next;

  return async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (local) {
      try {
        const key = await local(header, token);
        if (now() - fetchedAt > PROVIDER_KEYS_MAX_AGE_MS && mayAsk()) startFetch();
        return key;
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        // A good fetch moments ago did not hold this key: asking again would let anyone make
        // Cachet fetch on each request.
        if (now() - fetchedAt < PROVIDER_COOLDOWN_MS && !flying()) throw error;
      }
    }
    if (!flying() && !mayAsk()) throw unavailable(outage!.reason, outage!.next);
    await awaitFetch(startFetch());
    return local!(header, token);
  };
}
