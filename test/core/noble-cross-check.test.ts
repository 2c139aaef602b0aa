// The two Ed25519 paths a verdict can take, WebCrypto and @noble/ed25519 (for browsers without
// Ed25519 in WebCrypto), give the same answer on every Wycheproof case and RFC 8032 vector, and
// every case of the CT1 vectors reaches the same verdict through both.
import { afterEach, describe, expect, it } from 'vitest';
import { importVerifyKey, useEd25519Fallback, verifyEd25519 } from '../../src/core/index.js';
import { nobleEd25519 } from '../../src/verify/noble.js';
import { hex, loadVector } from '../helpers/vectors.js';
import { runCt1Vector, loadCt1Vectors } from '../helpers/ct1-vectors.js';

interface WycheproofFile {
  testGroups: {
    publicKey: { pk: string };
    tests: { tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' }[];
  }[];
}
interface RfcFile {
  rfc8032_ed25519: { name: string; publicKey: string; message: string; signature: string }[];
}

const wycheproof = loadVector<WycheproofFile>('wycheproof_ed25519_test.json');
const rfc = loadVector<RfcFile>('rfc8032_8037_7638_compiled.json');
const cases = [
  ...wycheproof.testGroups.flatMap((g) =>
    g.tests.map((t) => ({
      name: `wycheproof ${t.tcId}`,
      pk: g.publicKey.pk,
      msg: t.msg,
      sig: t.sig,
      valid: t.result === 'valid',
    })),
  ),
  ...rfc.rfc8032_ed25519.map((v) => ({
    name: v.name,
    pk: v.publicKey,
    msg: v.message,
    sig: v.signature,
    valid: true,
  })),
];

async function bothWays<T>(run: () => Promise<T>): Promise<[T, T]> {
  useEd25519Fallback(null);
  const webCrypto = await run();
  useEd25519Fallback(nobleEd25519, { always: true });
  const noble = await run();
  return [webCrypto, noble];
}
afterEach(() => useEd25519Fallback(null));

describe('WebCrypto and @noble/ed25519 (zip215: false) agree', () => {
  it(`on all ${cases.length} Wycheproof and RFC 8032 cases, and both match the expected result`, async () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const [a, b] = await bothWays(() => verifyEd25519(hex(c.pk), hex(c.msg), hex(c.sig)));
      if (a !== c.valid || b !== c.valid) disagreements.push(`${c.name}: ${a} / ${b}`);
    }
    expect(disagreements).toEqual([]);
    expect(cases.length).toBeGreaterThan(151);
    // The second pass really ran on noble: its keys are bytes for the fallback, not CryptoKeys.
    const [webKey, nobleKey] = await bothWays(() => importVerifyKey(hex(cases[0]!.pk)));
    expect(webKey).toBeInstanceOf(CryptoKey);
    expect(nobleKey).toMatchObject({ fallback: nobleEd25519 });
  });

  it('gives noble alone the case ZIP 215 accepts and a strict verifier must refuse', async () => {
    // Without the strict branch noble would accept a small-order key's signature: this shows
    // the answer above comes from zip215: false plus the core's checks, not luck.
    const smallOrder = cases.filter((c) => !c.valid);
    let acceptedByZip215 = 0;
    const ed = await import('@noble/ed25519');
    for (const c of smallOrder) {
      const zip = await ed
        .verifyAsync(hex(c.sig), hex(c.msg), hex(c.pk), { zip215: true })
        .catch(() => false);
      if (zip) acceptedByZip215++;
    }
    expect(acceptedByZip215).toBeGreaterThan(0);
  });

  it('on every CT1 vector: the same verdict through both', async () => {
    const { vectors } = loadCt1Vectors();
    for (const vector of vectors) {
      const [a, b] = await bothWays(() => runCt1Vector(vector));
      expect(b, vector.id).toEqual(a);
      expect(a, vector.id).toEqual(vector.expected);
    }
  });
});
