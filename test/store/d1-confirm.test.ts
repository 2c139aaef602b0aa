// An isolate's card rows on a real local D1: kept only while their revocation state is fresh,
// kept longer when the card's scan aggregator confirms that state, dropped when it says the card
// was revoked; a revoked card's claim then shows as ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { getPlatformProxy } from 'wrangler';
import { formatClaimCode, parseTokenText, randomSerial, signCard } from '../../src/core/index.js';
import { claimCard, newClaimCode, publicClaimOf } from '../../src/services/claims.js';
import { newCardRow } from '../../src/services/mint.js';
import { D1Store, READ_MARGIN_MS, type D1Database } from '../../src/store/d1.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';
import { localBindings } from '../helpers/platform.js';

type Env = { DB: D1Database };
let proxy: Awaited<ReturnType<typeof getPlatformProxy<Env>>>;
let f: Fixture;
let db: D1Database;

beforeAll(async () => {
  proxy = await localBindings<Env>();
  db = proxy.env.DB;
  f = await makeFixture();
  const store = new D1Store(db);
  for (const b of await f.store.listBoutiques()) await store.addBoutique(b);
  for (const a of await f.store.listAssociates()) await store.addAssociate(a);
}, 60_000);

afterAll(async () => {
  f?.close();
  await proxy?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A card minted in the fixture and copied into D1, optionally with a claim slip. */
async function cardInD1(slip = false) {
  const minted = await f.mint();
  const claims = { ...parseTokenText(minted.token).claims, serial: randomSerial() };
  const tokenBytes = await signCard(claims, f.signer.privateKey);
  const row = newCardRow({ claims, tokenBytes, kid: f.signer.key.kid }, undefined, {
    now: new Date(),
  });
  const code = slip ? await newClaimCode(new D1Store(db).claims()) : undefined;
  expect(
    await new D1Store(db).insertCards([{ ...row, claimCodeHash: code?.codeHash ?? null }]),
  ).toEqual([true]);
  return { serial: row.serial, code: code && formatClaimCode(code.code) };
}

const elsewhere = () => new D1Store(db); // another isolate, or the admin API

/** The card's place in the log, as the sequencer gives it. */
async function place(serial: string) {
  await db
    .prepare(
      'UPDATE log_entries SET log_index = (SELECT COALESCE(MAX(log_index), -1) + 1 FROM log_entries), logged_at = ? WHERE serial = ? AND kind = 1',
    )
    .bind(Math.floor(Date.now() / 1000), serial)
    .run();
}

describe("an isolate's card rows", () => {
  it('are read once per F however many scans arrive, together or one after another', async () => {
    const { serial } = await cardInD1();
    const isolate = new D1Store(db, { freshMs: 400 });
    await isolate.findCard(serial);
    for (let i = 0; i < 50; i++) await isolate.findCard(serial);
    expect(isolate.cardReads).toBe(1);
    await sleep(450);
    // Past F, 50 scans at once: one reads D1 again, the others answer from the row meanwhile.
    const at = await Promise.all(Array.from({ length: 50 }, () => isolate.findCard(serial)));
    expect(at.every((r) => r?.serial === serial)).toBe(true);
    expect(isolate.cardReads).toBe(2);
    await isolate.findCard(serial);
    expect(isolate.cardReads).toBe(2);
    // Past F and its margin, a scan no longer answers from the row while another reads it.
    await sleep(400 + READ_MARGIN_MS + 50);
    await Promise.all([isolate.findCard(serial), isolate.findCard(serial)]);
    expect(isolate.cardReads).toBe(4);
  });

  it('show a revocation made elsewhere once F has passed, and not before', async () => {
    const { serial } = await cardInD1();
    const isolate = new D1Store(db, { freshMs: 400 });
    expect((await isolate.findCard(serial))?.revocation).toBeNull();
    await elsewhere().revokeCard(serial, { reason: 'counterfeit' }, new Date());
    expect((await isolate.findCard(serial))?.revocation).toBeNull(); // within F: the kept row
    await sleep(450);
    expect((await isolate.findCard(serial))?.revocation?.reason).toBe('counterfeit');
  });

  it("stay fresh while the card's aggregator confirms them: no read of the isolate's own", async () => {
    const { serial } = await cardInD1();
    await place(serial);
    const isolate = new D1Store(db, { freshMs: 400, keepsLog: true });
    await isolate.findCard(serial);
    for (let i = 0; i < 4; i++) {
      await sleep(200);
      isolate.confirmCard({ serial, revokedAt: null, knownAt: Date.now() - 50 });
      await isolate.findCard(serial);
    }
    expect(isolate.cardReads).toBe(1); // 800 ms, twice F, on one read

    // An older confirmation does not shorten what a newer one gave.
    isolate.confirmCard({ serial, revokedAt: null, knownAt: Date.now() - 10_000 });
    await isolate.findCard(serial);
    expect(isolate.cardReads).toBe(1);
  });

  it('are read again once F has passed while the card has no place in the log, confirmed or not', async () => {
    // Scanned before the sequencer placed it, then scanned on and on: its place must show.
    const { serial } = await cardInD1();
    const isolate = new D1Store(db, { freshMs: 400, keepsLog: true });
    expect((await isolate.findCard(serial))?.log).toBeNull();
    await place(serial);
    for (let i = 0; i < 3; i++) {
      await sleep(200);
      isolate.confirmCard({ serial, revokedAt: null, knownAt: Date.now() - 50 });
      await isolate.findCard(serial);
    }
    expect((await isolate.findCard(serial))?.log?.index).toBeGreaterThanOrEqual(0);
    expect(isolate.cardReads).toBe(2);
  });

  it('are dropped when the aggregator says the card was revoked: the next scan sees it', async () => {
    const { serial } = await cardInD1();
    const isolate = new D1Store(db, { freshMs: 4000 });
    await isolate.findCard(serial);
    const revocation = await elsewhere().revokeCard(serial, { reason: 'counterfeit' }, new Date());
    isolate.confirmCard({ serial, revokedAt: revocation.revokedAt, knownAt: Date.now() });
    expect((await isolate.findCard(serial))?.revocation?.reason).toBe('counterfeit');
    expect(isolate.cardReads).toBe(2);
  });

  it("take a confirmation from a clock ahead of the isolate's as made now", async () => {
    const { serial } = await cardInD1();
    const isolate = new D1Store(db, { freshMs: 300 });
    await isolate.findCard(serial);
    isolate.confirmCard({ serial, revokedAt: null, knownAt: Date.now() + 60_000 });
    await elsewhere().revokeCard(serial, { reason: 'counterfeit' }, new Date());
    await sleep(350);
    expect((await isolate.findCard(serial))?.revocation?.reason).toBe('counterfeit');
  });

  it("show a revoked card's claim as ended as soon as they show the revocation", async () => {
    const { serial, code } = await cardInD1(true);
    const setup = elsewhere();
    const ports = {
      claims: setup.claims(),
      store: setup,
      admin: setup.admin(),
      now: () => new Date(),
    };
    await claimCard(ports, { code: code!, handle: 'Camille' });
    const isolate = new D1Store(db, { freshMs: 400 });
    const shown = async () =>
      publicClaimOf({ claims: isolate.claims() }, (await isolate.findCard(serial))!);
    expect((await shown())?.status).toBe('active');
    await elsewhere().revokeCard(serial, { reason: 'counterfeit' }, new Date());
    await sleep(450);
    expect((await shown())?.status).toBe('ended');
  });
});
