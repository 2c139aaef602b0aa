// The CT1 codec: byte layout, text form widths, and every way a decoder must refuse input.
import { describe, expect, it } from 'vitest';
import {
  bytesToDigits,
  CT1_LENGTHS,
  decodeToken,
  digitsToBytes,
  digitWidth,
  encodeClaims,
  formatToken,
  parseTokenText,
  signingInput,
  type CardClaims,
} from '../../src/core/index.js';
import { hex } from '../helpers/vectors.js';

const claims: CardClaims = {
  keyId: hex('a1b2c3d4'),
  serial: hex('0102030405060708'),
  issued: 0x2710,
  boutique: 0xbeef,
  associate: 0x123456,
  occasion: 3,
};

describe('CT1 layout', () => {
  it('puts every field at its offset, big-endian', () => {
    const body = encodeClaims(claims);
    expect(Buffer.from(body).toString('hex')).toBe(
      '01' + 'a1b2c3d4' + '0102030405060708' + '2710' + 'beef' + '123456' + '03' + '00',
    );
  });

  it('adds the 16-byte addressee commitment after the flags, with flag bit 0 set', () => {
    const body = encodeClaims({ ...claims, addressee: new Uint8Array(16).fill(0xaa) });
    expect(body).toHaveLength(38);
    expect(body[21]).toBe(1);
    expect(Buffer.from(body.subarray(22)).toString('hex')).toBe('aa'.repeat(16));
  });

  it('signs the context string, one zero byte, then the body', () => {
    const body = encodeClaims(claims);
    const input = signingInput(body);
    expect(new TextDecoder().decode(input.subarray(0, 14))).toBe('cachet/card/v1');
    expect(input[14]).toBe(0);
    expect(input.subarray(15)).toEqual(body);
  });

  it('decodes what it encodes, with and without the commitment', () => {
    for (const addressee of [undefined, new Uint8Array(16).fill(7)]) {
      const bytes = new Uint8Array([
        ...encodeClaims({ ...claims, addressee }),
        ...new Uint8Array(64).fill(9),
      ]);
      const token = decodeToken(bytes);
      expect(token.claims).toEqual({ ...claims, addressee });
      expect(token.signature).toEqual(new Uint8Array(64).fill(9));
      expect(parseTokenText(formatToken(bytes)).claims).toEqual(token.claims);
    }
  });

  it('refuses claims outside their fields', () => {
    expect(() => encodeClaims({ ...claims, boutique: 65536 })).toThrow(/boutique/);
    expect(() => encodeClaims({ ...claims, associate: 2 ** 24 })).toThrow(/associate/);
    expect(() => encodeClaims({ ...claims, occasion: 99 })).toThrow(/occasion/);
    expect(() => encodeClaims({ ...claims, serial: new Uint8Array(7) })).toThrow(/serial/);
  });
});

describe('text form', () => {
  it('is ceil(8 · n · log10 2) digits wide: 208 for 86 bytes, 246 for 102', () => {
    expect(digitWidth(86)).toBe(208);
    expect(digitWidth(102)).toBe(246);
    for (let n = 1; n <= 128; n++) expect(digitWidth(n)).toBe(Math.ceil(8 * n * Math.log10(2)));
  });

  it('round-trips leading zero bytes and the largest value', () => {
    for (const bytes of [
      new Uint8Array(86),
      new Uint8Array(86).fill(0xff),
      hex('00'.repeat(40) + '01'.repeat(46)),
    ]) {
      const digits = bytesToDigits(bytes);
      expect(digits).toHaveLength(208);
      expect(digitsToBytes(digits, CT1_LENGTHS)).toEqual(bytes);
    }
  });

  it.each([
    ['', 'ERR_TOKEN_EMPTY'],
    ['1'.repeat(207) + 'a', 'ERR_TOKEN_CHARACTERS'],
    [' ' + '1'.repeat(207), 'ERR_TOKEN_CHARACTERS'],
    ['+' + '1'.repeat(207), 'ERR_TOKEN_CHARACTERS'],
    ['１'.repeat(208), 'ERR_TOKEN_CHARACTERS'], // full-width digits
    ['1'.repeat(207), 'ERR_TOKEN_WIDTH'],
    ['1'.repeat(209), 'ERR_TOKEN_WIDTH'],
    ['9'.repeat(208), 'ERR_TOKEN_OVERFLOW'],
    ['9'.repeat(246), 'ERR_TOKEN_OVERFLOW'],
  ])('refuses %j with %s', (digits, code) => {
    expect(() => digitsToBytes(digits, CT1_LENGTHS)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a value just past 256^86 − 1', () => {
    const tooBig = (256n ** 86n).toString();
    expect(tooBig).toHaveLength(208);
    expect(() => digitsToBytes(tooBig, CT1_LENGTHS)).toThrow(
      expect.objectContaining({ code: 'ERR_TOKEN_OVERFLOW' }),
    );
  });
});

describe('decodeToken refuses', () => {
  const good = () => new Uint8Array([...encodeClaims(claims), ...new Uint8Array(64)]);
  it.each([
    ['another format version', (b: Uint8Array) => (b[0] = 2), 'ERR_TOKEN_VERSION'],
    ['a flag bit other than bit 0', (b: Uint8Array) => (b[21] = 2), 'ERR_TOKEN_FLAGS'],
    ['flag bit 0 without the 16 bytes', (b: Uint8Array) => (b[21] = 1), 'ERR_TOKEN_LENGTH'],
    ['an occasion outside the table', (b: Uint8Array) => (b[20] = 200), 'ERR_TOKEN_OCCASION'],
  ])('%s', (_, mutate, code) => {
    const bytes = good();
    mutate(bytes);
    expect(() => decodeToken(bytes)).toThrow(expect.objectContaining({ code }));
  });

  it('a token too short to hold a signature', () => {
    expect(() => decodeToken(new Uint8Array(85))).toThrow(
      expect.objectContaining({ code: 'ERR_TOKEN_LENGTH' }),
    );
  });
});
