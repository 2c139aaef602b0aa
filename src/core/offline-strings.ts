// The words of the offline verifier: the server's page writes them, in the reader's language, as
// JSON; the offline script (/offline.js) reads them. One type for both sides.
import type { OfflineVerdict } from './verify-offline.js';

/** A verdict on a card (a look-alike has its own words). */
type CardStatus = Exclude<OfflineVerdict['status'], 'look-alike'>;

/** What the offline page says, in the reader's language (handed over by the server as JSON). */
export interface OfflineStrings {
  status: Record<CardStatus, string>;
  meaning: Record<CardStatus, string>;
  lookAlike: string;
  lookAlikeMeaning: string;
  checkedHere: string;
  revocationsAsOf: string;
  noTrust: string;
  staleTrust: string;
  badTrust: string;
  /** The heading of the page opened with no code (from the home screen). */
  startHeading: string;
  /** Until when the saved keys can be used: `{date}`. */
  trustUntil: string;
  fields: Record<
    'boutique' | 'associate' | 'issued' | 'occasion' | 'serial' | 'reason' | 'log' | 'engine',
    string
  >;
  logged: string;
  notLogged: string;
  engineWebCrypto: string;
  engineFallback: string;
  warnings: Record<string, string>;
  reasons: Record<string, string>;
  occasions: Record<string, string>;
}
