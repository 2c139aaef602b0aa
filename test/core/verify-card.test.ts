// The six verdicts, each reached by its named step, and every one-digit change of a genuine token.
import { describe, expect, it } from 'vitest';
import {
  formatToken,
  generateKeyPair,
  importKeyring,
  importSigner,
  parseTokenText,
  randomSerial,
  signCard,
  verifyCard,
  type CardRecord,
  type Status,
} from '../../src/core/index.js';
import { makeFixture } from '../helpers/fixture.js';
import { fixture as f, useFixture } from '../helpers/use-fixture.js';

useFixture();

const verify = (token: string, keyring = f.keyring) =>
  verifyCard(token, { keyring, now: new Date(), findCard: (serial) => f.store.findCard(serial) });

describe('verifyCard', () => {
  it('authentic: a minted card, with its claims and registry row', async () => {
    const card = await f.mint({ occasion: 'birthday' });
    const verdict = await verify(card.token);
    expect(verdict.status).toBe('authentic');
    expect(verdict.claims).toMatchObject({ boutique: 1, associate: 101, occasion: 1 });
    expect(verdict.record?.serial).toBe(card.serial);
    expect(verdict.warnings).toEqual([]);
  });

  it('revoked: with the date and the reason', async () => {
    const card = await f.mint();
    await f.store.revokeCard(
      card.serial,
      { reason: 'lost-or-stolen', note: 'private note' },
      new Date('2026-01-02T03:04:05Z'),
    );
    const verdict = await verify(card.token);
    expect(verdict.status).toBe('revoked');
    expect(verdict.revocation).toEqual({
      revokedAt: '2026-01-02T03:04:05.000Z',
      reason: 'lost-or-stolen', // the note is for staff: never in a verdict
    });
  });

  it('unregistered: a valid signature on a serial the registry does not have', async () => {
    const card = await f.mint();
    const claims = { ...parseTokenText(card.token).claims, serial: randomSerial() };
    const verdict = await verify(formatToken(await signCard(claims, f.signer.privateKey)));
    expect(verdict).toMatchObject({ status: 'unregistered', reason: { code: 'not-in-registry' } });
    expect(verdict.claims?.serial).toEqual(claims.serial);
  });

  it('unregistered: the registry row holds other claims than the signed ones', async () => {
    const card = await f.mint({ associate: 101 });
    const claims = { ...parseTokenText(card.token).claims, associate: 102 };
    const verdict = await verify(formatToken(await signCard(claims, f.signer.privateKey)));
    expect(verdict).toMatchObject({ status: 'unregistered', reason: { code: 'claims-differ' } });
  });

  it('forged: the signature does not verify', async () => {
    const card = await f.mint();
    const bytes = parseTokenText(card.token).bytes;
    bytes[bytes.length - 40]! ^= 0x10;
    const verdict = await verify(formatToken(bytes));
    expect(verdict).toMatchObject({ status: 'forged', reason: { code: 'signature-invalid' } });
    expect(verdict.claims).toBeUndefined();
  });

  it('forged: the key was not allowed to sign on that date', async () => {
    const card = await f.mint({ date: '2021-06-01' });
    const pair = f.keyring.keys[0]!.jwk;
    for (const limits of [
      { validFrom: '2022-01-01' },
      { validTo: '2021-05-31' },
      { status: 'compromised', compromisedSince: '2021-06-01' },
    ]) {
      const keyring = await importKeyring({ keys: [{ ...pair, ...limits }] });
      const verdict = await verify(card.token, keyring);
      expect(verdict, JSON.stringify(limits)).toMatchObject({
        status: 'forged',
        reason: {
          code: 'status' in limits ? 'key-compromised' : 'key-not-valid-for-date',
          message:
            'status' in limits ? 'the key was compromised from 2021-06-01' : expect.any(String),
        },
      });
    }
    // Compromised only later: the card still verifies, and says the key was compromised.
    const earlier = await importKeyring({
      keys: [{ ...pair, status: 'compromised', compromisedSince: '2021-06-02' }],
    });
    expect(await verify(card.token, earlier)).toMatchObject({
      status: 'authentic',
      warnings: ['key-compromised'],
    });
  });

  it('unknown-key: signed by a key the keyring does not trust', async () => {
    const other = await generateKeyPair({ validFrom: '2020-01-01' });
    const otherRing = await importKeyring({ keys: [other.publicJwk] });
    const signer = await importSigner(other.privateJwk, otherRing);
    const claims = { ...parseTokenText((await f.mint()).token).claims, keyId: signer.key.keyId };
    const verdict = await verify(formatToken(await signCard(claims, signer.privateKey)));
    expect(verdict).toMatchObject({ status: 'unknown-key', reason: { code: 'key-id-unknown' } });
  });

  it('malformed: carries the codec error code', async () => {
    expect(await verify('12345')).toMatchObject({
      status: 'malformed',
      reason: { code: 'ERR_TOKEN_WIDTH' },
    });
    expect(await verify('<script>')).toMatchObject({
      status: 'malformed',
      reason: { code: 'ERR_TOKEN_CHARACTERS' },
    });
  });

  it('marks cards signed by a development key', async () => {
    const dev = await makeFixture({ validFrom: '2020-01-01', development: true });
    try {
      const card = await dev.mint();
      const verdict = await verifyCard(card.token, {
        keyring: dev.keyring,
        now: new Date(),
        findCard: (s) => dev.store.findCard(s),
      });
      expect(verdict).toMatchObject({ status: 'authentic', warnings: ['development-key'] });
    } finally {
      dev.close();
    }
  });

  it('never answers authentic for any single-digit change of a genuine token', async () => {
    const card = await f.mint();
    let lookups = 0;
    const ctx = {
      keyring: f.keyring,
      now: new Date(),
      findCard: (serial: string): Promise<CardRecord | null> => {
        lookups++;
        return f.store.findCard(serial);
      },
    };
    const seen = new Map<Status, number>();
    let variants = 0;
    for (let i = 0; i < card.token.length; i++) {
      for (const digit of '0123456789') {
        if (digit === card.token[i]) continue;
        const changed = card.token.slice(0, i) + digit + card.token.slice(i + 1);
        const { status } = await verifyCard(changed, ctx);
        seen.set(status, (seen.get(status) ?? 0) + 1);
        expect(status, `digit ${i} → ${digit}`).not.toBe('authentic');
        variants++;
      }
    }
    expect(variants).toBe(208 * 9);
    // A changed digit breaks the format, the key id or the signature; nothing else can happen.
    expect([...seen.keys()].every((s) => ['forged', 'unknown-key', 'malformed'].includes(s))).toBe(
      true,
    );
    expect(seen.get('forged')).toBeGreaterThan(1000);
    // Only a verified signature may reach the registry; no change of a digit produces one.
    expect(lookups).toBe(0);
  });
});
