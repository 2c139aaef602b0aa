// The signature memo: verdicts are the same with and without it, and it stays within its size.
import { describe, expect, it } from 'vitest';
import {
  importKeyring,
  parseTokenText,
  SignatureMemo,
  verifyCard,
  type Keyring,
} from '../../src/core/index.js';
import { fixture as f, useFixture } from '../helpers/use-fixture.js';

useFixture();

const verify = (token: string, memo?: SignatureMemo, keyring: Keyring = f.keyring) =>
  verifyCard(token, { keyring, now: new Date(), findCard: (s) => f.store.findCard(s), memo });

describe('SignatureMemo', () => {
  it('gives every token the verdict it gets without a memo, the first time and the second', async () => {
    const card = await f.mint();
    const memo = new SignatureMemo();
    const tokens = [card.token];
    for (let i = 0; i < card.token.length; i += 7) {
      tokens.push(card.token.slice(0, i) + ((+card.token[i]! + 1) % 10) + card.token.slice(i + 1));
    }
    for (const token of tokens) {
      const plain = (await verify(token)).status;
      expect((await verify(token, memo)).status, token).toBe(plain);
      expect((await verify(token, memo)).status, token).toBe(plain);
    }
    expect((await verify(card.token, memo)).status).toBe('authentic');
    expect(memo.size).toBeGreaterThan(1); // forged ones are remembered too
  });

  it('still applies the key dates and the registry on every hit', async () => {
    const card = await f.mint({ date: '2026-06-01' });
    const memo = new SignatureMemo();
    expect((await verify(card.token, memo)).status).toBe('authentic');
    const compromised = await importKeyring({
      keys: [{ ...f.keyring.keys[0]!.jwk, status: 'compromised', compromisedSince: '2026-05-01' }],
    });
    expect(await verify(card.token, memo, compromised)).toMatchObject({
      status: 'forged',
      reason: { code: 'key-compromised' },
    });
    await f.store.revokeCard(card.serial, { reason: 'other', note: 'lost' }, new Date());
    expect((await verify(card.token, memo)).status).toBe('revoked');
  });

  it('forgets the least recently used outcome beyond its capacity', async () => {
    const token = parseTokenText((await f.mint()).token);
    const k1 = { token, kid: 'k1' };
    const k2 = { token, kid: 'k2' };
    const memo = new SignatureMemo(2);
    memo.set('a', k1);
    memo.set('b', { token, kid: null });
    expect(memo.get('a')).toBe(k1); // a is now the most recent
    memo.set('c', k2);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe(k1);
    expect(memo.get('c')).toBe(k2);
    expect(memo.size).toBe(2);
    const off = new SignatureMemo(0);
    off.set('a', k1);
    expect(off.get('a')).toBeUndefined();
  });

  it('keeps a token seen before from being parsed or verified again, bytes and text alike', async () => {
    const card = await f.mint();
    const memo = new SignatureMemo();
    const bytes = parseTokenText(card.token).bytes;
    expect((await verify(card.token, memo)).status).toBe('authentic');
    expect(memo.get(card.token)?.kid).toBe(f.keyring.keys[0]!.kid);
    const byBytes = (input: Uint8Array) =>
      verifyCard(input, {
        keyring: f.keyring,
        now: new Date(),
        findCard: (s) => f.store.findCard(s),
        memo,
      });
    expect((await byBytes(bytes)).status).toBe('authentic');
    expect(memo.size).toBe(2); // the text and the hex of the bytes
  });
});
