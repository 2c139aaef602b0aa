// The SQLite registry on a real file: durable settings, migrations once, no client data on the public path.
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { listMigrations } from '../../src/store/migrations.js';
import { makeFixture, tempDir, type Fixture } from '../helpers/fixture.js';
import { daysFromToday } from '../helpers/dates.js';
import { dateToDay } from '../../src/core/index.js';

let f: Fixture | undefined;
afterEach(() => f?.close());

describe('openSqliteStore', () => {
  it('runs WAL with synchronous=FULL and foreign keys on', () => {
    const store = openSqliteStore(join(tempDir(), 'r.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('keeps the registry, its WAL and shared memory to this account (0600), even one made before', async () => {
    const dir = join(tempDir(), 'data');
    const path = join(dir, 'r.db');
    const store = openSqliteStore(path);
    await store.setSetting('x', '1'); // the WAL now exists
    const mode = (file: string) => statSync(file).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file)).toBe(0o600);
    store.close();
    chmodSync(path, 0o644); // as a version before this one left it
    openSqliteStore(path).close();
    expect(mode(path)).toBe(0o600);
  });

  it('applies each migration once and records it as wrangler does on D1', () => {
    const path = join(tempDir(), 'r.db');
    openSqliteStore(path).close();
    const again = openSqliteStore(path);
    const names = again.db.prepare('SELECT name FROM d1_migrations ORDER BY id').pluck().all();
    expect(names).toEqual(listMigrations().map((m) => m.name));
    expect(names[0]).toBe('0001_registry.sql');
    again.close();
  });

  it('keeps cards, revocations and settings across a reopen', async () => {
    f = await makeFixture();
    const card = await f.mint({ clientRef: 'CRM-1' });
    await f.store.revokeCard(
      card.serial,
      { reason: 'lost-or-stolen', note: 'case 12' },
      new Date('2026-03-04T00:00:00Z'),
    );
    await f.store.setSetting('x', '1');
    const path = f.store.db.name;
    f.store.close();
    const reopened = openSqliteStore(path);
    expect(await reopened.findCard(card.serial)).toMatchObject({
      serial: card.serial,
      revocation: { revokedAt: '2026-03-04T00:00:00.000Z', reason: 'lost-or-stolen' },
    });
    expect(await reopened.getSetting('x')).toBe('1');
    f.store = reopened;
  });
});

describe('findCard', () => {
  it('sees every commit at once: its own, and those of another connection (the CLI)', async () => {
    f = await makeFixture();
    const card = await f.mint();
    expect((await f.store.findCard(card.serial))?.revocation).toBeNull(); // now remembered
    const other = openSqliteStore(f.store.db.name);
    await other.revokeCard(
      card.serial,
      { reason: 'counterfeit', note: 'from the CLI' },
      new Date(),
    );
    expect((await f.store.findCard(card.serial))?.revocation?.reason).toBe('counterfeit');

    const second = await f.mint();
    expect((await f.store.findCard(second.serial))?.revocation).toBeNull();
    await f.store.revokeCard(second.serial, { reason: 'issued-in-error' }, new Date());
    expect((await f.store.findCard(second.serial))?.revocation?.reason).toBe('issued-in-error');

    expect(await f.store.findCard('0123456789abcdef')).toBeNull(); // a miss is remembered too…
    const row = {
      ...(await f.store.findCard(card.serial))!,
      serial: '0123456789abcdef',
      clientRef: null,
    };
    expect(await other.insertCard(row)).toBe(true);
    expect(await f.store.findCard('0123456789abcdef')).not.toBeNull(); // …until something commits
    other.close();
  });
});

describe('the registry', () => {
  it('never hands the client reference to verification', async () => {
    f = await makeFixture();
    const card = await f.mint({ clientRef: 'CRM-SECRET-42' });
    const record = await f.store.findCard(card.serial);
    expect(JSON.stringify(record)).not.toContain('CRM-SECRET-42');
    expect(
      f.store.db.prepare('SELECT client_ref FROM cards WHERE serial = ?').pluck().get(card.serial),
    ).toBe('CRM-SECRET-42');
  });

  it('refuses a second card with the same serial, and a second revocation', async () => {
    f = await makeFixture();
    const card = await f.mint();
    const row = { ...(await f.store.findCard(card.serial))!, clientRef: null };
    expect(await f.store.insertCard(row)).toBe(false);
    await f.store.revokeCard(card.serial, { reason: 'other', note: 'one' }, new Date());
    await expect(
      f.store.revokeCard(card.serial, { reason: 'other', note: 'two' }, new Date()),
    ).rejects.toMatchObject({
      code: 'ERR_ALREADY_REVOKED',
    });
    await expect(
      f.store.revokeCard('0000000000000000', { reason: 'other', note: 'x' }, new Date()),
    ).rejects.toMatchObject({
      code: 'ERR_NOT_FOUND',
    });
  });

  it('refuses duplicate boutiques and associates of unknown boutiques with clear codes', async () => {
    f = await makeFixture();
    await expect(
      f.store.addBoutique({ number: 1, code: 'NEW', name: 'n', city: 'c', country: 'FR' }),
    ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await expect(
      f.store.addBoutique({ number: 9, code: 'par-sh', name: 'n', city: 'c', country: 'FR' }),
    ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await expect(
      f.store.addAssociate({ number: 5, boutique: 999, displayName: 'x' }),
    ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});

describe('mintCard', () => {
  it('refuses what it cannot sign, before writing anything', async () => {
    f = await makeFixture({ validFrom: '2026-01-01' });
    const count = () => f!.store.db.prepare('SELECT count(*) FROM cards').pluck().get();
    await expect(f.mint({ boutique: 'NOPE' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(f.mint({ associate: 201 })).rejects.toThrow(
      /associate 201 works at TYO-GZ, not at PAR-SH/,
    );
    await expect(f.mint({ occasion: 'party' })).rejects.toThrow(/not one of/);
    await expect(f.mint({ date: '2025-12-31' })).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_VALID_FOR_DATE',
    });
    await expect(f.mint({ clientRef: 'x'.repeat(201) })).rejects.toThrow(/at most 200/);
    expect(count()).toBe(0);
  });

  it('commits the registry row before the token exists', async () => {
    f = await makeFixture();
    const date = daysFromToday(-14);
    const card = await f.mint({ date, associate: 102, occasion: 'wedding' });
    expect(await f.store.findCard(card.serial)).toMatchObject({
      issued: dateToDay(date),
      boutique: 1,
      associate: 102,
      occasion: 3,
      kid: f.signer.key.kid,
    });
  });
});
