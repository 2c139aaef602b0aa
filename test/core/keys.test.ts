// Keys as data: RFC 7638 / RFC 8037 thumbprints, the JWK checks, and which dates a key may sign for.
import { describe, expect, it } from 'vitest';
import { calculateJwkThumbprint } from 'jose';
import {
  dateToDay,
  generateKeyPair,
  importKeyring,
  importSigner,
  importTrustedKey,
  keyIdOf,
  keyRefusesDate,
  thumbprint,
} from '../../src/core/index.js';
import { loadVector } from '../helpers/vectors.js';

interface Rfc {
  rfc8037: { A2_public_jwk: { x: string }; A3_thumbprint_sha256_b64u: string };
  rfc7638: { s3_1_jwk: Record<string, string>; thumbprint_sha256_b64u: string };
}
const rfc = loadVector<Rfc>('rfc8032_8037_7638_compiled.json');

describe('kid', () => {
  it('is the RFC 8037 §A.3 thumbprint of the RFC 8037 key', async () => {
    expect(await thumbprint(rfc.rfc8037.A2_public_jwk.x)).toBe(
      rfc.rfc8037.A3_thumbprint_sha256_b64u,
    );
  });

  it('uses the RFC 7638 §3.1 algorithm (checked on its RSA example through jose)', async () => {
    expect(await calculateJwkThumbprint(rfc.rfc7638.s3_1_jwk as never)).toBe(
      rfc.rfc7638.thumbprint_sha256_b64u,
    );
  });

  it('gives tokens its first 4 bytes', () => {
    // kPrK_q… in base64url is 90 fa ca fe …
    expect(Buffer.from(keyIdOf(rfc.rfc8037.A3_thumbprint_sha256_b64u)).toString('hex')).toBe(
      '90facafe',
    );
  });
});

describe('importTrustedKey', () => {
  it('accepts a generated key and publishes no private member', async () => {
    const { publicJwk, privateJwk } = await generateKeyPair({
      validFrom: '2026-01-01',
      development: true,
    });
    const key = await importTrustedKey(publicJwk);
    expect(key.kid).toBe(await thumbprint(publicJwk.x));
    expect(key.development).toBe(true);
    expect(JSON.stringify((await importKeyring({ keys: [privateJwk] })).toJwks())).not.toContain(
      '"d"',
    );
  });

  it.each([
    ['a kid that is not the thumbprint', { kid: 'not-the-thumbprint' }],
    ['an unknown status', { status: 'maybe' }],
    ['a missing validFrom', { validFrom: undefined }],
    ['a bad date', { validTo: '2026-13-01' }],
    ['another curve', { crv: 'X25519' }],
  ])('refuses %s', async (_, change) => {
    const { publicJwk } = await generateKeyPair({ validFrom: '2026-01-01' });
    await expect(importTrustedKey({ ...publicJwk, ...change })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
    });
  });

  it('refuses a small-order public key even with a matching kid', async () => {
    const x = Buffer.from('01'.padEnd(64, '0'), 'hex').toString('base64url');
    const jwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x,
      kid: await thumbprint(x),
      status: 'active',
      validFrom: '2026-01-01',
    };
    await expect(importTrustedKey(jwk)).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
  });

  it('refuses a private key whose public half is not trusted', async () => {
    const a = await generateKeyPair({ validFrom: '2026-01-01' });
    const b = await generateKeyPair({ validFrom: '2026-01-01' });
    await expect(
      importSigner(b.privateJwk, await importKeyring({ keys: [a.publicJwk] })),
    ).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_FOUND',
    });
  });
});

describe('keyRefusesDate', () => {
  it('allows exactly the days from validFrom to validTo, and none from a compromise on', async () => {
    const { publicJwk } = await generateKeyPair({ validFrom: '2026-01-10', validTo: '2026-01-20' });
    const key = await importTrustedKey({ ...publicJwk, compromisedSince: '2026-01-15' });
    const day = dateToDay;
    expect(keyRefusesDate(key, day('2026-01-09'))).toMatch(/only from 2026-01-10/);
    expect(keyRefusesDate(key, day('2026-01-10'))).toBeUndefined();
    expect(keyRefusesDate(key, day('2026-01-14'))).toBeUndefined();
    expect(keyRefusesDate(key, day('2026-01-15'))).toMatch(/compromised from 2026-01-15/);
    const open = await importTrustedKey(publicJwk);
    expect(keyRefusesDate(open, day('2026-01-20'))).toBeUndefined();
    expect(keyRefusesDate(open, day('2026-01-21'))).toMatch(/only until 2026-01-20/);
  });
});
