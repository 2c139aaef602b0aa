// Key changes that cannot forge a card its key legitimately signed: which key signs a date, the
// windows rotation leaves, and the count of cards a change would move, made before it is made.
import { describe, expect, it } from 'vitest';
import {
  dateToDay,
  generateKeyPair,
  importKeyring,
  importSigner,
  keyChangeImpact,
  parseCountryCode,
  SigningKeys,
  type PublicKeyJwk,
} from '../../src/core/index.js';
import { compromiseKeys, retireKey, rotateKeys } from '../../src/services/key-changes.js';

async function signerFor(options: Parameters<typeof generateKeyPair>[0]) {
  const pair = await generateKeyPair(options);
  return importSigner(pair.privateJwk, await importKeyring({ keys: [pair.publicJwk] }));
}

describe('SigningKeys', () => {
  it('signs each date with a key whose window holds it, production before development', async () => {
    const development = await signerFor({ validFrom: '2024-01-01', development: true });
    const production = await signerFor({ validFrom: '2024-12-01' });
    const older = await signerFor({ validFrom: '2023-01-01', validTo: '2023-12-31' });
    const keys = new SigningKeys([development, production, older]);
    expect(keys.forDay(dateToDay('2024-11-30')).key.kid).toBe(development.key.kid);
    expect(keys.forDay(dateToDay('2024-12-01')).key.kid).toBe(production.key.kid);
    expect(keys.forDay(dateToDay('2023-06-01')).key.kid).toBe(older.key.kid);
  });

  it('names every key and its dates when none may sign a date', async () => {
    const production = await signerFor({ validFrom: '2024-12-01' });
    const older = await signerFor({ validFrom: '2023-01-01', validTo: '2023-12-31' });
    const keys = new SigningKeys([production, older]);
    expect(() => keys.forDay(dateToDay('2024-11-30'))).toThrow(
      expect.objectContaining({
        code: 'ERR_KEY_NOT_VALID_FOR_DATE',
        message: `no signing key may sign a card dated 2024-11-30: ${production.key.kid} signs cards dated from 2024-12-01; ${older.key.kid} signs cards dated 2023-01-01 to 2023-12-31`,
      }),
    );
    expect(() => new SigningKeys([]).forDay(0)).toThrow(
      expect.objectContaining({ code: 'ERR_NO_SIGNING_KEY' }),
    );
  });

  it('leaves retired, compromised and receipt keys out', async () => {
    const receipt = await signerFor({ validFrom: '2020-01-01', receipt: true });
    const retired = await signerFor({ validFrom: '2020-01-01' });
    retired.key.status = 'retired';
    expect(new SigningKeys([receipt, retired]).size).toBe(0);
  });
});

const key = (fields: Partial<PublicKeyJwk>) => ({ ...fields }) as PublicKeyJwk;

describe('retiring a key', () => {
  it('closes its window today, never before it opens, never later than it already closed', () => {
    expect(retireKey(key({ validFrom: '2024-01-01' }), '2024-11-30')).toMatchObject({
      status: 'retired',
      validTo: '2024-11-30',
    });
    const future = retireKey(key({ validFrom: '2024-12-01' }), '2024-11-30');
    expect(future).toMatchObject({ status: 'retired', validFrom: '2024-12-01' });
    expect(future.validTo).toBeUndefined();
    expect(
      retireKey(key({ validFrom: '2024-01-01', validTo: '2024-06-30' }), '2024-11-30').validTo,
    ).toBe('2024-06-30');
  });

  it('rotates only the active keys of the new key purpose', () => {
    const keys = [
      key({ kid: 'card', status: 'active', validFrom: '2024-01-01' }),
      key({ kid: 'receipt', status: 'active', validFrom: '2024-01-01', purpose: 'receipt' }),
      key({ kid: 'old', status: 'retired', validFrom: '2023-01-01', validTo: '2023-12-31' }),
    ];
    const fresh = key({ kid: 'new', status: 'active', validFrom: '2024-11-30' });
    const { keys: after, retired } = rotateKeys(keys, fresh, '2024-11-30');
    expect(retired).toEqual(['card']);
    expect(after.map((k) => `${k.kid}:${k.status}:${k.validTo ?? ''}`)).toEqual([
      'card:retired:2024-11-30',
      'receipt:active:',
      'old:retired:2023-12-31',
      'new:active:',
    ]);
  });
});

describe('keyChangeImpact', () => {
  it('counts the cards a change would forge, mark or restore, revoked ones included', async () => {
    const a = await generateKeyPair({ validFrom: '2024-01-01' });
    const before = [a.publicJwk];
    const counts = [
      { kid: a.publicJwk.kid, issued: dateToDay('2024-11-30'), cards: 3 },
      { kid: a.publicJwk.kid, issued: dateToDay('2024-12-24'), cards: 2 },
      { kid: 'someone-else', issued: dateToDay('2024-12-24'), cards: 7 },
    ];
    const impact = async (after: PublicKeyJwk[]) =>
      keyChangeImpact(
        await importKeyring({ keys: before }),
        await importKeyring({ keys: after }),
        counts,
      );
    // Retired today: the two cards dated 24 December would read forged.
    expect(await impact([retireKey(a.publicJwk, '2024-11-30')])).toEqual({
      forged: 2,
      restored: 0,
      warned: 0,
      lastForgedDay: dateToDay('2024-12-24'),
    });
    expect(await impact([retireKey(a.publicJwk, '2024-12-24')])).toMatchObject({ forged: 0 });
    // Compromised from 1 December: two forged, three still verify with the warning.
    expect(await impact(compromiseKeys(before, a.publicJwk.kid, '2024-12-01'))).toMatchObject({
      forged: 2,
      warned: 3,
    });
    expect(() => compromiseKeys(before, 'nope', '2024-12-01')).toThrow(/no key has the kid nope/);
  });
});

describe('parseCountryCode', () => {
  it('takes assigned ISO 3166-1 alpha-2 codes in any case, and names the one meant for UK', () => {
    expect(parseCountryCode('gb')).toBe('GB');
    expect(parseCountryCode(' FR ')).toBe('FR');
    expect(() => parseCountryCode('UK')).toThrow(
      '"UK" is not an ISO 3166-1 country code: UK is written GB',
    );
    for (const bad of ['XX', 'EU', 'ZZ', 'F', 'FRA']) {
      expect(() => parseCountryCode(bad), bad).toThrow(/is not an ISO 3166-1 country code/);
    }
  });
});
