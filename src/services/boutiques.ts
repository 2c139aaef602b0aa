// Adding a boutique: one set of rules for the admin API and `cachet boutique add` alike.
import { CachetError, parseCountryCode, type Boutique, type Store } from '../core/index.js';

const CODE = /^[A-Za-z0-9-]{2,32}$/;

/**
 * Checks a new boutique (code shape, an assigned ISO 3166-1 country, number and names) and adds it.
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the field, or the store's `ERR_CONFLICT`.
 */
export async function addBoutique(store: Pick<Store, 'addBoutique'>, input: Boutique) {
  if (!CODE.test(input.code)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a boutique code is 2 to 32 letters, digits or dashes, like PAR-SH, not "${input.code}"`,
    );
  }
  if (!Number.isInteger(input.number) || input.number < 0 || input.number > 0xffff) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a boutique number is from 0 to 65535');
  }
  for (const field of ['name', 'city'] as const) {
    if (input[field].trim() === '' || input[field].length > 200) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `a boutique's ${field} is 1 to 200 characters`);
    }
  }
  const boutique: Boutique = { ...input, country: parseCountryCode(input.country) };
  await store.addBoutique(boutique);
  return boutique;
}
