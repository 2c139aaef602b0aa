// The rules a card's claim entries follow in an honest log (spec/ct1.md §10): one claim stands
// at a time, numbers go up by one, and an ended claim is never named again. A story that breaks
// them is what a house reassigning or erasing a claim would leave behind.
import { toHex } from '../bytes.js';
import type { ClaimEntry } from './entry.js';

/** Where each card's claims stand, by token hash (hex), as the entries read so far tell. */
export type ClaimStory = Map<string, { last: number; standing: number | null }>;

/** An empty story, before the log's first entry. */
export function newClaimStory(): ClaimStory {
  return new Map();
}

/**
 * Reads the next claim entry into `story` (in log order, after the card's issuance entry) and
 * says what is wrong with it, or null when an honest log could hold it.
 */
export function readClaimEntry(story: ClaimStory, entry: ClaimEntry): string | null {
  const key = toHex(entry.tokenHash);
  const card = story.get(key) ?? { last: 0, standing: null };
  story.set(key, card);
  const n = entry.claim;
  if (entry.event === 'claimed') {
    const standing = card.standing;
    card.standing = n;
    const last = card.last;
    card.last = Math.max(last, n);
    if (standing !== null) {
      return `claim ${n} made while the card's claim ${standing} stands (neither released nor voided): the claim was reassigned`;
    }
    if (n <= last) {
      return `claim number ${n} goes backwards: the card's last claim was ${last}`;
    }
    if (n !== last + 1) {
      return `claim number ${n} skips: the card's last claim was ${last}, so claims ${last + 1}–${n - 1} are missing`;
    }
    return null;
  }
  const standing = card.standing;
  if (entry.event === 'released' || entry.event === 'voided') {
    if (standing === n) card.standing = null;
  }
  if (n > card.last) return `${entry.event} for claim ${n}, which was never claimed`;
  if (standing !== n) return `${entry.event} for claim ${n}, which had already ended`;
  return null;
}
