// The date words the CLI's date options take: counted from the given instant in UTC, a written
// date left as it is, and anything else refused with the forms that are taken.
import { describe, expect, it } from 'vitest';
import { resolveDate } from '../../src/cli/relative-date.js';
import { dayToDate, instantToDay, isCachetError } from '../../src/core/index.js';

/** An instant late in a UTC day, so that a local-time slip would show as the next day. */
const now = new Date(Date.now() - (Date.now() % 86_400_000) + 86_400_000 - 60_000);
const today = instantToDay(now);

describe('resolveDate', () => {
  it.each([
    ['today', 0],
    ['Today', 0],
    ['tomorrow', 1],
    ['+0d', 0],
    ['+1d', 1],
    ['+24d', 24],
    ['+90d', 90],
    ['+400d', 400],
  ])('reads %s as today + %i', (word, days) => {
    expect(resolveDate(word, now)).toBe(dayToDate(today + days));
  });

  it('leaves a written date untouched, whatever the day', () => {
    const written = dayToDate(today - 30);
    expect(resolveDate(written, now)).toBe(written);
    expect(resolveDate('2031-02-28', now)).toBe('2031-02-28');
  });

  it('gives nothing for an option left out', () => {
    expect(resolveDate(undefined, now)).toBeUndefined();
  });

  it('counts from the instant it is given, not from the clock', () => {
    const then = new Date(Date.UTC(2031, 0, 31, 23, 59));
    expect(resolveDate('tomorrow', then)).toBe('2031-02-01');
    expect(resolveDate('+29d', then)).toBe('2031-03-01');
  });

  it.each([
    'yesterday',
    'tomorow',
    '+d',
    '24d',
    '+24',
    '-3d',
    '+1w',
    '',
    '2031-02-30',
    '31/01/2031',
  ])('refuses %j with ERR_DATE_TEXT', (text) => {
    let error: unknown;
    try {
      resolveDate(text, now);
    } catch (e) {
      error = e;
    }
    expect(isCachetError(error, 'ERR_DATE_TEXT'), String(error)).toBe(true);
  });

  it('names the forms it takes when it refuses', () => {
    expect(() => resolveDate('next week', now)).toThrow(
      /"next week" is not a date: write YYYY-MM-DD, today, tomorrow or \+Nd/,
    );
  });

  it('refuses a day past what a token can hold', () => {
    expect(() => resolveDate('+99999d', now)).toThrow(/outside 2000-01-01 to 2179-06-06/);
  });
});
