// Minting: check the request against the registry, commit the row, then sign the token.
import {
  CachetError,
  cardUrl,
  dateToDay,
  dayToDate,
  formatClaimCode,
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
  type ClaimStore,
  type MintedByKey,
  type NewCard,
  type SigningKeys,
  type Store,
} from '../core/index.js';
import { ensure, type Actor } from './access.js';
import { boutiqueByCode } from './boutiques.js';
import { newClaimCode } from './claims.js';

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
  /** Mint the card with a claim slip: a claim code for the envelope, handed back this once. */
  claimSlip?: boolean | undefined;
}

export interface MintContext {
  store: Store;
  /** The keys this machine may sign with; each card is signed by the one its date allows. */
  signers: SigningKeys;
  /** The verify origin the card URL points to. */
  origin: string;
  now: Date;
  /** Where serials come from: 8 random bytes each (randomSerial) unless a test says otherwise. */
  serials?: (() => Uint8Array) | undefined;
  /** The registry's claims, for claim slips; without it a card cannot have a slip. */
  claims?: Pick<ClaimStore, 'claimSalt'> | null | undefined;
}

export interface MintedCard {
  serial: string;
  serialText: string;
  /** The token's decimal text form. */
  token: string;
  url: string;
  issued: string;
  claims: CardClaims;
  /**
   * The claim code of the card's slip, formatted in groups of four: only in the answer that
   * minted the card with a slip. The registry keeps its salted hash alone, so it is never given
   * again (not to a retry, nor to a batch run again).
   */
  claimCode?: string;
  /** Where the slip's QR code leads: `<origin>/claim?code=<claimCode>`. */
  claimUrl?: string;
}

/** The claim page's URL for a claim code (canonical or formatted): what the slip's QR code holds. */
export function claimUrlOf(origin: string, code: string): string {
  return `${origin}/claim?code=${formatClaimCode(code.replace(/-/g, ''))}`;
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
/**
 * Serials drawn for one card before giving up: a collision of 64 random bits is already unlikely
 * once; eight in a row means a broken RNG.
 */
export const SERIAL_ATTEMPTS = 8;

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

/** One card to mint: claims already checked (see resolveJob), and what its row keeps besides. */
export interface MintJob {
  claims: Omit<CardClaims, 'serial'>;
  /** The brand's opaque CRM reference: stored for legal, never in the token. */
  clientRef?: string | undefined;
  /** The idempotency key: a card already minted under it is found, not minted again. */
  key?: string | undefined;
  /** Mint it with a claim slip (see MintRequest.claimSlip). */
  claimSlip?: boolean | undefined;
}

/**
 * A job's card, and how it came to be: minted now, found under its key, or minted under its key
 * meanwhile (the same request running twice at once). A card found or raced has no claim code:
 * only the answer that minted it had it.
 */
export interface MintOutcome {
  card: MintedCard;
  how: 'minted' | 'found' | 'raced';
}

/**
 * Checks a request against the registry and the keys, and makes it a job.
 * @throws CachetError for a client reference over 200 characters, `ERR_NOT_AVAILABLE` for a claim
 *   slip where the registry keeps no claims, or what `resolveClaims` throws.
 */
export async function resolveJob(
  req: MintRequest,
  ctx: MintContext,
  key?: string,
): Promise<MintJob> {
  checkClientRef(req.clientRef);
  if (req.claimSlip) checkClaimSlips(ctx);
  const job: MintJob = { claims: await resolveClaims(req, ctx), clientRef: req.clientRef, key };
  if (req.claimSlip) job.claimSlip = true;
  return job;
}

/** @throws CachetError `ERR_NOT_AVAILABLE` when this registry keeps no claims. */
export function checkClaimSlips(ctx: Pick<MintContext, 'claims'>): void {
  if (!ctx.claims) {
    throw new CachetError(
      'ERR_NOT_AVAILABLE',
      'this registry keeps no claims: a card cannot be minted with a claim slip here',
    );
  }
}

/**
 * A registry whose disk is full refuses the rows in one rolled-back transaction: said as the mint
 * it refused, with how many cards of the list were committed before (`done`). Other errors pass.
 */
function refuseForSpace(error: unknown, done: number): never {
  if (!(error instanceof CachetError) || error.code !== 'ERR_DISK_FULL') throw error;
  const minted = done === 0 ? 'nothing was minted' : `only ${done} of the cards were minted`;
  throw new CachetError(
    'ERR_DISK_FULL',
    `the registry's disk is full: ${minted}; free space on its file system, then mint again`,
    { cause: error },
  );
}

/**
 * Mints a list of checked jobs: finds those already minted under their keys, signs the others and
 * commits their rows in one transaction, then draws a new serial for each row whose serial was
 * taken, until every job has its card. One card is the list of one. Tokens are signed before
 * their rows are written and handed out only once the rows (tokens included, for evidence) are
 * committed, so no token can ever be handed out for a card the registry does not hold.
 * @throws CachetError `ERR_INTERNAL` when a serial is still taken after SERIAL_ATTEMPTS draws,
 *   `ERR_DISK_FULL` when the registry's disk takes no more rows, or what `insertCards` throws.
 */
export async function mintCards(jobs: MintJob[], ctx: MintContext): Promise<MintOutcome[]> {
  const outcomes: (MintOutcome | undefined)[] = jobs.map(() => undefined);
  /** Gives the jobs at `at` the cards already minted under their keys. */
  const findEarlier = async (at: number[], how: 'found' | 'raced') => {
    const keyed = at.filter((i) => jobs[i]!.key);
    if (keyed.length === 0) return;
    const earlier = await ctx.store.findMinted(keyed.map((i) => jobs[i]!.key!));
    for (const i of keyed) {
      const found = earlier.get(jobs[i]!.key!);
      if (found) outcomes[i] = { card: describeStored(found, ctx.origin), how };
    }
  };
  await findEarlier([...jobs.keys()], 'found');
  let missing = [...jobs.keys()].filter((i) => !outcomes[i]);
  // One code per card to mint with a slip, kept if its serial must be drawn again.
  const slips = new Map<number, { code: string; codeHash: string }>();
  for (const i of missing) {
    if (!jobs[i]!.claimSlip) continue;
    checkClaimSlips(ctx);
    slips.set(i, await newClaimCode(ctx.claims!));
  }
  for (let attempt = 0; missing.length > 0; attempt++) {
    if (attempt === SERIAL_ATTEMPTS) {
      throw new CachetError('ERR_INTERNAL', `no free serial after ${SERIAL_ATTEMPTS} random draws`);
    }
    const pending = missing.map((i) => jobs[i]!);
    const signed = await Promise.all(pending.map((job) => signClaims(job.claims, ctx)));
    const inserted = await ctx.store
      .insertCards(
        signed.map((s, n) => ({
          ...newCardRow(s, pending[n]!.clientRef, ctx, pending[n]!.key),
          ...(slips.has(missing[n]!) && { claimCodeHash: slips.get(missing[n]!)!.codeHash }),
        })),
      )
      .catch((error: unknown) => refuseForSpace(error, jobs.length - missing.length));
    const taken = missing.filter((i, n) => {
      if (!inserted[n]) return true;
      const { claims, tokenBytes } = signed[n]!;
      const card = describeMinted(claims, tokenBytes, ctx.origin);
      const slip = slips.get(i);
      if (slip) {
        card.claimCode = formatClaimCode(slip.code);
        card.claimUrl = claimUrlOf(ctx.origin, slip.code);
      }
      outcomes[i] = { card, how: 'minted' };
      return false;
    });
    // A taken serial is drawn again; a taken key is the same job minted meanwhile.
    await findEarlier(taken, 'raced');
    missing = taken.filter((i) => !outcomes[i]);
  }
  return outcomes as MintOutcome[];
}

/**
 * Mints one card: the list of one (see mintCards). A card found under `options.key` is handed
 * back again (`replayed`) when it was minted for this same request.
 * @throws CachetError for an unknown boutique or associate, a bad date or occasion, a date more
 * than 90 days ahead not asked for (`ERR_DATE_FAR_AHEAD`), a key that may not sign for the date,
 * a client reference over 200 characters, or `ERR_CONFLICT` when the key already minted a card
 * for another request.
 */
export async function mintCard(
  req: MintRequest,
  ctx: MintContext,
  options: { key?: string | undefined } = {},
): Promise<MintedCard & { replayed: boolean }> {
  const job = await resolveJob(req, ctx, options.key);
  const [{ card, how }] = (await mintCards([job], ctx)) as [MintOutcome];
  if (how === 'minted') return { ...card, replayed: false };
  const { claims } = card;
  const same =
    claims.boutique === job.claims.boutique &&
    claims.associate === job.claims.associate &&
    claims.occasion === job.claims.occasion &&
    (req.date === undefined || claims.issued === job.claims.issued);
  if (!same) {
    throw new CachetError(
      'ERR_CONFLICT',
      `this idempotency key already minted card ${card.serialText} for another boutique, associate, occasion or date`,
    );
  }
  return { ...card, replayed: true };
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

/** Draws a serial and signs the claims with the key their date allows. */
export async function signClaims(
  partial: Omit<CardClaims, 'serial'>,
  ctx: Pick<MintContext, 'signers' | 'serials'>,
): Promise<SignedCard> {
  const signer = ctx.signers.forDay(partial.issued);
  const claims: CardClaims = { ...partial, serial: (ctx.serials ?? randomSerial)() };
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
