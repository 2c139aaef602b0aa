// A card's claim on D1, as the Worker's verdicts read it: kept in the isolate like its card row,
// so a viral card's verifications do not each ask D1 for its claim; a claim written through the
// isolate shows there at once, and in another isolate once its cache expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { getPlatformProxy } from 'wrangler';
import {
  formatClaimCode,
  generateKeyPair,
  importKeyring,
  importSigner,
  parseTokenText,
  randomSerial,
  SigningKeys,
  signCard,
  type CardRecord,
} from '../../src/core/index.js';
import {
  changeClaim,
  claimCard,
  newClaimCode,
  publicClaimOf,
  type ClaimPorts,
} from '../../src/services/claims.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../../src/services/demo.js';
import { mintCard, newCardRow } from '../../src/services/mint.js';
import { D1Store, type D1Database } from '../../src/store/d1.js';
import { localBindings } from '../helpers/platform.js';

type Env = { DB: D1Database };
let proxy: Awaited<ReturnType<typeof getPlatformProxy<Env>>>;
beforeAll(async () => {
  proxy = await localBindings<Env>();
}, 60_000);
afterAll(() => proxy?.dispose());

/** The D1 binding, counting the statements each isolate sends it. */
function counted(db: D1Database): D1Database & { statements: number } {
  const counter = {
    statements: 0,
    prepare(sql: string) {
      counter.statements++;
      return db.prepare(sql);
    },
    batch: (list: Parameters<D1Database['batch']>[0]) => db.batch(list),
  };
  return counter;
}

describe("a card's claim on D1", () => {
  it('is read from D1 once per isolate and expiry, and a claim written here shows at once', async () => {
    const setup = new D1Store(proxy.env.DB);
    for (const b of DEMO_BOUTIQUES) await setup.addBoutique(b);
    for (const a of DEMO_ASSOCIATES) await setup.addAssociate(a);
    const pair = await generateKeyPair({ validFrom: '2020-01-01' });
    const keyring = await importKeyring({ keys: [pair.publicJwk] });
    const signer = await importSigner(pair.privateJwk, keyring);
    const minted = await mintCard(
      { boutique: 'PAR-SH', associate: 101 },
      {
        store: setup,
        signers: new SigningKeys([signer]),
        origin: 'https://v.test',
        now: new Date(),
      },
    );
    // A card like it minted with a claim slip: its row keeps the slip code's salted hash.
    const claims = { ...parseTokenText(minted.token).claims, serial: randomSerial() };
    const tokenBytes = await signCard(claims, signer.privateKey);
    const slip = await newClaimCode(setup.claims());
    const row = newCardRow({ claims, tokenBytes, kid: signer.key.kid }, undefined, {
      now: new Date(),
    });
    expect(await setup.insertCards([{ ...row, claimCodeHash: slip.codeHash }])).toEqual([true]);

    // Two isolates of the Worker: each its own D1Store over the same database.
    const here = counted(proxy.env.DB);
    const there = counted(proxy.env.DB);
    const isolate = (db: D1Database, freshMs: number) => {
      const store = new D1Store(db, { freshMs });
      const ports: ClaimPorts = {
        claims: store.claims(),
        store,
        admin: store.admin(),
        now: () => new Date(),
      };
      return { store, ports };
    };
    const a = isolate(here, 60_000);
    const b = isolate(there, 1000);
    const card = (await a.store.findCard(row.serial)) as CardRecord;
    const shown = (p: ClaimPorts) => publicClaimOf(p, card);

    // Most cards have no claim: that answer is kept too.
    expect(await shown(a.ports)).toBeNull();
    expect(await shown(b.ports)).toBeNull();
    const before = there.statements;
    for (let i = 0; i < 200; i++) expect(await shown(b.ports)).toBeNull();
    expect(there.statements - before).toBe(0);

    // Claimed through isolate a: a shows it at once, b once its second has passed.
    const made = await claimCard(a.ports, { code: formatClaimCode(slip.code), handle: 'Camille' });
    expect(await shown(a.ports)).toEqual(made.claim);
    expect(await shown(b.ports)).toBeNull();
    await new Promise((r) => setTimeout(r, 1100));
    expect(await shown(b.ports)).toEqual(made.claim);
    const read = there.statements;
    for (let i = 0; i < 200; i++) await shown(b.ports);
    expect(there.statements - read).toBe(0);

    // Changed through a: a shows the change at once, though it kept the claim for a minute.
    const sentBefore = here.statements;
    await changeClaim(a.ports, { holderSecret: made.holderSecret, handle: null });
    expect(here.statements).toBeGreaterThan(sentBefore);
    expect(await shown(a.ports)).toEqual({ status: 'active', claimedAt: made.claim.claimedAt });
  }, 60_000);
});
