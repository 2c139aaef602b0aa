// Reports of suspected fakes: what a member of the public tells the house (where a card or code
// was seen, optionally a photo and a contact), and what legal does with it (link it to a card,
// close it with an outcome). Nothing about the reporter's connection is part of a report.
import { CachetError } from './errors.js';
import { crockfordBase32 } from './serial.js';

/** Where the reporter saw it. */
export const REPORT_PLACES = ['online-shop', 'social-media', 'shop', 'offered', 'other'] as const;
export type ReportPlace = (typeof REPORT_PLACES)[number];

/** How legal closes a report. */
export const REPORT_OUTCOMES = [
  'counterfeit-confirmed',
  'genuine',
  'duplicate',
  'not-enough-information',
  'no-action',
] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** The most each free-text field holds, in characters. */
export const REPORT_LIMITS = { where: 500, details: 2000, contact: 200, code: 1000, note: 2000 };
/** The largest photo kept, in bytes (after its metadata is stripped). */
export const MAX_REPORT_PHOTO = 8 * 1024 * 1024;

/** What the reporter sends, checked. */
export interface NewReport {
  /** 12 Crockford base32 characters; shown as R-XXXX-XXXX-XXXX. */
  id: string;
  createdAt: string;
  /** The page's language: the one legal answers in. */
  lang: string;
  /** What the QR code held: a card token's digits or a look-alike's text; null for none. */
  code: string | null;
  /** The verdict of that code when it was reported (a status, or `look-alike`). */
  verdict: string | null;
  /** The serial (hex) the code or the reporter names; a forged code may name a real card. */
  serial: string | null;
  place: ReportPlace;
  /** A link, a marketplace, a city. */
  where: string;
  /** YYYY-MM-DD, when the reporter says. */
  seenOn: string | null;
  details: string;
  contact: string | null;
  /** Stripped of its metadata. */
  photo: { bytes: Uint8Array; type: string } | null;
  /** The card the report is about, when the code is that card's own and genuine. */
  cardSerial: string | null;
}

/** A report as legal reads it. */
export interface Report extends Omit<NewReport, 'photo'> {
  photo: { type: string; bytes: number } | null;
  status: 'open' | 'closed';
  linkedBy: string | null;
  outcome: ReportOutcome | null;
  outcomeNote: string | null;
  closedAt: string | null;
  closedBy: string | null;
}

export interface ReportQuery {
  status?: 'open' | 'closed' | undefined;
  /** Reports linked to this card (hex serial). */
  card?: string | undefined;
  limit: number;
  offset: number;
}

/** A fresh report id: 60 random bits. */
export function newReportId(): string {
  return crockfordBase32(crypto.getRandomValues(new Uint8Array(8))).slice(0, 12);
}

/** The reference a reporter is given: R-XXXX-XXXX-XXXX. */
export function formatReportRef(id: string): string {
  return `R-${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8, 12)}`;
}

/**
 * The id in a reference as people type it: any case, with or without R- and dashes, with
 * Crockford's look-alike letters (O → 0, I and L → 1).
 * @throws CachetError `ERR_INVALID_ARGUMENT`.
 */
export function parseReportRef(text: string): string {
  let id = text.trim().toUpperCase().replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  // The printed form's R is dropped, never the first letter of a bare id that is an R itself.
  if (id.length === 13 && id.startsWith('R')) id = id.slice(1);
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(id)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `"${text}" is not a report reference (R-XXXX-XXXX-XXXX)`,
    );
  }
  return id;
}
