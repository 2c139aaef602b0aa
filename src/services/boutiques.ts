// Boutiques and their associates: one set of rules for the admin API, the console and the CLI.
import {
  CachetError,
  MAX_ASSOCIATE,
  MAX_BOUTIQUE,
  parseCountryCode,
  type Associate,
  type Boutique,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';

// The numbers a boutique and an associate may have are the token's to set (two and three bytes).
export { MAX_ASSOCIATE, MAX_BOUTIQUE };

/** The fewest characters a boutique code has. */
const MIN_BOUTIQUE_CODE = 2;
/** The most characters a boutique code (what staff type when minting, like PAR-SH) has. */
export const MAX_BOUTIQUE_CODE = 32;
/**
 * The form of a new boutique code, like PAR-SH, as a regular expression's source: letters, digits
 * or dashes. The admin API's schema publishes the same text as its `pattern`.
 */
export const BOUTIQUE_CODE_PATTERN = `^[A-Za-z0-9-]{${MIN_BOUTIQUE_CODE},${MAX_BOUTIQUE_CODE}}$`;
const BOUTIQUE_CODE_FORM = new RegExp(BOUTIQUE_CODE_PATTERN);
/** The longest boutique name or city. */
export const MAX_PLACE_NAME = 200;
/** The longest display name a verdict page shows. */
export const MAX_DISPLAY_NAME = 100;

/**
 * The boutique with this code (any case).
 * @throws CachetError `ERR_NOT_FOUND` (subject `boutique`).
 */
export async function boutiqueByCode(
  store: Pick<Store, 'findBoutiqueByCode'>,
  code: string,
): Promise<Boutique> {
  const found = await store.findBoutiqueByCode(code);
  if (!found) {
    throw new CachetError('ERR_NOT_FOUND', `no boutique has the code "${code}"`, {
      subject: 'boutique',
    });
  }
  return found;
}

/**
 * Checks a new boutique (code shape, an assigned ISO 3166-1 country, number and names) and adds it.
 * @throws CachetError `ERR_FORBIDDEN`, `ERR_INVALID_ARGUMENT` naming the field, or the store's
 *   `ERR_CONFLICT`.
 */
export async function addBoutique(
  store: Pick<Store, 'addBoutique'>,
  actor: Actor,
  input: Boutique,
): Promise<Boutique> {
  ensure(actor, 'boutique.manage');
  if (!BOUTIQUE_CODE_FORM.test(input.code)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a boutique code is ${MIN_BOUTIQUE_CODE} to ${MAX_BOUTIQUE_CODE} letters, digits or dashes, like PAR-SH, not "${input.code}"`,
    );
  }
  if (!Number.isInteger(input.number) || input.number < 0 || input.number > MAX_BOUTIQUE) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `a boutique number is from 0 to ${MAX_BOUTIQUE}`);
  }
  for (const field of ['name', 'city'] as const) {
    if (input[field].trim() === '' || input[field].length > MAX_PLACE_NAME) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `a boutique's ${field} is 1 to ${MAX_PLACE_NAME} characters`,
      );
    }
  }
  const boutique: Boutique = { ...input, country: parseCountryCode(input.country) };
  await store.addBoutique(boutique);
  return boutique;
}

/**
 * Adds an associate to the boutique with the code; a manager only to their own.
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the field, `ERR_NOT_FOUND`, `ERR_FORBIDDEN`
 *   or the store's `ERR_CONFLICT`.
 */
export async function addAssociate(
  store: Pick<Store, 'findBoutiqueByCode' | 'addAssociate'>,
  actor: Actor,
  input: { number: number; boutique: string; displayName: string },
): Promise<{ associate: Associate; boutique: Boutique }> {
  ensure(actor, 'associate.manage');
  if (!Number.isInteger(input.number) || input.number < 0 || input.number > MAX_ASSOCIATE) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `an associate number is from 0 to ${MAX_ASSOCIATE}`,
    );
  }
  const displayName = input.displayName.trim();
  if (displayName === '' || displayName.length > MAX_DISPLAY_NAME) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `an associate's display name is 1 to ${MAX_DISPLAY_NAME} characters`,
    );
  }
  const boutique = await boutiqueByCode(store, input.boutique);
  ensure(actor, 'associate.manage', boutique.number);
  const associate: Associate = { number: input.number, boutique: boutique.number, displayName };
  await store.addAssociate(associate);
  return { associate, boutique };
}

/** The associates of one boutique (by code), or of the actor's own, or all for a brand-wide role. */
export async function listAssociates(
  store: Pick<Store, 'findBoutiqueByCode' | 'listAssociates'>,
  actor: Actor,
  code?: string,
): Promise<Associate[]> {
  ensure(actor, 'associate.manage');
  const boutique = code === undefined ? actor.boutique : (await boutiqueByCode(store, code)).number;
  if (boutique !== null) ensure(actor, 'associate.manage', boutique);
  const all = await store.listAssociates();
  return boutique === null ? all : all.filter((a) => a.boutique === boutique);
}
