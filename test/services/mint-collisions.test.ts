// A taken serial, on a real SQLite registry: one card and a batch chunk both draw again, and both
// give up after the same SERIAL_ATTEMPTS draws a card, with the same error and nothing written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSerial, randomSerial, serialToHex, SigningKeys } from '../../src/core/index.js';
import { runBatch, type CampaignRow } from '../../src/node/batch.js';
import { parseCsv } from '../../src/services/csv.js';
import { mintCard, SERIAL_ATTEMPTS, type MintContext } from '../../src/services/mint.js';
import { makeFixture, ORIGIN, type Fixture } from '../helpers/fixture.js';

let f: Fixture | undefined;
afterEach(() => {
  f?.close();
  f = undefined;
});

/** A registry holding one card, and a serial source that hands out that card's serial first. */
async function registryWithTakenSerial() {
  f = await makeFixture();
  const taken = await f.mint();
  const fixture = f;
  /** Draws the taken serial `times` times (every time when Infinity), then random ones. */
  const context = (times: number) => {
    const drawn: string[] = [];
    const ctx: MintContext = {
      store: fixture.store,
      signers: new SigningKeys([fixture.signer]),
      origin: ORIGIN,
      now: new Date(),
      serials: () => {
        const serial = drawn.length < times ? parseSerial(taken.serial) : randomSerial();
        drawn.push(serialToHex(serial));
        return serial;
      },
    };
    return { ctx, drawn };
  };
  const cardCount = () =>
    fixture.store.db.prepare('SELECT count(*) FROM cards').pluck().get() as number;
  return { taken, context, cardCount, fixture };
}

const GIVE_UP = {
  code: 'ERR_INTERNAL',
  message: `no free serial after ${SERIAL_ATTEMPTS} random draws`,
};

describe('one card', () => {
  it('draws again while its serial is taken, and commits the free one', async () => {
    const { taken, context, cardCount } = await registryWithTakenSerial();
    const { ctx, drawn } = context(3);
    const card = await mintCard({ boutique: 'PAR-SH', associate: 101 }, ctx);
    expect(drawn).toHaveLength(4);
    expect(drawn.slice(0, 3)).toEqual(Array(3).fill(taken.serial));
    expect(card.serial).toBe(drawn[3]);
    expect(card.replayed).toBe(false);
    expect(await f!.store.findCard(card.serial)).toMatchObject({ associate: 101 });
    expect(cardCount()).toBe(2);
  });

  it(`gives up after ${SERIAL_ATTEMPTS} taken serials, writing nothing`, async () => {
    const { context, cardCount } = await registryWithTakenSerial();
    const { ctx, drawn } = context(Infinity);
    await expect(mintCard({ boutique: 'PAR-SH', associate: 101 }, ctx)).rejects.toMatchObject(
      GIVE_UP,
    );
    expect(drawn).toHaveLength(SERIAL_ATTEMPTS);
    expect(cardCount()).toBe(1);
  });
});

describe('a batch chunk', () => {
  const rows: CampaignRow[] = [
    { line: 2, boutique: 'PAR-SH', associate: 101, occasion: 'wedding', copies: 3 },
  ];
  const batch = (ctx: MintContext, outDir: string) =>
    runBatch({ ...ctx, rows, batch: 'collide', outDir, chunk: 10 });

  it('draws again for each card whose serial is taken, and mints every copy', async () => {
    const { taken, context, cardCount, fixture } = await registryWithTakenSerial();
    // Three cards: all three collide, then two of the three redraws, then none.
    const { ctx, drawn } = context(5);
    const outDir = join(fixture.dir, 'out');
    const result = await batch(ctx, outDir);
    expect(result).toMatchObject({ total: 3, minted: 3, found: 0, filesWritten: 3 });
    expect(drawn).toHaveLength(3 + 3 + 2);
    const [, ...lines] = parseCsv(readFileSync(join(outDir, 'manifest.csv'), 'utf8'));
    const serials = lines.map((l) => serialToHex(parseSerial(l.fields[2]!)));
    expect(new Set(serials).size).toBe(3);
    expect(serials).not.toContain(taken.serial);
    for (const serial of serials) expect(drawn).toContain(serial);
    expect(cardCount()).toBe(4);
  });

  it(`gives up after ${SERIAL_ATTEMPTS} taken serials a card, with one card's error`, async () => {
    const { context, cardCount, fixture } = await registryWithTakenSerial();
    const { ctx, drawn } = context(Infinity);
    await expect(batch(ctx, join(fixture.dir, 'out'))).rejects.toMatchObject(GIVE_UP);
    expect(drawn).toHaveLength(3 * SERIAL_ATTEMPTS);
    expect(cardCount()).toBe(1);
  });
});

describe('the same key twice at once', () => {
  it('mints one card and hands it to the second request as a replay', async () => {
    const { context, cardCount } = await registryWithTakenSerial();
    const { ctx } = context(0);
    const req = { boutique: 'PAR-SH', associate: 101, occasion: 'wedding' };
    const [a, b] = await Promise.all([
      mintCard(req, ctx, { key: 'order-7' }),
      mintCard(req, ctx, { key: 'order-7' }),
    ]);
    expect(a.serial).toBe(b.serial);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(cardCount()).toBe(2);
  });

  it('gives two runs of one batch the same cards, each minted once', async () => {
    const { context, cardCount, fixture } = await registryWithTakenSerial();
    const { ctx } = context(0);
    const rows: CampaignRow[] = [{ line: 2, boutique: 'PAR-SH', associate: 101, copies: 3 }];
    const run = (out: string) =>
      runBatch({ ...ctx, rows, batch: 'twice', outDir: join(fixture.dir, out) });
    await Promise.all([run('a'), run('b')]);
    const serials = (out: string) =>
      parseCsv(readFileSync(join(fixture.dir, out, 'manifest.csv'), 'utf8'))
        .slice(1)
        .map((l) => l.fields[2]);
    expect(serials('a')).toHaveLength(3);
    expect(serials('b')).toEqual(serials('a'));
    expect(cardCount()).toBe(4);
  });
});
