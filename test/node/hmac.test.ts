// The Node server's HMAC-SHA256 (the limiter's client key, the distinct-scanner hash) gives
// node:crypto's createHmac answer for every key length and message, its key's pads kept.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeMac } from '../../src/node/hmac.js';

const reference = (key: Uint8Array, data: Uint8Array) =>
  new Uint8Array(createHmac('sha256', key).update(data).digest());

describe('nodeMac', () => {
  it('is HMAC-SHA256 for keys shorter than, as long as and longer than a block', () => {
    const mac = nodeMac();
    for (const keyLength of [0, 1, 16, 32, 63, 64, 65, 200]) {
      const key = new Uint8Array(randomBytes(keyLength));
      for (const dataLength of [0, 1, 27, 55, 56, 64, 119, 300]) {
        const data = new Uint8Array(randomBytes(dataLength));
        // Twice: the second time with the key's pads kept from the first.
        expect(new Uint8Array(mac(key, data) as Uint8Array)).toEqual(reference(key, data));
        expect(new Uint8Array(mac(key, data) as Uint8Array)).toEqual(reference(key, data));
      }
    }
  });

  it('matches RFC 4231 test case 2 (a short key)', () => {
    const mac = nodeMac();
    const key = new TextEncoder().encode('Jefe');
    const data = new TextEncoder().encode('what do ya want for nothing?');
    expect(Buffer.from(mac(key, data) as Uint8Array).toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('keeps each key apart, and answers synchronously', () => {
    const mac = nodeMac();
    const data = new TextEncoder().encode('198.51.100.7\u0000ea0820df4cc490b3');
    const a = new Uint8Array(randomBytes(32));
    const b = new Uint8Array(randomBytes(32));
    const first = mac(a, data);
    expect(first).toBeInstanceOf(Uint8Array);
    expect(new Uint8Array(mac(b, data) as Uint8Array)).toEqual(reference(b, data));
    expect(new Uint8Array(mac(a, data) as Uint8Array)).toEqual(reference(a, data));
  });
});
