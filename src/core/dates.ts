// Issue dates: whole days since 2000-01-01 UTC, written as YYYY-MM-DD wherever people see them.
import { CachetError } from './errors.js';

const EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
/** The last day a 2-byte day count can hold (2179-06-06). */
export const MAX_DAY = 0xffff;

/** The day number of a calendar date `YYYY-MM-DD`. */
export function dateToDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new CachetError('ERR_DATE_TEXT', `"${text}" is not a calendar date like 2026-11-23`);
  }
  const day = (ms - EPOCH_MS) / DAY_MS;
  if (day < 0 || day > MAX_DAY) {
    throw new CachetError('ERR_DATE_TEXT', `${text} is outside 2000-01-01 to 2179-06-06`);
  }
  return day;
}

/** The calendar date `YYYY-MM-DD` of a day number. */
export function dayToDate(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size < 4096) dates.set(day, date);
  }
  return date;
}
/** Dates already written: a registry's cards fall on a few thousand days at most. */
const dates = new Map<number, string>();

/** The day number of an instant, in UTC. */
export function instantToDay(instant: Date): number {
  return Math.floor((instant.getTime() - EPOCH_MS) / DAY_MS);
}
