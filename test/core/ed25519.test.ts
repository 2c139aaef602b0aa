// verifyEd25519 against Wycheproof and RFC 8032, and the small-order keys Node alone would accept.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { CachetError, importVerifyKey, signEd25519, verifyEd25519 } from '../../src/core/index.js';
import { hex, loadVector } from '../helpers/vectors.js';

interface WycheproofFile {
  testGroups: {
    publicKey: { pk: string };
    tests: {
      tcId: number;
      comment: string;
      flags: string[];
      msg: string;
      sig: string;
      result: 'valid' | 'invalid';
    }[];
  }[];
}
interface RfcFile {
  rfc8032_ed25519: {
    name: string;
    secretKey: string;
    publicKey: string;
    message: string;
    signature: string;
  }[];
}

const wycheproof = loadVector<WycheproofFile>('wycheproof_ed25519_test.json');
const rfc = loadVector<RfcFile>('rfc8032_8037_7638_compiled.json');

describe('Wycheproof ed25519_test.json', () => {
  const cases = wycheproof.testGroups.flatMap((group) =>
    group.tests.map((test) => ({ ...test, pk: group.publicKey.pk })),
  );

  it('holds all 151 cases', () => expect(cases).toHaveLength(151));

  it.each(cases)('tcId $tcId ($result) $comment', async ({ pk, msg, sig, result }) => {
    expect(await verifyEd25519(hex(pk), hex(msg), hex(sig))).toBe(result === 'valid');
  });
});

describe('RFC 8032 §7.1', () => {
  it.each(rfc.rfc8032_ed25519)(
    '$name: signs to the published signature and verifies',
    async (v) => {
      const privateKey = await crypto.subtle.importKey(
        'jwk',
        {
          kty: 'OKP',
          crv: 'Ed25519',
          d: base64url.encode(hex(v.secretKey)),
          x: base64url.encode(hex(v.publicKey)),
        },
        { name: 'Ed25519' },
        false,
        ['sign'],
      );
      const signature = await signEd25519(privateKey, hex(v.message));
      expect(Buffer.from(signature).toString('hex')).toBe(v.signature);
      expect(await verifyEd25519(hex(v.publicKey), hex(v.message), signature)).toBe(true);
      const flipped = signature.slice();
      flipped[10]! ^= 1;
      expect(await verifyEd25519(hex(v.publicKey), hex(v.message), flipped)).toBe(false);
    },
  );
});

// The eight points of small order (libsodium's blocklist, canonical encodings) and the two
// non-canonical "negative zero" encodings of the identity and of the point of order 2.
const SMALL_ORDER_KEYS = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  '0100000000000000000000000000000000000000000000000000000000000080',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
];

describe('small-order public keys', () => {
  // R = identity, S = 0 satisfies the cofactorless equation [S]B = R + [k]A for A = identity,
  // whatever the message: anyone could "sign" anything under such a key.
  const identity = hex(SMALL_ORDER_KEYS[0]!);
  const trivialSignature = new Uint8Array(64);
  trivialSignature[0] = 1;
  const message = new TextEncoder().encode('any message at all');

  it('are accepted by OpenSSL 3.0 (Node 20), which is why the check exists; 3.5 (Node 24) refuses them', () => {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(identity) },
      format: 'jwk',
    });
    // Cachet's own check (below) holds whatever the runtime's library does; this pins what
    // the library does, so that a change in it is seen.
    const openssl = process.versions.openssl ?? '';
    expect(nodeVerify(null, message, key, trivialSignature)).toBe(openssl.startsWith('3.0.'));
  });

  it.each(SMALL_ORDER_KEYS)('%s is rejected', async (pk) => {
    expect(await verifyEd25519(hex(pk), message, trivialSignature)).toBe(false);
    await expect(importVerifyKey(hex(pk))).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
  });

  it('are exactly the points whose eightfold multiple is the identity', () => {
    // Independent check of the blocklist with affine Edwards arithmetic (RFC 8032 §5.1).
    const p = 2n ** 255n - 19n;
    const mod = (a: bigint) => ((a % p) + p) % p;
    const pow = (b: bigint, e: bigint): bigint => {
      let r = 1n;
      for (b = mod(b); e > 0n; e >>= 1n, b = mod(b * b)) if (e & 1n) r = mod(r * b);
      return r;
    };
    const inv = (a: bigint) => pow(a, p - 2n);
    const d = mod(-121665n * inv(121666n));
    const decode = (bytes: Uint8Array): [bigint, bigint] => {
      let y = 0n;
      for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(bytes[i]!);
      const sign = y >> 255n;
      y &= 2n ** 255n - 1n;
      const x2 = mod((y * y - 1n) * inv(d * y * y + 1n));
      let x = pow(x2, (p + 3n) / 8n);
      if (mod(x * x) !== x2) x = mod(x * pow(2n, (p - 1n) / 4n));
      if ((x & 1n) !== sign) x = mod(-x);
      return [x, y];
    };
    const double = ([x, y]: [bigint, bigint]): [bigint, bigint] => {
      const t = mod(d * x * x * y * y);
      return [mod(2n * x * y * inv(1n + t)), mod((y * y + x * x) * inv(1n - t))];
    };
    for (const pk of SMALL_ORDER_KEYS.slice(0, 8)) {
      const point = decode(hex(pk));
      expect(double(double(double(point))), pk).toEqual([0n, 1n]);
    }
  });
});

describe('misuse', () => {
  it('throws ERR_INVALID_ARGUMENT for values that are not bytes, and answers false for wrong lengths', async () => {
    const pk = hex(rfc.rfc8032_ed25519[0]!.publicKey);
    await expect(verifyEd25519('abc' as unknown as Uint8Array, pk, pk)).rejects.toBeInstanceOf(
      CachetError,
    );
    expect(await verifyEd25519(pk.slice(1), new Uint8Array(), new Uint8Array(64))).toBe(false);
    expect(await verifyEd25519(pk, new Uint8Array(), new Uint8Array(63))).toBe(false);
  });
});
