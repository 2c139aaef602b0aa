// Telling an image's kind from its bytes, and where a code leads.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  looksLikeSerial,
  normaliseHost,
  readCodeTarget,
  sniffImage,
} from '../../src/core/index.js';
import { pickLanguage } from '../../src/app/i18n/index.js';

describe('sniffImage', () => {
  const base = () =>
    sharp({ create: { width: 321, height: 123, channels: 3, background: '#abc' } });
  it.each([
    ['jpeg', () => base().jpeg().toBuffer()],
    ['png', () => base().png().toBuffer()],
    ['webp', () => base().webp().toBuffer()],
    ['webp', () => base().webp({ lossless: true }).toBuffer()],
    ['gif', () => base().gif().toBuffer()],
  ] as const)('reads %s and its size from the header', async (format, make) => {
    expect(sniffImage(await make())).toEqual({ format, width: 321, height: 123 });
  });
  it('knows nothing else', async () => {
    expect(sniffImage(await base().tiff().toBuffer())).toBeNull();
    expect(
      sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBeNull();
    expect(sniffImage(new Uint8Array(10))).toBeNull();
  });
});

describe('readCodeTarget', () => {
  const hosts = ['verify.brand.co', 'localhost:8787'];
  it('verifies bare digits and links to the verify hosts, in any case', () => {
    expect(readCodeTarget(' 0005123 ', hosts)).toEqual({
      kind: 'token',
      digits: '0005123',
      host: null,
    });
    expect(readCodeTarget('HTTPS://VERIFY.BRAND.CO/C/0005123', hosts)).toEqual({
      kind: 'token',
      digits: '0005123',
      host: 'verify.brand.co',
    });
    // A development server on http: its own scheme is the brand's too.
    expect(readCodeTarget('http://localhost:8787/c/0005', hosts, ['https:', 'http:']).kind).toBe(
      'token',
    );
  });

  // The brand's origin is https: and a listed host, nothing else: the table of what a forger
  // can put in front of a real token.
  it.each([
    [
      'intent: with our host',
      'intent://verify.brand.co/c/0005123#Intent;scheme=https;S.browser_fallback_url=https%3A%2F%2Fevil.example;end',
      'intent://verify.brand.co',
    ],
    ['http: downgrade', 'http://verify.brand.co/c/0005123', 'http://verify.brand.co'],
    ['HTTP: downgrade in capitals', 'HTTP://VERIFY.BRAND.CO/C/0005123', 'http://verify.brand.co'],
    ['another scheme', 'ftp://verify.brand.co/c/0005123', 'ftp://verify.brand.co'],
    [
      'a user name before our host',
      'https://verify.brand.co@evil.example/c/0005123',
      'evil.example',
    ],
    ['a user name on our host', 'https://support@verify.brand.co/c/0005123', 'verify.brand.co'],
    ['a trailing dot', 'https://verify.brand.co./c/0005123', 'verify.brand.co.'],
    ['a look-alike letter (IDN)', 'https://verify.brаnd.co/c/0005123', 'verify.xn--brnd-63d.co'],
    [
      'punycode of another name',
      'https://xn--verify-brand-xyz.co/c/0005123',
      'xn--verify-brand-xyz.co',
    ],
    [
      'a backslash before our host',
      'https://evil.example\\@verify.brand.co/c/0005123',
      'evil.example',
    ],
    ['backslashes for slashes', 'https:\\\\verify.brand.co\\c\\0005123', 'verify.brand.co'],
    ['another port', 'https://verify.brand.co:8443/c/0005123', 'verify.brand.co:8443'],
  ])('calls %s a look-alike', (_, text, shown) => {
    expect(readCodeTarget(text, hosts)).toEqual({ kind: 'look-alike', host: shown });
  });

  it('accepts the default port spelled out, and any case of scheme and host', () => {
    expect(readCodeTarget('https://verify.brand.co:443/c/0005123', hosts).kind).toBe('token');
    expect(readCodeTarget('HtTpS://Verify.Brand.Co/c/0005123', hosts).kind).toBe('token');
  });
  it.each([
    'https://verify.brand.co.evil.example/c/0005123',
    'https://verify-brand.co/c/0005123',
    'https://brand.co/c/0005123',
    'https://localhost:8788/c/0005123',
    'https://user@evil.example/c/0005123',
  ])('calls %s a look-alike', (text) => {
    expect(readCodeTarget(text, hosts).kind).toBe('look-alike');
  });
  it('normalises configured hosts, with or without a scheme', () => {
    expect(normaliseHost(' Verify.Brand.CO ')).toBe('verify.brand.co');
    expect(normaliseHost('https://verify.brand.co:443')).toBe('verify.brand.co');
    expect(normaliseHost('http://localhost:8787')).toBe('localhost:8787');
  });
  it('tells a typed serial from a token', () => {
    expect(looksLikeSerial('7k3m q9xp 2ht4 w')).toBe(true);
    expect(looksLikeSerial('00112233445566aa')).toBe(true);
    expect(looksLikeSerial('0'.repeat(208))).toBe(false);
  });
});

describe('pickLanguage', () => {
  it.each([
    [undefined, undefined, 'en'],
    ['fr', 'de', 'fr'],
    ['xx', 'de-AT,de;q=0.9', 'de'],
    [undefined, 'en;q=0.2, zh-Hans-CN;q=0.9, vi;q=0.5', 'zh'],
    [undefined, 'ja, ko;q=0.8', 'en'],
    [undefined, 'fr;q=0, de;q=0.1', 'de'],
  ] as const)('?lang=%s with Accept-Language %s → %s', (query, accept, lang) => {
    expect(pickLanguage(query, accept)).toBe(lang);
  });
});
