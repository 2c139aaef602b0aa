// Date words the CLI's date options take besides YYYY-MM-DD (`today`, `tomorrow`, `+Nd`), so that
// scripts and guides written once still mean the same days whenever they are run.
import { CachetError, dateToDay, dayToDate, instantToDay } from '../core/index.js';

const WORDS = 'YYYY-MM-DD, today, tomorrow or +Nd (N days from today, UTC)';

/**
 * The calendar date `YYYY-MM-DD` a date option's text names, counted from `now` in UTC: `today`,
 * `tomorrow`, `+Nd` (N days from today), or a date as written, returned untouched once checked.
 * Anything else is an `ERR_DATE_TEXT` that lists the forms taken.
 */
export function resolveDate(text: string, now: Date): string;
export function resolveDate(text: string | undefined, now: Date): string | undefined;
export function resolveDate(text: string | undefined, now: Date): string | undefined {
  if (text === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    dateToDay(text);
    return text;
  }
  const word = text.trim().toLowerCase();
  const today = instantToDay(now);
  const offset = word === 'today' ? 0 : word === 'tomorrow' ? 1 : /^\+(\d{1,5})d$/.exec(word)?.[1];
  if (offset === undefined) {
    throw new CachetError('ERR_DATE_TEXT', `"${text}" is not a date: write ${WORDS}`);
  }
  const date = dayToDate(today + Number(offset));
  dateToDay(date);
  return date;
}
