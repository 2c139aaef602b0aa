// Minting: check the request against the registry, commit the row, then sign the token.
import {
  CachetError,
  cardUrl,
  dateToDay,
  dayToDate,
  formatSerial,
  formatToken,
  instantToDay,
  occasionCode,
  OCCASIONS,
  parseTokenText,
  randomSerial,
  serialToHex,
  signCard,
  toHex,
  type CardClaims,
  type MintedByKey,
  type NewCard,
  type SigningKeys,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';
import { boutiqueByCode } from './boutiques.js';

/** What a boutique asks for. */
export interface MintRequest {
  /** Boutique code, like PAR-SH. */
  boutique: string;
  /** Associate number. */
  associate: number;
  /** Issue date YYYY-MM-DD; today (UTC) when absent. */
  date?: string | undefined;
  /** Occasion name from the fixed table; `unspecified` when absent. */
  occasion?: string | undefined;
  /** The brand's opaque CRM reference: stored for legal, never in the token. */
  clientRef?: string | undefined;
  /** A date more than MAX_DAYS_AHEAD days ahead is meant: mint it. */
  allowFutureDate?: boolean | undefined;
}

export interface MintContext {
  store: Store;
  /** The keys this machine may sign with; each card is signed by the one its date allows. */
  signers: SigningKeys;
  /** The verify origin the card URL points to. */
  origin: string;
  now: Date;
}

export interface MintedCard {
  serial: string;
  serialText: string;
  /** The token's decimal text form. */
  token: string;
  url: string;
  issued: string;
  claims: CardClaims;
}

export const MAX_CLIENT_REF = 200;
/**
 * How many days ahead of today a card may be dated without being asked for explicitly: a minted
 * card is permanent (in the registry and the public log), and a year typed wrong is a mistake.
 */
export const MAX_DAYS_AHEAD = 90;

/** Whether a card dated `issued` (a day number) is further ahead of `now` than MAX_DAYS_AHEAD. */
export function isFarAhead(issued: number, now: Date): boolean {
  return issued - instantToDay(now) > MAX_DAYS_AHEAD;
}
/** A collision of 64 random bits is already unlikely once; eight in a row means a broken RNG. */
const SERIAL_ATTEMPTS = 8;

/** The claims of a request, all but the serial, checked against the registry and the key. */
export async function resolveClaims(
  req: Pick<MintRequest, 'boutique' | 'associate' | 'date' | 'occasion' | 'allowFutureDate'>,
  ctx: MintContext,
): Promise<Omit<CardClaims, 'serial'>> {
  const boutique = await boutiqueByCode(ctx.store, req.boutique);
  const associate = await ctx.store.findAssociate(req.associate);
  if (!associate) {
    throw new CachetError('ERR_NOT_FOUND', `no associate has the number ${req.associate}`, {
      subject: 'associate',
    });
  }
  if (associate.boutique !== boutique.number) {
    const home = await ctx.store.findBoutique(associate.boutique);
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `associate ${associate.number} works at ${home?.code ?? `boutique ${associate.boutique}`}, not at ${boutique.code}`,
    );
  }
  const issued = req.date === undefined ? instantToDay(ctx.now) : dateToDay(req.date);
  if (isFarAhead(issued, ctx.now) && !req.allowFutureDate) {
    throw new CachetError(
      'ERR_DATE_FAR_AHEAD',
      `${dayToDate(issued)} is ${issued - instantToDay(ctx.now)} days ahead, more than ${MAX_DAYS_AHEAD}: a minted card is permanent, so a date that far must be asked for explicitly`,
    );
  }
  const occasion = occasionCode(
    (req.occasion ?? 'unspecified')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-'),
  );
  if (occasion === undefined) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `occasion "${req.occasion}" is not one of: ${OCCASIONS.join(', ')}`,
    );
  }
  return {
    keyId: ctx.signers.forDay(issued).key.keyId,
    issued,
    boutique: boutique.number,
    associate: associate.number,
    occasion,
  };
}

/**
 * Mints one card for `actor`: associates and managers only at their own boutique.
 * @throws CachetError `ERR_FORBIDDEN`, `ERR_NO_SIGNING_KEY` when this machine only verifies, or
 *   what `mintCard` throws.
 */
export async function mintCardAs(
  actor: Actor,
  req: MintRequest,
  ctx: MintContext,
  options: { key?: string | undefined } = {},
): Promise<MintedCard & { replayed: boolean }> {
  ensure(actor, 'card.mint');
  const boutique = await boutiqueByCode(ctx.store, req.boutique);
  ensure(actor, 'card.mint', boutique.number);
  if (ctx.signers.size === 0) {
    throw new CachetError('ERR_NO_SIGNING_KEY', 'no signing key here: this machine only verifies');
  }
  return mintCard(req, ctx, options);
}

/**
 * Mints one card. The token is returned only once its registry row is committed, so no token
 * can ever be handed out for a card the registry does not hold.
 * @throws CachetError for an unknown boutique or associate, a bad date or occasion, a date more
 * than 90 days ahead not asked for (`ERR_DATE_FAR_AHEAD`), a key that may not sign for the date,
 * or a client reference over 200 characters.
 */
export async function mintCard(
  req: MintRequest,
  ctx: MintContext,
  options: { key?: string | undefined } = {},
): Promise<MintedCard & { replayed: boolean }> {
  checkClientRef(req.clientRef);
  const { key } = options;
  const partial = await resolveClaims(req, ctx);
  /** The card minted earlier under the key, if it was minted for this same request. */
  const replay = async () => {
    const earlier = key ? await findMintedCard(ctx.store, key, ctx.origin) : undefined;
    if (!earlier) return undefined;
    const { claims } = earlier;
    const same =
      claims.boutique === partial.boutique &&
      claims.associate === partial.associate &&
      claims.occasion === partial.occasion &&
      (req.date === undefined || claims.issued === partial.issued);
    if (!same) {
      throw new CachetError(
        'ERR_CONFLICT',
        `this idempotency key already minted card ${earlier.serialText} for another boutique, associate, occasion or date`,
      );
    }
    return { ...earlier, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  for (let attempt = 0; attempt < SERIAL_ATTEMPTS; attempt++) {
    // Signed before the row is written, and handed out only once the row (token included, for
    // evidence) is committed.
    const signed = await signClaims(partial, ctx);
    if (await ctx.store.insertCard(newCardRow(signed, req.clientRef, ctx, key))) {
      return { ...describeMinted(signed.claims, signed.tokenBytes, ctx.origin), replayed: false };
    }
    // The key was taken meanwhile (the same request twice at once): the first one's card.
    const raced = await replay();
    if (raced) return raced;
  }
  throw new CachetError('ERR_INTERNAL', `no free serial after ${SERIAL_ATTEMPTS} random draws`);
}

/** @throws CachetError for a client reference over 200 characters. */
export function checkClientRef(clientRef: string | undefined): void {
  if (clientRef !== undefined && clientRef.length > MAX_CLIENT_REF) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a client reference has at most ${MAX_CLIENT_REF} characters`,
    );
  }
}

export interface SignedCard {
  claims: CardClaims;
  tokenBytes: Uint8Array;
  /** The signing key's kid. */
  kid: string;
}

/** Draws a random serial and signs the claims with the key their date allows. */
export async function signClaims(
  partial: Omit<CardClaims, 'serial'>,
  ctx: Pick<MintContext, 'signers'>,
): Promise<SignedCard> {
  const signer = ctx.signers.forDay(partial.issued);
  const claims: CardClaims = { ...partial, serial: randomSerial() };
  return { claims, tokenBytes: await signCard(claims, signer.privateKey), kid: signer.key.kid };
}

/** The registry row of a signed card. */
export function newCardRow(
  { claims, tokenBytes, kid }: SignedCard,
  clientRef: string | undefined,
  ctx: Pick<MintContext, 'now'>,
  mintKey?: string,
): NewCard {
  return {
    serial: serialToHex(claims.serial),
    kid,
    issued: claims.issued,
    boutique: claims.boutique,
    associate: claims.associate,
    occasion: claims.occasion,
    addressee: claims.addressee ? toHex(claims.addressee) : null,
    clientRef: clientRef ?? null,
    mintedAt: ctx.now.toISOString(),
    token: formatToken(tokenBytes),
    mintKey: mintKey ?? null,
  };
}

/** The card minted earlier under `key`, described from its kept token. */
export async function findMintedCard(
  store: Store,
  key: string,
  origin: string,
): Promise<MintedCard | undefined> {
  const found = (await store.findMinted([key])).get(key);
  return found ? describeStored(found, origin) : undefined;
}

/**
 * A registry card described from its kept token.
 * @throws CachetError `ERR_NOT_FOUND` for a row minted before tokens were kept.
 */
export function describeStored(found: MintedByKey, origin: string): MintedCard {
  if (!found.token) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `card ${found.serial} was minted before the registry kept tokens: its files cannot be made again`,
    );
  }
  const token = parseTokenText(found.token);
  return describeMinted(token.claims, token.bytes, origin);
}

/** The public description of a signed card. */
export function describeMinted(
  claims: CardClaims,
  tokenBytes: Uint8Array,
  origin: string,
): MintedCard {
  const token = formatToken(tokenBytes);
  return {
    serial: serialToHex(claims.serial),
    serialText: formatSerial(claims.serial),
    token,
    url: cardUrl(origin, token),
    issued: dayToDate(claims.issued),
    claims,
  };
}
