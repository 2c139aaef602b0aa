// How many photos one card's reports may bring in a UTC day, whichever networks send them: counted
// in the registry, which every process and isolate writes, so a crowd of networks cannot fill it
// with photos of one card. Past it a report of that card is still taken, without its photo: a
// stranger who sends a hundred reports of a card cannot silence the next person who finds a fake.
import type { Store } from '../core/index.js';

/** Reports with a photo linked to one card, taken in one UTC day. */
export const REPORT_PHOTOS_PER_CARD_PER_DAY = 100;

/**
 * Whether a report of `cardSerial` sent at `at` may keep its photo. One indexed count on every
 * report with a photo sent about a genuine card; none for any other report.
 */
export async function cardTakesReportPhoto(
  store: Pick<Store, 'countCardReportPhotos'>,
  cardSerial: string | null,
  at: Date,
): Promise<boolean> {
  if (!cardSerial) return true;
  const day = at.toISOString().slice(0, 10);
  const kept = await store.countCardReportPhotos(cardSerial, `${day}T00:00:00.000Z`);
  return kept < REPORT_PHOTOS_PER_CARD_PER_DAY;
}
