// What a change to the keys does to the cards already registered, counted before the change is
// made: a rotation that would turn a genuine card forged is refused, a compromise says its reach.
import { keyRefusesDate, type Keyring } from './keys.js';

/** How many registered cards one key signed for one issue day. */
export interface IssuedCount {
  kid: string;
  /** Days since 2000-01-01. */
  issued: number;
  cards: number;
}

export interface KeyChangeImpact {
  /** Cards whose verdict holds today and would read `forged`. */
  forged: number;
  /** Cards that read `forged` today and would verify again. */
  restored: number;
  /** Cards that still verify but would newly carry the `key-compromised` warning. */
  warned: number;
  /** The latest issue day among the cards that would turn forged. */
  lastForgedDay: number | undefined;
}

/** Compares the verdict each registered card gets from `before` and from `after`. */
export function keyChangeImpact(
  before: Keyring,
  after: Keyring,
  counts: readonly IssuedCount[],
): KeyChangeImpact {
  const impact: KeyChangeImpact = { forged: 0, restored: 0, warned: 0, lastForgedDay: undefined };
  for (const { kid, issued, cards } of counts) {
    const was = before.get(kid);
    const will = after.get(kid);
    const heldBefore = was !== undefined && keyRefusesDate(was, issued) === undefined;
    const holdsAfter = will !== undefined && keyRefusesDate(will, issued) === undefined;
    if (heldBefore && !holdsAfter) {
      impact.forged += cards;
      impact.lastForgedDay = Math.max(impact.lastForgedDay ?? issued, issued);
    } else if (!heldBefore && holdsAfter) impact.restored += cards;
    else if (holdsAfter && will.status === 'compromised' && was?.status !== 'compromised') {
      impact.warned += cards;
    }
  }
  return impact;
}
