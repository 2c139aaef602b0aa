// QR codes read back by an independent decoder (zxing-wasm) from real PNG bytes, at the sizes docs/token.md promises.
import { describe, expect, it } from 'vitest';
import { readCardInput } from '../../src/core/index.js';
import { qrSegments, qrText } from '../../src/print/qr.js';
import { renderQr } from '../../src/node/render-qr.js';
import { decodeQr } from '../helpers/qr-decode.js';

const DIGITS_86 = '0'.repeat(3) + '7'.repeat(205); // 208 digits, as an 86-byte token has
const DIGITS_102 = '0'.repeat(3) + '5'.repeat(243); // 246 digits

describe('renderQr', () => {
  it('writes the prefix upper-cased in alphanumeric mode and the digits in numeric mode', () => {
    const segments = qrSegments(`https://verify.brand.co/c/${DIGITS_86}`);
    expect(segments).toEqual([
      { data: 'HTTPS://VERIFY.BRAND.CO/C/', mode: 'alphanumeric' },
      { data: DIGITS_86, mode: 'numeric' },
    ]);
  });

  it('reads back, from the PNG, exactly the URL it encoded', async () => {
    const url = `https://verify.brand.co/c/${DIGITS_86}`;
    const qr = await renderQr(url);
    expect(await decodeQr(qr.png)).toEqual([qrText(url)]);
    expect(readCardInput(qr.text)).toEqual({
      digits: DIGITS_86,
      host: 'verify.brand.co',
      scheme: 'https:',
      disguised: false,
    });
  });

  it.each([
    ['a 15-character host', 'verify.brand.co', DIGITS_86, 'M', 6],
    ['a 16-character host', 'verify.brand.com', DIGITS_86, 'M', 7],
    // 39 is sometimes said; the bits say 38: 13 + 49 alphanumeric chars (270) + 14 + 694 = 991 ≤ 992 (7-M).
    ['a 38-character host', `${'v'.repeat(29)}.brand.co`, DIGITS_86, 'M', 7],
    ['a 39-character host', `${'v'.repeat(30)}.brand.co`, DIGITS_86, 'M', 8],
  ] as const)(
    'fits an 86-byte token behind %s in version %s',
    async (_, host, digits, ecc, version) => {
      expect((await renderQr(`https://${host}/c/${digits}`, { ecc })).version).toBe(version);
    },
  );

  it('holds the 102-byte form and every error-correction level', async () => {
    for (const ecc of ['L', 'M', 'Q', 'H'] as const) {
      const url = `https://verify.brand.co/c/${DIGITS_102}`;
      const qr = await renderQr(url, { ecc });
      expect(await decodeQr(qr.png), ecc).toEqual([qrText(url)]);
    }
  });

  it('makes an SVG with a 4-module quiet zone', async () => {
    const qr = await renderQr(`https://verify.brand.co/c/${DIGITS_86}`);
    expect(qr.svg).toMatch(/^<svg[^>]+viewBox="0 0 49 49"/); // 41 modules + 2 × 4
  });
});
