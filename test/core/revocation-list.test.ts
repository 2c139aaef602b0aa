// The offline revocation list: the rid only a card's holder can compute, and the CT1R bytes a
// device binary-searches, refused when cut, unsorted, repeated or of an unknown reason.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeRevocationList,
  encodeRevocationList,
  parseTokenText,
  revocationId,
  toHex,
} from '../../src/core/index.js';
import { hex } from '../helpers/vectors.js';
import { fixture as f, useFixture } from '../helpers/use-fixture.js';

useFixture();

describe('revocation ids', () => {
  it('hash the key id and the signature, so only a holder of the card can compute one', async () => {
    const token = parseTokenText((await f.mint()).token);
    const rid = await revocationId(token);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('cachet/rid/v1\0'), token.claims.keyId, token.signature]))
      .digest()
      .subarray(0, 8);
    expect(toHex(rid)).toBe(expected.toString('hex'));
    const other = await revocationId(parseTokenText((await f.mint()).token));
    expect(toHex(other)).not.toBe(toHex(rid));
    expect(toHex(rid)).not.toContain(toHex(token.claims.serial).slice(0, 8));
  });
});

describe('the CT1R list', () => {
  const records = [
    { rid: hex('ff00000000000001'), reason: 'counterfeit' as const },
    { rid: hex('0000000000000002'), reason: 'other' as const },
    { rid: hex('8000000000000000'), reason: 'key-compromise' as const },
    { rid: hex('0000000000000002'), reason: 'other' as const },
  ];

  it('writes a header and sorted 9-byte records, once each, and reads them back', () => {
    const bytes = encodeRevocationList(1_796_083_200, records);
    expect(bytes.length).toBe(17 + 3 * 9);
    expect(toHex(bytes.subarray(0, 17))).toBe(`43543152${'01'}000000006b0e0e00${'00000003'}`);
    expect(toHex(bytes.subarray(17, 26))).toBe('000000000000000200');
    expect(toHex(bytes.subarray(35, 44))).toBe('ff0000000000000101');
    const list = decodeRevocationList(bytes);
    expect(list.generatedAt).toBe(1_796_083_200);
    expect([...list.records()]).toEqual([
      ['0000000000000002', 'other'],
      ['8000000000000000', 'key-compromise'],
      ['ff00000000000001', 'counterfeit'],
    ]);
    // Found by binary search at either end and in the middle; a rid between two is not there.
    expect(list.reasonOf(hex('0000000000000002'))).toBe('other');
    expect(list.reasonOf(hex('8000000000000000'))).toBe('key-compromise');
    expect(list.reasonOf(hex('ff00000000000001'))).toBe('counterfeit');
    expect(list.reasonOf(hex('8000000000000001'))).toBeUndefined();
    expect(list.reasonOf(hex('0000000000000001'))).toBeUndefined();
    expect(decodeRevocationList(encodeRevocationList(1, [])).reasonOf(hex('00'.repeat(8)))).toBe(
      undefined,
    );
  });

  it('finds every one of many records, and none that it does not hold', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      rid: hex(((BigInt(i) * 0x9e3779b97f4a7c15n) % 2n ** 64n).toString(16).padStart(16, '0')),
      reason: 'counterfeit' as const,
    }));
    const list = decodeRevocationList(encodeRevocationList(1, many));
    expect(list.count).toBe(1000);
    expect(many.every((r) => list.reasonOf(r.rid) === 'counterfeit')).toBe(true);
    expect(list.reasonOf(hex('0000000000000001'))).toBeUndefined();
  });

  it('refuses a list cut short, unsorted, with a rid twice, an unknown reason or version', () => {
    const good = encodeRevocationList(1, records);
    const swapped = good.slice();
    swapped.set(good.subarray(26, 35), 17);
    swapped.set(good.subarray(17, 26), 26);
    const repeated = good.slice();
    repeated.set(good.subarray(17, 26), 26);
    const reason = good.slice();
    reason[25] = 9;
    const version = good.slice();
    version[4] = 2;
    for (const [bad, why] of [
      [good.subarray(0, good.length - 1), /do not fit/],
      [swapped, /not sorted/],
      [repeated, /not sorted/],
      [reason, /reason code 9/],
      [version, /version 2/],
      [new TextEncoder().encode('CT1X'), /not a CT1R list/],
    ] as const) {
      expect(() => decodeRevocationList(bad), String(why)).toThrow(why);
    }
  });
});
