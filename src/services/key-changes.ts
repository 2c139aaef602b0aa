// Changes to the signing keys, each counted against the registry before it is made: a rotation
// never turns a card its key legitimately signed forged unless forced, and a compromise says how
// many cards it reaches. Used by `cachet key`; the keys stay plain data (public JWKs).
import {
  CachetError,
  dateToDay,
  dayToDate,
  importKeyring,
  keyChangeImpact,
  type AdminStore,
  type KeyChangeImpact,
  type PublicKeyJwk,
} from '../core/index.js';

const purposeOf = (k: PublicKeyJwk) => k.purpose ?? 'card';

/**
 * A key retired on `today`: it signs nothing new. Its window closes today, or where it already
 * closed; a key whose window has not opened yet keeps it as it is (never a `validTo` before its
 * `validFrom`).
 */
export function retireKey(key: PublicKeyJwk, today: string): PublicKeyJwk {
  if (dateToDay(key.validFrom) > dateToDay(today)) return { ...key, status: 'retired' };
  const validTo = key.validTo !== undefined && key.validTo < today ? key.validTo : today;
  return { ...key, status: 'retired', validTo };
}

/** The keys after a rotation: `fresh` added, every other active key of its purpose retired. */
export function rotateKeys(keys: PublicKeyJwk[], fresh: PublicKeyJwk, today: string) {
  const purpose = purposeOf(fresh);
  const retired: string[] = [];
  const next = keys.map((k) => {
    if (k.status !== 'active' || purposeOf(k) !== purpose) return k;
    retired.push(k.kid);
    return retireKey(k, today);
  });
  return { keys: [...next, fresh], retired };
}

/**
 * The keys after marking `kid` compromised from `since`.
 * @throws CachetError `ERR_KEY_NOT_FOUND` when no key has that kid.
 */
export function compromiseKeys(keys: PublicKeyJwk[], kid: string, since: string): PublicKeyJwk[] {
  dateToDay(since);
  if (!keys.some((k) => k.kid === kid)) {
    throw new CachetError('ERR_KEY_NOT_FOUND', `no key has the kid ${kid}`);
  }
  return keys.map((k) =>
    k.kid === kid ? { ...k, status: 'compromised', compromisedSince: since } : k,
  );
}

/** What replacing `before` by `after` does to the verdicts of the registered cards. */
export async function impactOf(
  before: PublicKeyJwk[],
  after: PublicKeyJwk[],
  admin: Pick<AdminStore, 'countCardsByKeyAndDay'> | null,
): Promise<KeyChangeImpact> {
  const counts = admin ? await admin.countCardsByKeyAndDay() : [];
  return keyChangeImpact(
    await importKeyring({ keys: before }),
    await importKeyring({ keys: after }),
    counts,
  );
}

/**
 * Refuses a change that is not a compromise and would turn registered cards forged.
 * @throws CachetError `ERR_CONFLICT` naming the count and the latest card date.
 */
export function refuseForging(impact: KeyChangeImpact, what: string): void {
  if (impact.forged === 0) return;
  const cards = impact.forged === 1 ? '1 registered card' : `${impact.forged} registered cards`;
  throw new CachetError(
    'ERR_CONFLICT',
    `${what} would turn ${cards} forged: ${impact.forged === 1 ? 'it is' : 'they are'} dated after the day the key would stop signing (the latest ${dayToDate(impact.lastForgedDay!)}). Nothing was changed`,
  );
}
