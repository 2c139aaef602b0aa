// The public side of comparing cards: a photo sent to be checked is compared, code by code, with
// the photo the house keeps of each card as issued. The verdict stays about the code; the answer
// gains whether the card in the photo is that card, never the reference itself.
import { CachetError, type CardMatch, type CardMatcher, type Store } from '../core/index.js';
import type { CodeReport } from './check.js';

/** What comparing needs: the registry's references and the runtime's comparison. */
export interface CompareDeps {
  store: Pick<Store, 'findReference'>;
  cardMatcher: Pick<CardMatcher, 'compare'> | null;
}

/** A comparison that found nothing to compare: the photo does not show that code legibly. */
const NOT_LOCATED: CardMatch = {
  result: 'cannot-tell',
  score: 0,
  compared: { coverage: 0, blocks: 0, matched: 0, reason: 'code-not-located' },
};

/** The cards one photo is compared for, at most. */
export const MAX_COMPARISONS = 2;

/** A card the photo was not compared for: more cards with a reference than one photo is for. */
const NOT_COMPARED: CardMatch = {
  result: 'cannot-tell',
  score: 0,
  compared: {
    coverage: 0,
    blocks: 0,
    matched: 0,
    reason: `not-compared: a photo is compared for ${MAX_COMPARISONS} cards at most; send this card alone`,
  },
};

/**
 * Adds `match` (and the `different-card` warning) to each report whose card has a reference,
 * comparing the card around that very code in `photo`. Reports of cards without a reference, or
 * a runtime without a comparison, are left as they are.
 * @param sameCode whether a code text the comparison read is the text of a report.
 */
export async function compareReports(
  deps: CompareDeps,
  reports: CodeReport[],
  photo: Uint8Array,
  sameCode: (read: string, reported: string) => boolean,
): Promise<CodeReport[]> {
  const { store, cardMatcher } = deps;
  if (!cardMatcher) return reports;
  let compared = 0;
  for (const report of reports) {
    const verdict = report.verdict;
    if (!verdict?.reference || !verdict.card) continue;
    // Each comparison reads the whole photo again: a photo (or a form listing many codes) gets
    // a few, so that one request cannot hold the readers for long.
    if (compared === MAX_COMPARISONS) {
      verdict.match = { ...NOT_COMPARED, compared: { ...NOT_COMPARED.compared } };
      continue;
    }
    compared += 1;
    const reference = await store.findReference(verdict.card.serial);
    if (!reference) continue;
    const match = await compareOne(cardMatcher, reference.fingerprint, photo, (text) =>
      sameCode(text, report.text),
    );
    verdict.match = match;
    if (match.result === 'different-card') verdict.warnings.push('different-card');
  }
  return reports;
}

/** How strongly each answer speaks against the card: a copy first, then a photo that cannot tell. */
const SEVERITY = { 'different-card': 2, 'cannot-tell': 1, 'same-card': 0 } as const;

/**
 * The answer for a photo that shows the same code more than once (the card beside a copy of it,
 * or a print of its photo): the one that speaks most against the card, since one code cannot be
 * on two cards. Among equal answers, the lowest score.
 */
export function worstMatch<M extends CardMatch>(matches: M[]): M | undefined {
  return matches.reduce<M | undefined>((worst, next) => {
    if (!worst) return next;
    const order = SEVERITY[next.result] - SEVERITY[worst.result];
    return order > 0 || (order === 0 && next.score < worst.score) ? next : worst;
  }, undefined);
}

/** The comparison of the card around the code `isCode` picks; only its result, score and what was compared. */
async function compareOne(
  cardMatcher: Pick<CardMatcher, 'compare'>,
  fingerprint: Uint8Array,
  photo: Uint8Array,
  isCode: (text: string) => boolean,
): Promise<CardMatch> {
  let found;
  try {
    const all = await cardMatcher.compare(fingerprint, photo);
    found = worstMatch(all.filter((c) => isCode(c.text)).map((c) => c.match));
  } catch (error) {
    // A photo the reader took but the comparison cannot decode: the verdict still stands.
    if (error instanceof CachetError) return NOT_LOCATED;
    throw error;
  }
  if (!found) return NOT_LOCATED;
  const { result, score, compared } = found;
  return { result, score, compared: { ...compared } };
}
