// The mint service's claim slips on a real SQLite registry: refused where the registry keeps no
// claims, the code kept with the card when its serial had to be drawn again, and never handed to
// a retry under the same key.
import { afterEach, describe, expect, it } from 'vitest';
import {
  claimCodeHash,
  parseClaimCode,
  parseSerial,
  randomSerial,
  serialToHex,
  SigningKeys,
} from '../../src/core/index.js';
import { mintCard, type MintContext } from '../../src/services/mint.js';
import { makeFixture, ORIGIN, type Fixture } from '../helpers/fixture.js';

let f: Fixture | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

const REQUEST = { boutique: 'PAR-SH', associate: 101, claimSlip: true };

async function context(serials?: () => Uint8Array): Promise<MintContext> {
  f = await makeFixture();
  return {
    store: f.store,
    signers: new SigningKeys([f.signer]),
    origin: ORIGIN,
    now: new Date(),
    claims: f.store.claims(),
    ...(serials && { serials }),
  };
}

const cards = () => f!.store.db.prepare('SELECT count(*) FROM cards').pluck().get() as number;
const kept = (serial: string) =>
  f!.store.db.prepare('SELECT code_hash FROM claim_codes WHERE serial = ?').pluck().get(serial);

describe('minting with a claim slip', () => {
  it('is refused, with nothing minted, where the registry keeps no claims', async () => {
    const ctx = await context();
    const before = cards();
    await expect(mintCard(REQUEST, { ...ctx, claims: null })).rejects.toMatchObject({
      code: 'ERR_NOT_AVAILABLE',
      message: expect.stringContaining('keeps no claims'),
    });
    expect(cards()).toBe(before);
  });

  it('keeps the code with the card whose serial was free, after a taken one', async () => {
    const ctx = await context();
    const taken = await mintCard({ boutique: 'PAR-SH', associate: 101 }, ctx);
    let draws = 0;
    const card = await mintCard(REQUEST, {
      ...ctx,
      serials: () => (draws++ === 0 ? parseSerial(taken.serial) : randomSerial()),
    });
    expect(draws).toBe(2);
    expect(kept(taken.serial)).toBeUndefined();
    expect(kept(card.serial)).toBe(
      await claimCodeHash(parseClaimCode(card.claimCode!), await ctx.claims!.claimSalt()),
    );
    expect(card.claimUrl).toBe(`${ORIGIN}/claim?code=${card.claimCode}`);
  });

  it('gives a retry under the same key the same card without its code', async () => {
    const ctx = await context();
    const first = await mintCard(REQUEST, ctx, { key: 'retry-1' });
    const again = await mintCard(REQUEST, ctx, { key: 'retry-1' });
    expect(again.serial).toBe(first.serial);
    expect(again.replayed).toBe(true);
    expect(first.claimCode).toBeDefined();
    expect(again.claimCode).toBeUndefined();
    expect(
      f!.store.db
        .prepare('SELECT count(*) FROM claim_codes WHERE serial = ?')
        .pluck()
        .get(first.serial),
    ).toBe(1);
    expect(serialToHex(parseSerial(first.serialText))).toBe(first.serial);
  });
});
