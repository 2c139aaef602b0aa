// Serials as people type them: Crockford base32 in groups of four, forgiving of O/0, I/L/1, case.
import { describe, expect, it } from 'vitest';
import {
  dateToDay,
  dayToDate,
  formatSerial,
  parseSerial,
  randomSerial,
  serialPrefixToHex,
  serialToHex,
} from '../../src/core/index.js';
import { hex } from '../helpers/vectors.js';

describe('serial text', () => {
  it('is 13 Crockford symbols grouped by four', () => {
    expect(formatSerial(new Uint8Array(8))).toBe('0000-0000-0000-0');
    expect(formatSerial(new Uint8Array(8).fill(0xff))).toBe('FZZZ-ZZZZ-ZZZZ-Z');
    expect(formatSerial(hex('0000000000000020'))).toBe('0000-0000-0001-0');
  });

  it('reads back every random serial', () => {
    for (let i = 0; i < 500; i++) {
      const serial = randomSerial();
      expect(parseSerial(formatSerial(serial))).toEqual(serial);
    }
  });

  it('ignores dashes, spaces and case, and reads O as 0 and I, L as 1', () => {
    const serial = parseSerial('7K3M-Q9XP-2HT4-W');
    expect(parseSerial('7k3m q9xp 2ht4 w')).toEqual(serial);
    expect(parseSerial('7K3MQ9XP2HT4W')).toEqual(serial);
    expect(parseSerial('1O0L-0000-0000-I')).toEqual(parseSerial('1001-0000-0000-1'));
  });

  it('also takes the 16-digit hex machine form', () => {
    expect(parseSerial('0102030405060708')).toEqual(hex('0102030405060708'));
  });

  it.each(['7K3M-Q9XP-2HT4', '7K3M-Q9XP-2HT4-WW', '7K3M-Q9XP-2HT4-U', 'GZZZ-ZZZZ-ZZZZ-Z', ''])(
    'refuses %j',
    (text) => {
      expect(() => parseSerial(text)).toThrow(expect.objectContaining({ code: 'ERR_SERIAL_TEXT' }));
    },
  );
});

describe('issue dates', () => {
  it('count days since 2000-01-01 UTC', () => {
    expect(dateToDay('2000-01-01')).toBe(0);
    expect(dateToDay('2024-02-29')).toBe(8825);
    expect(dayToDate(8825)).toBe('2024-02-29');
    expect(dayToDate(0xffff)).toBe('2179-06-06');
  });

  it.each(['2026-02-30', '1999-12-31', '2179-06-07', '23/11/2026', '2026-1-5'])(
    'refuse %j',
    (text) => {
      expect(() => dateToDay(text)).toThrow(expect.objectContaining({ code: 'ERR_DATE_TEXT' }));
    },
  );
});

describe('serialPrefixToHex', () => {
  it('gives the hex prefix every serial starting with a typed part shares', () => {
    for (let i = 0; i < 50; i++) {
      const serial = randomSerial();
      const hex = serialToHex(serial);
      const printed = formatSerial(serial).replace(/-/g, '');
      for (let k = 1; k <= 13; k++) {
        const prefix = serialPrefixToHex(printed.slice(0, k).toLowerCase());
        expect(prefix.length).toBe(k === 13 ? 16 : Math.floor((5 * k - 1) / 4));
        expect(hex.startsWith(prefix), `${printed.slice(0, k)} → ${prefix} of ${hex}`).toBe(true);
      }
      expect(serialPrefixToHex(hex)).toBe(hex);
    }
    expect(() => serialPrefixToHex('7K3U')).toThrow(/"U" is not a character/);
  });
});
