// Which key signs a card: of every key this machine may sign with, the one whose dates hold the
// card's issue date. A key is never asked to sign outside its window (that card would read forged).
import { CachetError } from './errors.js';
import { dayToDate } from './dates.js';
import { keyRefusesDate, type Signer, type TrustedKey } from './keys.js';

/** A key's signing window as people read it: `from 2026-12-01`, `2026-11-01 to 2026-11-30`. */
export function describeKeyWindow(key: TrustedKey): string {
  const to = key.validTo === undefined ? '' : ` to ${dayToDate(key.validTo)}`;
  const compromised =
    key.compromisedSince === undefined
      ? ''
      : `, compromised from ${dayToDate(key.compromisedSince)}`;
  return `${key.validTo === undefined ? 'from ' : ''}${dayToDate(key.validFrom)}${to}${compromised}`;
}

/** The card-signing keys at hand, production keys before development ones, newest first. */
export class SigningKeys {
  readonly signers: readonly Signer[];

  constructor(signers: readonly Signer[]) {
    this.signers = signers
      .filter((s) => s.key.purpose === 'card' && s.key.status === 'active')
      .sort(
        (a, b) =>
          Number(a.key.development) - Number(b.key.development) ||
          b.key.validFrom - a.key.validFrom,
      );
  }

  get size(): number {
    return this.signers.length;
  }

  /** The key that signs a card dated `day`, or undefined when none may. */
  find(day: number): Signer | undefined {
    return this.signers.find((s) => keyRefusesDate(s.key, day) === undefined);
  }

  /**
   * The key that signs a card dated `day`.
   * @throws CachetError `ERR_NO_SIGNING_KEY` when there is no key at all, or
   * `ERR_KEY_NOT_VALID_FOR_DATE` naming every key and the dates it may sign for.
   */
  forDay(day: number): Signer {
    const found = this.find(day);
    if (found) return found;
    if (this.signers.length === 0) {
      throw new CachetError('ERR_NO_SIGNING_KEY', 'there is no active signing key');
    }
    const keys = this.signers.map(
      (s) =>
        `${s.key.kid}${s.key.development ? ' (development)' : ''} signs cards dated ${describeKeyWindow(s.key)}`,
    );
    throw new CachetError(
      'ERR_KEY_NOT_VALID_FOR_DATE',
      `no signing key may sign a card dated ${dayToDate(day)}: ${keys.join('; ')}`,
    );
  }
}
