// How many reports one card may take in a UTC day, whichever networks send them: counted in the
// registry, which every process and isolate writes, so a crowd of networks cannot fill it with
// reports (and their photos) of one card. Past it the card's reports wait for the next day: legal
// already has a hundred reports of that card to act on.
import type { Store } from '../core/index.js';

/** Reports linked to one card taken in one UTC day. */
export const REPORTS_PER_CARD_PER_DAY = 100;

/**
 * Seconds until the card may take another report (the next 00:00 UTC), or 0 when it may now.
 * One indexed count on every report sent about a genuine card; none for any other report.
 */
export async function cardReportsWait(
  store: Pick<Store, 'countCardReports'>,
  cardSerial: string | null,
  at: Date,
): Promise<number> {
  if (!cardSerial) return 0;
  const day = at.toISOString().slice(0, 10);
  const taken = await store.countCardReports(cardSerial, `${day}T00:00:00.000Z`);
  if (taken < REPORTS_PER_CARD_PER_DAY) return 0;
  const nextDay = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
  return Math.max(1, Math.ceil((nextDay - at.getTime()) / 1000));
}
