// Verification: parse, then named steps that each map to one verdict. No clock, no disk.
import { isCachetError } from './errors.js';
import { toHex } from './bytes.js';
import { dayToDate, instantToDay } from './dates.js';
import { verifyWithKey } from './ed25519.js';
import { keyRefusesDate, type Keyring, type TrustedKey } from './keys.js';
import type { SignatureMemo } from './signature-memo.js';
import type { CardRecord, Revocation } from './store.js';
import {
  decodeToken,
  parseTokenText,
  signingInput,
  type CardClaims,
  type CardToken,
} from './token.js';

/** The six verdicts, the same words in every interface. */
export const STATUSES = [
  'authentic',
  'revoked',
  'unregistered',
  'forged',
  'unknown-key',
  'malformed',
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Notes beside a status. `key-compromised`: the signing key was compromised later than this
 * card's date, so the card still verifies, but a copy could be dated back. `widely-scanned` is
 * added by the app from the scan log, since verification itself reads no scans; `not-logged`
 * by a server that keeps an issuance log, for a card that should be in it by now and is not;
 * `different-card` by a comparison of a photo with the card as issued, when the photo shows the
 * genuine code on another card.
 */
export type Warning =
  | 'development-key'
  | 'issued-in-future'
  | 'key-compromised'
  | 'widely-scanned'
  | 'not-logged'
  | 'different-card';

/** Why a verdict is not `authentic`: a stable code and a sentence for people. */
export interface Reason {
  code: string;
  message: string;
  /**
   * For a key that may not sign on the card's date (`key-not-valid-for-date`, `key-compromised`):
   * the card's date and the key's dates, YYYY-MM-DD. The signature itself held.
   */
  dates?: KeyDates;
}

/** A card's date beside the dates its key may sign for. */
export interface KeyDates {
  issued: string;
  validFrom: string;
  validTo?: string;
  compromisedSince?: string;
}

export interface Verdict {
  status: Status;
  /** The signed claims: present only when a trusted key's signature verified. */
  claims?: CardClaims;
  /** The key whose id the token names (when one is trusted). */
  key?: TrustedKey;
  /** The registry row (authentic and revoked). */
  record?: CardRecord;
  revocation?: Revocation;
  reason?: Reason;
  warnings: Warning[];
}

/** What verification is given: trust material and time as data, the registry as a lookup. */
export interface VerifyContext {
  keyring: Keyring;
  now: Date;
  /** The registry row for a hex serial; called only once the signature has verified. */
  findCard(serial: string): Promise<CardRecord | null>;
  /** Outcomes of earlier signature checks under this same keyring, if the caller keeps them. */
  memo?: SignatureMemo | undefined;
}

type Step<T> = { verdict: Verdict } | { next: T };

function stop(status: Status, code: string, message: string, extra: Partial<Verdict> = {}) {
  return { verdict: { status, reason: { code, message }, warnings: [], ...extra } };
}

function checkFormat(input: string | Uint8Array): Step<CardToken> {
  try {
    return { next: typeof input === 'string' ? parseTokenText(input) : decodeToken(input) };
  } catch (error) {
    if (!isCachetError(error)) throw error;
    return stop('malformed', error.code, error.message);
  }
}

function findKeys(token: CardToken, keyring: Keyring): Step<TrustedKey[]> {
  const keys = keyring.find(token.claims.keyId);
  if (keys.length > 0) return { next: keys };
  return stop(
    'unknown-key',
    'key-id-unknown',
    `no trusted key has the id ${toHex(token.claims.keyId)}`,
  );
}

async function checkSignature(
  token: CardToken,
  keys: TrustedKey[],
  remembered: string | null | undefined,
): Promise<Step<TrustedKey>> {
  let verified = remembered ? keys.find((key) => key.kid === remembered) : undefined;
  if (!verified && remembered !== null) {
    const message = signingInput(token.body);
    for (const key of keys) {
      if (await verifyWithKey(key.verifyKey, message, token.signature)) {
        verified = key;
        break;
      }
    }
  }
  if (verified) return { next: verified };
  return stop('forged', 'signature-invalid', 'the signature does not verify', { key: keys[0]! });
}

function checkKeyValidity(issued: number, key: TrustedKey): Step<TrustedKey> {
  const refusal = keyRefusesDate(key, issued);
  if (refusal === undefined) return { next: key };
  const code = key.status === 'compromised' ? 'key-compromised' : 'key-not-valid-for-date';
  const dates: KeyDates = {
    issued: dayToDate(issued),
    validFrom: dayToDate(key.validFrom),
    ...(key.validTo !== undefined && { validTo: dayToDate(key.validTo) }),
    ...(key.compromisedSince !== undefined && {
      compromisedSince: dayToDate(key.compromisedSince),
    }),
  };
  return {
    verdict: { status: 'forged', reason: { code, message: refusal, dates }, key, warnings: [] },
  };
}

function sameClaims(record: CardRecord, claims: CardClaims, key: TrustedKey): boolean {
  return (
    record.kid === key.kid &&
    record.issued === claims.issued &&
    record.boutique === claims.boutique &&
    record.associate === claims.associate &&
    record.occasion === claims.occasion &&
    record.addressee === (claims.addressee ? toHex(claims.addressee) : null)
  );
}

async function checkRegistry(
  token: CardToken,
  key: TrustedKey,
  ctx: VerifyContext,
): Promise<Step<CardRecord>> {
  const signed = { claims: token.claims, key };
  const record = await ctx.findCard(toHex(token.claims.serial));
  if (!record) {
    return stop(
      'unregistered',
      'not-in-registry',
      'the registry has no card with this serial',
      signed,
    );
  }
  if (!sameClaims(record, token.claims, key)) {
    return stop(
      'unregistered',
      'claims-differ',
      'the registry holds different claims for this serial',
      signed,
    );
  }
  return { next: record };
}

/** A token whose signature verified under a trusted key valid for its date. */
export interface SignedCard {
  token: CardToken;
  key: TrustedKey;
}

/**
 * The checks that need only the keys: check format → find key → check signature → check key
 * validity for the issue date. Each failure is a verdict; success is the token and its key.
 */
export async function checkSignedCard(
  input: string | Uint8Array,
  keyring: Keyring,
  memo?: SignatureMemo,
): Promise<{ verdict: Verdict } | { next: SignedCard }> {
  // A token seen before skips its parsing and curve arithmetic, never the checks below.
  const text = memo ? (typeof input === 'string' ? input : toHex(input)) : '';
  const seen = memo?.get(text);
  let token: CardToken;
  if (seen) token = seen.token;
  else {
    const format = checkFormat(input);
    if ('verdict' in format) return format;
    token = format.next;
  }

  const found = findKeys(token, keyring);
  if ('verdict' in found) return found;

  const signature = await checkSignature(token, found.next, seen?.kid);
  if (!seen) memo?.set(text, { token, kid: 'next' in signature ? signature.next.kid : null });
  if ('verdict' in signature) return signature;

  const validity = checkKeyValidity(token.claims.issued, signature.next);
  if ('verdict' in validity) return validity;
  return { next: { token, key: validity.next } };
}

/** The warnings a signed card carries whatever its registry row says. */
export function warningsFor(
  claims: Pick<CardClaims, 'issued'>,
  key: TrustedKey,
  now: Date,
): Warning[] {
  const warnings: Warning[] = [];
  if (key.development) warnings.push('development-key');
  if (key.status === 'compromised') warnings.push('key-compromised');
  if (claims.issued > instantToDay(now) + 1) warnings.push('issued-in-future');
  return warnings;
}

/**
 * Verifies a card token (its decimal text or its bytes) in named steps: check format → find key
 * → check signature → check key validity for the issue date → check registry → check revocation.
 * Expected outcomes are verdicts, never exceptions.
 */
export async function verifyCard(input: string | Uint8Array, ctx: VerifyContext): Promise<Verdict> {
  const signed = await checkSignedCard(input, ctx.keyring, ctx.memo);
  if ('verdict' in signed) return signed.verdict;
  const { token, key } = signed.next;

  const registry = await checkRegistry(token, key, ctx);
  const warnings = warningsFor(token.claims, key, ctx.now);
  if ('verdict' in registry) return { ...registry.verdict, warnings };
  return judgeRecord(registry.next, { claims: token.claims, key, warnings });
}

/** The last step, check revocation: a registered card is revoked or authentic. */
function judgeRecord(record: CardRecord, base: Omit<Verdict, 'status'>): Verdict {
  if (record.revocation) {
    const { revocation } = record;
    return {
      ...base,
      record,
      status: 'revoked',
      revocation,
      reason: { code: 'revoked', message: `revoked by the brand: ${revocation.reason}` },
    };
  }
  return { ...base, record, status: 'authentic' };
}

/**
 * The verdict a scan of a registered card's code gets now, for a look-up that starts from the
 * registry row (a typed serial, the staff console): the token the registry kept goes through
 * every step of `verifyCard`. A row kept without its token (minted before tokens were kept) goes
 * through the steps that need no token: find its key by kid → check key validity for its date →
 * check revocation.
 */
export async function verifyRecord(
  record: CardRecord,
  ctx: Omit<VerifyContext, 'findCard'>,
): Promise<Verdict> {
  if (record.token) {
    const findCard = async (serial: string) => (serial === record.serial ? record : null);
    return verifyCard(record.token, { ...ctx, findCard });
  }
  const key = ctx.keyring.get(record.kid);
  if (!key || key.purpose !== 'card') {
    return stop('unknown-key', 'key-id-unknown', `no trusted key has the id ${record.kid}`).verdict;
  }
  const validity = checkKeyValidity(record.issued, key);
  if ('verdict' in validity) return validity.verdict;
  return judgeRecord(record, { key, warnings: warningsFor(record, key, ctx.now) });
}
