// The codes a recipient types: the claim code on the slip in the envelope (and the transfer code
// a holder hands on with the card), and the holder secret that changes or releases a claim.
// Crockford's base32 (no I, L, O or U; read forgivingly), in groups of four, ending in a check
// character (Luhn mod 32) that catches any one mistyped character and any two neighbours swapped
// (but 0 and Z).
import { concatBytes, equalBytes, toHex } from './bytes.js';
import { CachetError } from './errors.js';
import { sha256 } from './log/merkle.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const VALUES = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));
// Read as the digit they look like, as Crockford's base32 does.
for (const [alias, ch] of [
  ['O', '0'],
  ['I', '1'],
  ['L', '1'],
] as const) {
  VALUES.set(alias, VALUES.get(ch)!);
}

/** Random characters in a claim code: 27 × 5 = 135 bits. */
const CODE_RANDOM = 27;
/** A claim code's length without separators: its random characters and the check character. */
export const CLAIM_CODE_LENGTH = CODE_RANDOM + 1;
/** The characters of a claim's id: the holder secret starts with it (40 bits, unique per registry). */
const CLAIM_ID_LENGTH = 8;
/** A holder secret: the claim's id, 27 random characters (135 bits) and the check character. */
export const HOLDER_SECRET_LENGTH = CLAIM_ID_LENGTH + CODE_RANDOM + 1;

/** The check character of `body` (canonical characters): Luhn mod 32. */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * VALUES.get(body[i]!)!;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32]!;
}

function randomCharacters(count: number, random: (n: number) => Uint8Array): string {
  // 32 divides 256: each byte's low five bits are uniform.
  return [...random(count)].map((b) => ALPHABET[b & 31]!).join('');
}

const defaultRandom = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** A new claim code (or transfer code), canonical: 28 characters, the last a check character. */
export function generateClaimCode(random = defaultRandom): string {
  const body = randomCharacters(CODE_RANDOM, random);
  return body + checkCharacter(body);
}

/** A claim's id: the first characters of its holder secret. */
export function generateClaimId(random = defaultRandom): string {
  return randomCharacters(CLAIM_ID_LENGTH, random);
}

/** A new holder secret for the claim `claimId`, canonical (36 characters). */
export function generateHolderSecret(claimId: string, random = defaultRandom): string {
  const body = claimId + randomCharacters(CODE_RANDOM, random);
  return body + checkCharacter(body);
}

/** A canonical code as a person reads it: groups of four joined by hyphens. */
export function formatClaimCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/**
 * The canonical form of a typed code: upper case, without spaces or hyphens, O read as 0 and I or
 * L as 1.
 * @throws CachetError `ERR_CLAIM_CODE` when it is not a code of `length` characters whose check character holds: a typo, never a question
 *   of which cards exist.
 */
function canonicalCode(text: string, length: number, what: string): string {
  const squeezed = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '');
  if (squeezed.length !== length) {
    throw new CachetError(
      'ERR_CLAIM_CODE',
      `${what} has ${length} characters; this one has ${squeezed.length}`,
    );
  }
  let canonical = '';
  for (const ch of squeezed) {
    const value = VALUES.get(ch);
    if (value === undefined) {
      throw new CachetError(
        'ERR_CLAIM_CODE',
        `${what} has no “${ch}”: only digits and letters other than U`,
      );
    }
    canonical += ALPHABET[value];
  }
  if (checkCharacter(canonical.slice(0, -1)) !== canonical.at(-1)) {
    throw new CachetError('ERR_CLAIM_CODE', `${what} has a mistyped character: check it again`);
  }
  return canonical;
}

/** @throws CachetError `ERR_CLAIM_CODE` (see canonicalCode). */
export function parseClaimCode(text: string): string {
  return canonicalCode(text, CLAIM_CODE_LENGTH, 'a claim code');
}

/**
 * The claim id and secret part of a typed holder secret.
 * @throws CachetError `ERR_CLAIM_CODE` (see canonicalCode).
 */
export function parseHolderSecret(text: string): { claimId: string; secret: string } {
  const canonical = canonicalCode(text, HOLDER_SECRET_LENGTH, 'a holder secret');
  return { claimId: canonical.slice(0, CLAIM_ID_LENGTH), secret: canonical };
}

const encoder = new TextEncoder();

/**
 * What the registry keeps of a claim code: SHA-256(`cachet/claim-code/v1` ‖ 0x00 ‖ the
 * registry's salt ‖ the canonical code), hex. The code is found by it; it never gives the code back.
 */
export async function claimCodeHash(code: string, salt: Uint8Array): Promise<string> {
  return toHex(
    await sha256(concatBytes(encoder.encode('cachet/claim-code/v1\0'), salt, encoder.encode(code))),
  );
}

/** What the registry keeps of a holder secret: SHA-256(`cachet/holder/v1` ‖ 0x00 ‖ secret), hex. */
export async function holderSecretHash(secret: string): Promise<string> {
  return toHex(
    await sha256(concatBytes(encoder.encode('cachet/holder/v1\0'), encoder.encode(secret))),
  );
}

/** True when `secret` hashes to `storedHex`, compared in constant time. */
export async function holderSecretMatches(secret: string, storedHex: string): Promise<boolean> {
  const a = encoder.encode(await holderSecretHash(secret));
  const b = encoder.encode(storedHex);
  return equalBytes(a, b);
}

/** The public handle a holder chose, as kept: trimmed, NFC, 1 to 40 characters, no control characters. */
export const MAX_HANDLE_LENGTH = 40;

/**
 * @throws CachetError `ERR_INVALID_ARGUMENT` for a handle that is empty, longer than 40
 *   characters, or holds control or invisible formatting characters.
 */
export function normaliseHandle(text: string): string {
  const handle = text.normalize('NFC').trim();
  if (handle.length === 0)
    throw new CachetError('ERR_INVALID_ARGUMENT', 'a public name cannot be empty');
  if ([...handle].length > MAX_HANDLE_LENGTH) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `a public name has at most ${MAX_HANDLE_LENGTH} characters`,
    );
  }
  // Control and format characters, and those that show nothing (fillers, joiners, a blank
  // braille cell, a variation selector on anything but an emoji): a name is what it looks like.
  const invisible =
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u2800]|(?![\uFE0E\uFE0F])\p{Default_Ignorable_Code_Point}|(?<!\p{Extended_Pictographic})[\uFE0E\uFE0F]/u;
  if (invisible.test(handle) || !/[\p{L}\p{N}\p{S}\p{P}]/u.test(handle)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'a public name cannot hold control or invisible characters',
    );
  }
  return handle;
}
