// The claim service on a real SQLite registry: a slip code claims its card once (typos, unknown
// codes and used ones told apart), the holder secret changes, hides or releases the claim, a
// release hands on a transfer code, legal alone voids, and every event is in the log's entries.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  claimHandleHash,
  decodeClaimEntry,
  ed25519NoteSigner,
  fromHex,
  generateClaimCode,
  parseTokenText,
  SigningKeys,
  tokenLogHash,
  type Principal,
} from '../../src/core/index.js';
import {
  CARD_ATTEMPTS,
  changeClaim,
  claimCard,
  claimHistoryOf,
  publicClaimOf,
  readHeldClaim,
  releaseClaim,
  shownClaimPhoto,
  voidClaim,
  type ClaimPorts,
} from '../../src/services/claims.js';
import { LogSequencer } from '../../src/services/log.js';
import { SqlLogStore } from '../../src/store/log-sql.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { mintWithSlip, recordPhoto } from '../helpers/claim-slip.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

let f: Fixture;
let clock = () => new Date();
let others: SqliteStore[] = [];
afterEach(() => {
  for (const s of others) s.close();
  others = [];
  f?.close();
  clock = () => new Date();
});

const portsOf = (store: SqliteStore): ClaimPorts => ({
  claims: store.claims(),
  store,
  admin: store.admin(),
  now: () => clock(),
});
const ports = () => portsOf(f.store);
const slipCard = () => mintWithSlip({ store: f.store, signers: new SigningKeys([f.signer]) });
const fresh = async () => {
  f = await makeFixture();
  return ports();
};
const staff = (role: Principal['role'], boutique: number | null = null): Principal => ({
  id: `stf_${role}${boutique ?? ''}`,
  name: role,
  role,
  boutique,
  via: 'api-key',
});
const LEGAL = staff('legal');
const PHOTO = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

/** The card's claim entries in the log's order, decoded. */
function claimEntries(serial: string) {
  const rows = f.store.db
    .prepare('SELECT entry FROM log_entries WHERE serial = ? AND kind = 3 ORDER BY seq')
    .all(serial) as { entry: string }[];
  return rows.map((r) => decodeClaimEntry(fromHex(r.entry)));
}

describe('claiming with a slip code', () => {
  it('tells a typo from an unknown code, the same with or without any card, and claims once', async () => {
    const p = await fresh();
    const unknown = generateClaimCode();
    // An empty registry and one with cards give the very same answer.
    const before = await claimCard(p, { code: unknown }).catch((e: unknown) => e);
    const card = await slipCard();
    const after = await claimCard(p, { code: unknown }).catch((e: unknown) => e);
    expect(before).toMatchObject({ code: 'ERR_CLAIM_UNKNOWN' });
    expect(after).toMatchObject({ code: 'ERR_CLAIM_UNKNOWN', message: (before as Error).message });
    // One character changed is a typo, told before any look-up.
    const typo = card.code.slice(0, 5) + (card.code[5] === 'A' ? 'B' : 'A') + card.code.slice(6);
    await expect(claimCard(p, { code: typo })).rejects.toMatchObject({ code: 'ERR_CLAIM_CODE' });

    // Typed as a person would: lower case, in groups, O for 0.
    const typed = card.code
      .toLowerCase()
      .replace(/(.{4})/g, '$1 ')
      .replace(/0/g, 'o');
    const made = await claimCard(p, { code: typed, handle: '  Léa B. ' });
    expect(made.holderSecret).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
    expect(made.claim).toEqual({
      status: 'active',
      claimedAt: expect.any(String),
      handle: 'Léa B.',
    });
    expect(made.hasPhoto).toBe(false);
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).toEqual(made.claim);

    // The same code again: already claimed, and legal sees the attempt (never who tried).
    await expect(claimCard(p, { code: card.code })).rejects.toMatchObject({
      code: 'ERR_CLAIM_TAKEN',
    });
    const audit = await f.store.admin().listAudit({ target: card.serial, limit: 10 });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'public',
        role: 'public',
        action: 'claim.taken',
        outcome: 409,
      }),
    ]);
  });

  it('lets exactly one of many parallel claims with the same code win', async () => {
    const p = await fresh();
    const card = await slipCard();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => claimCard(p, { code: card.code, handle: `h${i}` })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'ERR_CLAIM_TAKEN' });
    }
    expect(claimEntries(card.serial)).toHaveLength(1);
    expect(await f.store.claims().claimHistory(card.serial)).toHaveLength(1);
  });

  it('keeps a public name of at most 40 characters with no control or invisible characters', async () => {
    const p = await fresh();
    const card = await slipCard();
    for (const handle of ['x'.repeat(41), 'a\u0007b', 'a\u200Bb']) {
      await expect(claimCard(p, { code: card.code, handle })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
    }
    const made = await claimCard(p, { code: card.code, handle: 'é'.repeat(40) });
    expect(made.claim.handle).toBe('é'.repeat(40));
  });

  it('refuses to claim a revoked card, and shows a claim on a card revoked later as ended', async () => {
    const p = await fresh();
    const revoked = await slipCard();
    await f.store.revokeCard(revoked.serial, { reason: 'lost-or-stolen' }, new Date());
    await expect(claimCard(p, { code: revoked.code })).rejects.toMatchObject({
      code: 'ERR_ALREADY_REVOKED',
    });

    const card = await slipCard();
    await recordPhoto(f.store, card, PHOTO);
    const made = await claimCard(p, { code: card.code, handle: 'Léa', showPhoto: true });
    const photoId = made.claim.photo!.split('/').pop()!;
    await f.store.revokeCard(card.serial, { reason: 'lost-or-stolen' }, new Date());
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).toEqual({
      status: 'ended',
      claimedAt: made.claim.claimedAt,
      handle: 'Léa',
    });
    expect(await shownClaimPhoto(p, photoId)).toBeNull();
    await expect(releaseClaim(p, { holderSecret: made.holderSecret })).rejects.toMatchObject({
      code: 'ERR_ALREADY_REVOKED',
    });
    // She can still take her name back, but never show more.
    await expect(
      changeClaim(p, { holderSecret: made.holderSecret, handle: 'Someone else' }),
    ).rejects.toMatchObject({ code: 'ERR_ALREADY_REVOKED' });
    const hidden = await changeClaim(p, { holderSecret: made.holderSecret, handle: null });
    expect(hidden.claim).toEqual({ status: 'ended', claimedAt: made.claim.claimedAt });
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).toEqual({
      status: 'ended',
      claimedAt: made.claim.claimedAt,
    });
  });
});

describe('the reference photo', () => {
  it('is shown only when the card has one, under a new name each time it is shown again', async () => {
    const p = await fresh();
    const bare = await slipCard();
    const none = await claimCard(p, { code: bare.code, showPhoto: true });
    expect(none).toMatchObject({ hasPhoto: false, claim: { status: 'active' } });
    expect(none.claim.photo).toBeUndefined();

    const card = await slipCard();
    await recordPhoto(f.store, card, PHOTO);
    const made = await claimCard(p, { code: card.code, showPhoto: true });
    expect(made.hasPhoto).toBe(true);
    expect(made.claim.photo).toMatch(/^\/claim-photos\/[\w-]{22}$/);
    expect(made.claim.photo).not.toContain(card.serial);
    const first = made.claim.photo!.slice('/claim-photos/'.length);
    expect(await shownClaimPhoto(p, first)).toEqual({ bytes: PHOTO, type: 'image/png' });

    const hidden = await changeClaim(p, { holderSecret: made.holderSecret, showPhoto: false });
    expect(hidden.claim.photo).toBeUndefined();
    expect(await shownClaimPhoto(p, first)).toBeNull();

    const again = await changeClaim(p, { holderSecret: made.holderSecret, showPhoto: true });
    const second = again.claim.photo!.slice('/claim-photos/'.length);
    expect(second).not.toBe(first);
    expect(await shownClaimPhoto(p, first)).toBeNull();
    expect(await shownClaimPhoto(p, second)).toEqual({ bytes: PHOTO, type: 'image/png' });
    // A name left out stays as it was; a handle changed leaves the photo as shown.
    const named = await changeClaim(p, { holderSecret: made.holderSecret, handle: 'Nour' });
    expect(named.claim).toMatchObject({ handle: 'Nour', photo: again.claim.photo });
  });
});

describe('passing a card on', () => {
  it('hands out a transfer code that the next holder claims; the old slip and secret stop working', async () => {
    const p = await fresh();
    const card = await slipCard();
    const first = await claimCard(p, { code: card.code, handle: 'Léa' });
    expect((await readHeldClaim(p, first.holderSecret)).claim).toEqual(first.claim);

    const released = await releaseClaim(p, { holderSecret: first.holderSecret });
    expect(released.transferCode).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(released.serialText).toBe(first.serialText);
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).toBeNull();
    await expect(readHeldClaim(p, first.holderSecret)).rejects.toMatchObject({
      code: 'ERR_HOLDER_SECRET',
    });
    await expect(claimCard(p, { code: card.code })).rejects.toMatchObject({
      code: 'ERR_CLAIM_TAKEN',
    });

    const second = await claimCard(p, { code: released.transferCode, handle: 'Nour' });
    expect(second.claim.handle).toBe('Nour');
    await expect(claimCard(p, { code: released.transferCode })).rejects.toMatchObject({
      code: 'ERR_CLAIM_TAKEN',
    });
    const history = await claimHistoryOf(p, LEGAL, card.serial);
    expect(history.map((c) => [c.number, c.via, c.status, c.handle])).toEqual([
      [2, 'transfer', 'standing', 'Nour'],
      [1, 'slip', 'released', 'Léa'],
    ]);
  });

  it('writes each event as a claim entry of the card, in order, with its number and what is shown', async () => {
    const p = await fresh();
    const card = await slipCard();
    await recordPhoto(f.store, card, PHOTO);
    const first = await claimCard(p, { code: card.code, handle: 'Léa', showPhoto: true });
    await changeClaim(p, { holderSecret: first.holderSecret, handle: null });
    const { transferCode } = await releaseClaim(p, { holderSecret: first.holderSecret });
    await claimCard(p, { code: transferCode });
    await voidClaim(p, LEGAL, { serial: card.serial, reason: 'bought with a stolen card' });

    const tokenHash = await tokenLogHash(parseTokenText(card.token).bytes);
    const entries = claimEntries(card.serial);
    const zeros = new Uint8Array(32);
    expect(entries.map((e) => [e.event, e.claim, e.shown.handle, e.shown.photo])).toEqual([
      ['claimed', 1, true, true],
      ['changed', 1, false, true],
      ['released', 1, false, false],
      ['claimed', 2, false, false],
      ['voided', 2, false, false],
    ]);
    for (const e of entries) expect(e.tokenHash).toEqual(tokenHash);
    expect(entries[0]!.handleHash).toEqual(
      await claimHandleHash(parseTokenText(card.token).bytes, 'Léa'),
    );
    // Keyed by the token, not its public hash: the log alone cannot be searched for a name.
    expect(entries[0]!.handleHash).not.toEqual(await claimHandleHash(tokenHash, 'Léa'));
    expect(entries[1]!.handleHash).toEqual(zeros);
    const now = Math.floor(Date.now() / 1000);
    for (const e of entries) expect(Math.abs(e.loggedAt - now)).toBeLessThan(60);

    // Once the log places them, legal's history names each claim's own entry.
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const signer = await ed25519NoteSigner('verify.brand.co', publicKey, pair.privateKey);
    const logStore = new SqlLogStore(f.store.sql);
    expect((await claimHistoryOf(p, LEGAL, card.serial)).map((c) => c.logIndex)).toEqual([
      null,
      null,
    ]);
    await new LogSequencer(logStore, { origin: 'verify.brand.co', signer }).integrate(new Date());
    const history = await claimHistoryOf(p, LEGAL, card.serial);
    for (const claim of history) {
      const [placed] = await logStore.entries(claim.logIndex!, claim.logIndex! + 1);
      expect(decodeClaimEntry(placed!)).toMatchObject({ event: 'claimed', claim: claim.number });
    }
  });
});

describe('legal', () => {
  it('alone voids a claim, with a reason, and gets a fresh code for the rightful recipient; managers of the boutique read the history', async () => {
    const p = await fresh();
    const card = await slipCard();
    const made = await claimCard(p, { code: card.code, handle: 'Léa' });
    for (const who of [staff('manager', 1), staff('associate', 1), staff('admin')]) {
      await expect(
        voidClaim(p, who, { serial: card.serial, reason: 'fraud' }),
      ).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    }
    await expect(voidClaim(p, LEGAL, { serial: card.serial, reason: '  ' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).not.toBeNull();

    const { claim: voided, claimCode } = await voidClaim(p, LEGAL, {
      serial: card.serial,
      reason: 'fraud',
    });
    expect(voided).toMatchObject({
      status: 'voided',
      voidReason: 'fraud',
      voidedBy: LEGAL.id,
      handle: 'Léa',
    });
    expect(await publicClaimOf(p, (await f.store.findCard(card.serial))!)).toBeNull();
    await expect(readHeldClaim(p, made.holderSecret)).rejects.toMatchObject({
      code: 'ERR_HOLDER_SECRET',
    });
    // The old slip stays used; only the fresh code legal was given claims the card again.
    await expect(claimCard(p, { code: card.code })).rejects.toMatchObject({
      code: 'ERR_CLAIM_TAKEN',
    });
    await expect(
      voidClaim(p, LEGAL, { serial: card.serial, reason: 'again' }),
    ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    const rightful = await claimCard(p, { code: claimCode });
    expect(rightful.claim).toMatchObject({ status: 'active' });
    expect(
      (await claimHistoryOf(p, LEGAL, card.serial)).map((c) => [c.number, c.via, c.status]),
    ).toEqual([
      [2, 'transfer', 'standing'],
      [1, 'slip', 'voided'],
    ]);

    expect(await claimHistoryOf(p, staff('manager', 1), card.serial)).toHaveLength(2);
    await expect(claimHistoryOf(p, staff('manager', 2), card.serial)).rejects.toMatchObject({
      code: 'ERR_FORBIDDEN',
    });
    await expect(claimHistoryOf(p, staff('associate', 1), card.serial)).rejects.toMatchObject({
      code: 'ERR_FORBIDDEN',
    });
  });
});

describe('attempts on one card', () => {
  it('are limited across processes; the right holder secret still works; the next hour may try again', async () => {
    const p = await fresh();
    const card = await slipCard();
    const made = await claimCard(p, { code: card.code });
    // A well-formed secret for this very claim (its id), with the wrong random part.
    const id = made.holderSecret.replace(/-/g, '').slice(0, 8);
    const { parseHolderSecret, generateHolderSecret } = await import('../../src/core/index.js');
    const wrong = () => generateHolderSecret(id);
    expect(parseHolderSecret(wrong()).claimId).toBe(id);

    // A second process on the same registry file shares the count.
    const other = openSqliteStore(join(f.dir, 'cachet.db'));
    others.push(other);
    for (let i = 0; i < CARD_ATTEMPTS.limit; i++) {
      const from = i % 2 === 0 ? p : portsOf(other);
      const attempt =
        i % 3 === 0 ? claimCard(from, { code: card.code }) : readHeldClaim(from, wrong());
      await expect(attempt).rejects.toMatchObject({
        code: i % 3 === 0 ? 'ERR_CLAIM_TAKEN' : 'ERR_HOLDER_SECRET',
      });
    }
    await expect(readHeldClaim(portsOf(other), wrong())).rejects.toMatchObject({
      code: 'ERR_RATE_LIMITED',
    });
    await expect(claimCard(p, { code: card.code })).rejects.toMatchObject({
      code: 'ERR_RATE_LIMITED',
    });
    expect((await readHeldClaim(p, made.holderSecret)).claim.status).toBe('active');
    // Another card is not held back by this one's attempts.
    const otherCard = await slipCard();
    await claimCard(p, { code: otherCard.code });
    await expect(claimCard(p, { code: otherCard.code })).rejects.toMatchObject({
      code: 'ERR_CLAIM_TAKEN',
    });
    // The next window.
    clock = () => new Date(Date.now() + CARD_ATTEMPTS.windowSeconds * 1000);
    await expect(readHeldClaim(p, wrong())).rejects.toMatchObject({ code: 'ERR_HOLDER_SECRET' });
  });
});
