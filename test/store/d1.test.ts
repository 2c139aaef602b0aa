// The D1 registry on a real local D1 (wrangler's getPlatformProxy): the same records as SQLite
// for the same rows, the same error codes, and a card cache that expires.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy, unstable_splitSqlQuery } from 'wrangler';
import { D1Store, type D1Database } from '../../src/store/d1.js';
import { listMigrations } from '../../src/store/migrations.js';
import { ROOT } from '../helpers/cli.js';
import { withRealClock } from '../helpers/dates.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database }>>>;
let f: Fixture;
let db: D1Database;

beforeAll(async () => {
  proxy = await withRealClock(() =>
    getPlatformProxy<{ DB: D1Database }>({
      configPath: join(ROOT, 'wrangler.toml'),
      persist: false,
      remoteBindings: false,
    }),
  );
  db = proxy.env.DB;
  const d1 = db as unknown as {
    batch(s: unknown[]): Promise<unknown>;
    prepare(sql: string): unknown;
  };
  for (const m of listMigrations())
    await d1.batch(unstable_splitSqlQuery(m.sql).map((s) => d1.prepare(s)));
  f = await makeFixture();
  const store = new D1Store(db);
  for (const b of await f.store.listBoutiques()) await store.addBoutique(b);
  for (const a of await f.store.listAssociates()) await store.addAssociate(a);
}, 60_000);

afterAll(async () => {
  f?.close();
  await proxy?.dispose();
});

/** Mints in the SQLite fixture and copies the row into D1, as a migration would. */
async function mintInBoth() {
  const card = await f.mint({ clientRef: 'CRM-7' });
  const record = (await f.store.findCard(card.serial))!;
  expect(await new D1Store(db).insertCard({ ...record, clientRef: 'CRM-7' })).toBe(true);
  return card;
}

describe('D1Store', () => {
  it('reads the very record SQLite reads for the same row, with no client data', async () => {
    const card = await mintInBoth();
    await f.store.revokeCard(
      card.serial,
      { reason: 'other', note: 'lost' },
      new Date('2026-05-05T05:05:05Z'),
    );
    await new D1Store(db).revokeCard(
      card.serial,
      { reason: 'other', note: 'lost' },
      new Date('2026-05-05T05:05:05Z'),
    );
    const fromD1 = await new D1Store(db).findCard(card.serial);
    expect(fromD1).toEqual(await f.store.findCard(card.serial));
    expect(JSON.stringify(fromD1)).not.toContain('CRM-7');
    expect(await new D1Store(db).findCard('0000000000000000')).toBeNull();
  });

  it('gives the same error codes as SQLite', async () => {
    const store = new D1Store(db);
    const card = await mintInBoth();
    const record = (await store.findCard(card.serial))!;
    expect(await store.insertCard({ ...record, clientRef: null })).toBe(false);
    await expect(
      store.addBoutique({ number: 1, code: 'X', name: 'n', city: 'c', country: 'FR' }),
    ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await expect(
      store.addAssociate({ number: 5, boutique: 999, displayName: 'x' }),
    ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await store.revokeCard(card.serial, { reason: 'other', note: 'one' }, new Date());
    await expect(
      store.revokeCard(card.serial, { reason: 'other', note: 'two' }, new Date()),
    ).rejects.toMatchObject({
      code: 'ERR_ALREADY_REVOKED',
    });
    await expect(
      store.revokeCard('ffffffffffffffff', { reason: 'other', note: 'x' }, new Date()),
    ).rejects.toMatchObject({
      code: 'ERR_NOT_FOUND',
    });
    expect(await store.findBoutiqueByCode('par-sh')).toMatchObject({ number: 1, code: 'PAR-SH' });
    await store.setSetting('s', '1');
    await store.setSetting('s', '2');
    expect(await store.getSetting('s')).toBe('2');
  });

  it('keeps a card row for its cache time: its own revocations show at once, others within it', async () => {
    const card = await mintInBoth();
    const edge = new D1Store(db, { freshMs: 1000 });
    const elsewhere = new D1Store(db); // another isolate, or the CLI
    expect((await edge.findCard(card.serial))?.revocation).toBeNull();
    await elsewhere.revokeCard(
      card.serial,
      { reason: 'counterfeit', note: 'elsewhere' },
      new Date(),
    );
    expect((await edge.findCard(card.serial))?.revocation).toBeNull(); // still the kept row
    await new Promise((r) => setTimeout(r, 1100));
    expect((await edge.findCard(card.serial))?.revocation?.reason).toBe('counterfeit');

    const second = await mintInBoth();
    expect((await edge.findCard(second.serial))?.revocation).toBeNull();
    await edge.revokeCard(second.serial, { reason: 'issued-in-error' }, new Date());
    expect((await edge.findCard(second.serial))?.revocation?.reason).toBe('issued-in-error');
  });
});
