// The registry's contract: the same cases, run against every engine the store runs on. A case
// names what a caller relies on, never how an engine does it.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  bytesToDigits,
  fromHex,
  instantToDay,
  parseTokenText,
  REVOCATION_CODES,
  revocationId,
  toHex,
  type NewCard,
} from '../../src/core/index.js';
import type { SqlStore } from '../../src/store/registry-sql.js';

export interface Engine {
  /** A store over an empty registry (migrations applied, no rows). */
  fresh(): Promise<SqlStore>;
}

/** Midnight UTC 30 days before the suite runs: the contract's dates count from it (any day). */
const START = (Math.floor(Date.now() / 86_400_000) - 30) * 86_400_000;
/** The instant `days` and `hours` after START, as ISO 8601 with milliseconds. */
const dated = (days: number, hours = 0) =>
  new Date(START + days * 86_400_000 + hours * 3_600_000).toISOString();
/** A scan's minute (`YYYY-MM-DDTHH:MM`) and a scan day (`YYYY-MM-DD`), counted from START. */
const minute = (days: number, hours: number) => dated(days, hours).slice(0, 16);
const scanDay = (days: number) => dated(days).slice(0, 10);
/** The cards' day of issue (CT1 days). */
const ISSUED = instantToDay(new Date(START));

const PARIS = {
  number: 1,
  code: 'PAR-SH',
  name: 'Paris Saint-Honoré',
  city: 'Paris',
  country: 'FR',
};
const TOKYO = { number: 2, code: 'TYO-GI', name: 'Tokyo Ginza', city: 'Tokyo', country: 'JP' };

let serials = 0;
/** A card row at Paris by associate 7; each call a new serial unless one is given. */
function card(over: Partial<NewCard> = {}): NewCard {
  serials++;
  return {
    serial: `c${serials.toString(16).padStart(15, '0')}`,
    kid: 'kid-one',
    issued: ISSUED,
    boutique: 1,
    associate: 7,
    occasion: 2,
    addressee: null,
    mintedAt: dated(0, 10),
    clientRef: 'CRM-SECRET',
    token: '123',
    mintKey: null,
    ...over,
  };
}

/** A CT1 token's text for a card row (its signature is not what the registry checks). */
function tokenFor(serial: string): string {
  const bytes = new Uint8Array(86);
  bytes[0] = 1;
  bytes.set(fromHex(serial), 5);
  bytes.set([ISSUED >> 8, ISSUED & 0xff], 13); // its day of issue
  bytes[20] = 2;
  bytes.set(fromHex(serial), 22); // a signature of its own: a card's rid comes from it
  return bytesToDigits(bytes);
}

async function seeded(engine: Engine): Promise<SqlStore> {
  const store = await engine.fresh();
  await store.addBoutique(PARIS);
  await store.addAssociate({ number: 7, boutique: 1, displayName: 'Camille' });
  return store;
}

export function storeContract(name: string, engine: Engine): void {
  describe(`the registry on ${name}`, () => {
    let store: SqlStore;
    beforeEach(async () => {
      store = await seeded(engine);
    });

    it('keeps boutiques by number and by code (any case), and refuses a taken number or code', async () => {
      await store.addBoutique(TOKYO);
      expect(await store.findBoutique(2)).toEqual(TOKYO);
      expect(await store.findBoutiqueByCode('par-sh')).toEqual(PARIS);
      expect(await store.findBoutique(99)).toBeNull();
      expect(await store.findBoutiqueByCode('NOPE')).toBeNull();
      expect(await store.listBoutiques()).toEqual([PARIS, TOKYO]);
      await expect(store.addBoutique({ ...TOKYO, code: 'OTHER' })).rejects.toMatchObject({
        code: 'ERR_CONFLICT',
      });
      await expect(
        store.addBoutique({ ...TOKYO, number: 3, code: 'tyo-gi' }),
      ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
      expect(await store.listBoutiques()).toHaveLength(2);
    });

    it('keeps associates at a boutique it has, and refuses a taken number or an unknown boutique', async () => {
      await store.addAssociate({ number: 8, boutique: 1, displayName: 'Léa' });
      expect(await store.findAssociate(8)).toEqual({ number: 8, boutique: 1, displayName: 'Léa' });
      expect(await store.findAssociate(9)).toBeNull();
      expect((await store.listAssociates()).map((a) => a.number)).toEqual([7, 8]);
      await expect(
        store.addAssociate({ number: 8, boutique: 1, displayName: 'x' }),
      ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
      await expect(
        store.addAssociate({ number: 9, boutique: 42, displayName: 'x' }),
      ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND', message: expect.stringContaining('42') });
    });

    it('registers a card once per serial and per mint key, and reads it back without client data', async () => {
      const first = card({ mintKey: 'batch-1:row-1' });
      expect(await store.insertCard(first)).toBe(true);
      expect(await store.insertCard({ ...card(), serial: first.serial })).toBe(false);
      expect(await store.insertCard(card({ mintKey: 'batch-1:row-1' }))).toBe(false);
      const record = await store.findCard(first.serial);
      expect(record).toMatchObject({
        serial: first.serial,
        kid: 'kid-one',
        issued: ISSUED,
        occasion: 2,
        revocation: null,
        names: { boutique: PARIS, associate: { number: 7, displayName: 'Camille' } },
      });
      expect(JSON.stringify(record)).not.toContain('CRM-SECRET');
      expect(await store.findCard('0000000000000000')).toBeNull();
    });

    it('gives each card it registers its log entry in the same batch, and none to a card it refuses', async () => {
      const logged = (over: Partial<NewCard>) => {
        const c = card(over);
        return { ...c, token: tokenFor(c.serial) };
      };
      const first = logged({ mintKey: 'batch-2:row-1' });
      const second = logged({});
      const taken = logged({ mintKey: 'batch-2:row-1' }); // the mint key of `first`
      expect(await store.insertCards([first, taken, second])).toEqual([true, false, true]);
      expect(await store.insertCard({ ...logged({}), serial: first.serial })).toBe(false);
      const rows = await store.sql.all<{ serial: string; entry: string; log_index: number | null }>(
        'SELECT serial, entry, log_index FROM log_entries ORDER BY seq',
      );
      expect(rows.map((r) => r.serial)).toEqual([first.serial, second.serial]);
      expect(rows.every((r) => r.entry.length === 94 && r.log_index === null)).toBe(true);
      // 0x01, then when it was minted (seconds, 8 bytes) and its day of issue (2 bytes)
      const loggedAt = Date.parse(first.mintedAt) / 1000;
      expect(rows[0]!.entry.slice(0, 22)).toBe(
        `01${loggedAt.toString(16).padStart(16, '0')}${ISSUED.toString(16).padStart(4, '0')}`,
      );
    });

    it("keeps a card's reference photos with their 0x02 log entry in one batch, the replaced ones too", async () => {
      const c = card();
      await store.insertCard({ ...c, token: tokenFor(c.serial) });
      const admin = store.admin();
      // Past one part of 512 KiB, so the bytes must come back joined in order.
      const photo = Uint8Array.from({ length: 600_000 }, (_, i) => (i * 31) % 251);
      const reference = (at: number, fill: string) => ({
        serial: c.serial,
        type: 'image/jpeg' as const,
        photo,
        fingerprint: new Uint8Array([1, 2, 3, at % 256]),
        photoSha256: fill.repeat(64),
        fingerprintSha256: 'f'.repeat(64),
        recordedAt: at,
        recordedBy: 'stf_one',
        logEntry: new Uint8Array([2, at % 256]),
      });
      expect(await store.findReference(c.serial)).toBeNull();
      const first = await admin.recordReference(reference(1_800_000_000, 'a'));
      const second = await admin.recordReference(reference(1_800_000_060, 'b'));
      expect(first).toMatchObject({
        photoSha256: 'a'.repeat(64),
        replacedAt: null,
        logIndex: null,
      });
      expect(
        (await admin.referenceHistory(c.serial)).map((r) => [r.photoSha256[0], r.replacedAt]),
      ).toEqual([
        ['b', null],
        ['a', 1_800_000_060],
      ]);
      expect(await admin.referencePhoto(first.id)).toEqual(photo);
      expect(await store.findReference(c.serial)).toMatchObject({
        photoSha256: 'b'.repeat(64),
        fingerprint: new Uint8Array([1, 2, 3, 1_800_000_060 % 256]),
      });
      const entries = await store.sql.all<{ kind: number; entry: string }>(
        'SELECT kind, entry FROM log_entries WHERE serial = ? ORDER BY seq',
        c.serial,
      );
      expect(entries.map((e) => e.kind)).toEqual([1, 2, 2]);
      expect(second.id).not.toBe(first.id);
      // A reference of a card the registry does not hold writes nothing, its log entry included.
      await expect(
        admin.recordReference({ ...reference(1, 'c'), serial: '0'.repeat(16) }),
      ).rejects.toThrow();
      expect(
        await store.sql.all('SELECT 1 FROM log_entries WHERE serial = ?', '0'.repeat(16)),
      ).toEqual([]);
    });

    it('lists every revoked card by rid and reason code in rid order, and counts those it cannot name', async () => {
      const at = new Date(dated(0, 12));
      expect(await store.listRevocations()).toEqual({
        records: new Uint8Array(0),
        count: 0,
        withoutToken: 0,
      });
      const before = await store.revocationStamp();
      const cards = Array.from({ length: 5 }, () => {
        const c = card();
        return { ...c, token: tokenFor(c.serial) };
      });
      const noToken = card({ token: null });
      await store.insertCards([...cards, noToken]);
      const reasons = ['counterfeit', 'lost-or-stolen', 'other', 'key-compromise'] as const;
      for (const [i, reason] of reasons.entries()) {
        await store.revokeCard(cards[i]!.serial, { reason }, at);
      }
      await store.revokeCard(noToken.serial, { reason: 'client-request' }, at);
      // A revocation from before rids were kept gets its rid when the list is next read.
      await store.sql.run('UPDATE revocations SET rid = NULL WHERE serial = ?', cards[3]!.serial);
      expect(await store.revocationStamp()).not.toBe(before);

      const listing = await store.listRevocations();
      expect(listing.count).toBe(4);
      expect(listing.withoutToken).toBe(1);
      const expected = await Promise.all(
        reasons.map(async (reason, i) => ({
          rid: toHex(await revocationId(parseTokenText(cards[i]!.token))),
          code: REVOCATION_CODES[reason],
        })),
      );
      expected.sort((a, b) => (a.rid < b.rid ? -1 : 1));
      const got = Array.from({ length: listing.count }, (_, i) => ({
        rid: toHex(listing.records.subarray(9 * i, 9 * i + 8)),
        code: listing.records[9 * i + 8],
      }));
      expect(got).toEqual(expected);
    });

    it('refuses a card naming an unknown boutique or associate, and writes none of its batch', async () => {
      await expect(store.insertCard(card({ associate: 99 }))).rejects.toMatchObject({
        code: 'ERR_NOT_FOUND',
      });
      const good = card();
      await expect(store.insertCards([good, card({ boutique: 5 })])).rejects.toMatchObject({
        code: 'ERR_NOT_FOUND',
      });
      expect(await store.findCard(good.serial)).toBeNull();
    });

    it('commits a batch in one go and answers, row by row, which went in', async () => {
      const taken = card({ mintKey: 'k-taken' });
      await store.insertCard(taken);
      const rows = [
        card({ mintKey: 'k-1' }),
        card({ mintKey: 'k-taken' }),
        card({ mintKey: 'k-2' }),
      ];
      expect(await store.insertCards(rows)).toEqual([true, false, true]);
      expect(await store.insertCards([])).toEqual([]);
      const minted = await store.findMinted(['k-1', 'k-2', 'k-taken', 'k-unknown']);
      expect([...minted.keys()].sort()).toEqual(['k-1', 'k-2', 'k-taken']);
      expect(minted.get('k-1')).toEqual({ serial: rows[0]!.serial, token: '123' });
      expect(minted.get('k-taken')?.serial).toBe(taken.serial);
    });

    it('finds cards by mint key past the engine’s limit of bound parameters', async () => {
      const rows = Array.from({ length: 250 }, (_, i) => card({ mintKey: `many-${i}` }));
      expect((await store.insertCards(rows)).every(Boolean)).toBe(true);
      const keys = rows.map((r) => r.mintKey!);
      expect((await store.findMinted(keys)).size).toBe(250);
    });

    it('revokes a card once, with its public reason on the record and its note for staff only', async () => {
      const c = card();
      await store.insertCard(c);
      const at = new Date(dated(1, 8));
      expect(
        await store.revokeCard(
          c.serial,
          { reason: 'counterfeit', note: 'case 7', by: 'legal-1' },
          at,
        ),
      ).toEqual({ revokedAt: dated(1, 8), reason: 'counterfeit' });
      const record = await store.findCard(c.serial);
      expect(record?.revocation).toEqual({
        revokedAt: dated(1, 8),
        reason: 'counterfeit',
      });
      expect(JSON.stringify(record)).not.toContain('case 7');
      expect((await store.admin().findStaffCard(c.serial))?.revocationNote).toEqual({
        note: 'case 7',
        by: 'legal-1',
      });
      await expect(store.revokeCard(c.serial, { reason: 'other' }, at)).rejects.toMatchObject({
        code: 'ERR_ALREADY_REVOKED',
        message: expect.stringContaining(dated(1, 8)),
      });
      await expect(
        store.revokeCard('ffffffffffffffff', { reason: 'other' }, at),
      ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    });

    it('adds up scans and summarises them: count, first minute, countries, peak scanners a day', async () => {
      const c = card();
      await store.insertCard(c);
      const scan = { serial: c.serial, channel: 'page' as const, scanner: 's1', count: 2 };
      await store.recordScans([
        { ...scan, minute: minute(1, 8), country: 'FR' },
        { ...scan, minute: minute(1, 9), country: 'JP', scanner: 's2', count: 1 },
        { ...scan, minute: minute(2, 8), country: '', scanner: '', count: 4 },
      ]);
      await store.recordScans([{ ...scan, minute: minute(1, 8), country: 'FR', count: 3 }]);
      await store.recordScans([]);
      expect(await store.summariseScans(c.serial)).toEqual({
        count: 10,
        since: minute(1, 8),
        countries: 2,
        peakScanners: 2,
      });
      expect(await store.summariseScans('0000000000000000')).toEqual({
        count: 0,
        since: null,
        countries: 0,
        peakScanners: 0,
      });
    });

    it('ends a scan day: hashes fold into per-day counts, the signals hold, the day key goes', async () => {
      const c = card();
      await store.insertCard(c);
      const admin = store.admin();
      const scan = { serial: c.serial, channel: 'page' as const, country: 'FR', count: 1 };
      await store.recordScans([
        { ...scan, minute: minute(1, 8), scanner: 'aa' },
        { ...scan, minute: minute(1, 8), scanner: 'bb', count: 2 },
        { ...scan, minute: minute(1, 9), scanner: 'cc' },
        { ...scan, minute: minute(2, 10), scanner: 'aa' },
      ]);
      await admin.scannerKey(scanDay(1));
      const before = {
        summary: await store.summariseScans(c.serial),
        history: await admin.scanHistory(c.serial),
        flagged: await admin.flaggedCards({ scannersPerDay: 3, countries: 9 }, 10),
      };
      expect(before.summary.peakScanners).toBe(3);

      await admin.endScanDays(scanDay(2));
      await admin.endScanDays(scanDay(2)); // again: nothing changes
      expect(await store.summariseScans(c.serial)).toEqual(before.summary);
      expect(await admin.scanHistory(c.serial)).toEqual(before.history);
      expect(await admin.flaggedCards({ scannersPerDay: 3, countries: 9 }, 10)).toEqual(
        before.flagged,
      );
      // The ended day's rows name no scanner; the open day's still do.
      const rows = await store.sql.all<{ minute: string; scanner: string; count: number }>(
        'SELECT minute, scanner, count FROM scans WHERE serial = ? ORDER BY minute, scanner',
        c.serial,
      );
      expect(rows).toEqual([
        { minute: minute(1, 8), scanner: '', count: 3 },
        { minute: minute(1, 9), scanner: '', count: 1 },
        { minute: minute(2, 10), scanner: 'aa', count: 1 },
      ]);
      expect(await store.sql.all('SELECT day FROM scanner_keys')).toEqual([]);
    });

    it("keeps one citation per fingerprint, and counts a network's new citations a day up to a limit", async () => {
      const cited = (id: string, fingerprint: string) => ({
        id,
        token: tokenFor('c0ffee0000000001'),
        receipt: 'header.payload.signature',
        createdAt: new Date().toISOString(),
        fingerprint,
      });
      const first = await store.addCitation(cited('A'.repeat(16), 'same'));
      expect(first).toEqual({
        id: 'A'.repeat(16),
        token: tokenFor('c0ffee0000000001'),
        receipt: 'header.payload.signature',
        createdAt: expect.any(String),
      });
      expect(await store.addCitation(cited('B'.repeat(16), 'same'))).toEqual(first);
      expect(await store.findCitation('B'.repeat(16))).toBeNull();
      expect(await store.findCitationByFingerprint('same')).toEqual(first);
      expect(await store.findCitationByFingerprint('other')).toBeNull();
      await expect(store.addCitation(cited('A'.repeat(16), 'other'))).rejects.toMatchObject({
        code: 'ERR_CONFLICT',
      });
      const count = await store.sql.first<{ n: number }>('SELECT count(*) AS n FROM citations');
      expect(count!.n).toBe(1);

      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const takes = [];
      for (let i = 0; i < 4; i++) takes.push(await store.takeCitationQuota(day(0), 'net-a', 3));
      expect(takes).toEqual([true, true, true, false]);
      expect(await store.takeCitationQuota(day(0), 'net-b', 3)).toBe(true);
      expect(await store.takeCitationQuota(day(0), 'net-b', 0)).toBe(false);
      // A new day starts afresh, and the counts of the days before it are gone.
      expect(await store.takeCitationQuota(day(1), 'net-a', 3)).toBe(true);
      const left = await store.sql.all<{ day: string }>('SELECT day FROM citation_quota');
      expect(left).toEqual([{ day: day(1) }]);
    });

    it('keeps settings, the last value written winning', async () => {
      expect(await store.getSetting('demo')).toBeNull();
      await store.setSetting('demo', 'one');
      await store.setSetting('demo', 'two');
      expect(await store.getSetting('demo')).toBe('two');
    });

    it('keeps staff, their keys, the audit log and the count of cards per key and day', async () => {
      const admin = store.admin();
      const at = new Date(dated(1));
      await admin.addStaff(
        { id: 'ana', name: 'Ana', role: 'legal', boutique: null, keyHash: 'h1' },
        at,
      );
      await expect(
        admin.addStaff(
          { id: 'ana', name: 'Ana', role: 'legal', boutique: null, keyHash: 'h2' },
          at,
        ),
      ).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
      await expect(
        admin.addStaff({ id: 'bo', name: 'Bo', role: 'manager', boutique: 9, keyHash: 'h3' }, at),
      ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
      expect(await admin.findStaffByKey('h1')).toMatchObject({
        id: 'ana',
        role: 'legal',
        hasKey: true,
      });
      await admin.disableStaff('ana', at);
      expect(await admin.findStaffByKey('h1')).toBeNull();
      await expect(admin.disableStaff('ana', at)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });

      const entry = {
        at: at.toISOString(),
        actor: 'cli:ana',
        role: 'admin',
        action: 'card.revoke',
        outcome: 200,
        detail: '',
      };
      await admin.appendAudit({ ...entry, target: 'a' });
      await admin.appendAudit({ ...entry, target: 'b' });
      expect((await admin.listAudit({ limit: 10 })).map((e) => e.target)).toEqual(['b', 'a']);
      expect(await admin.listAudit({ target: 'a', limit: 10 })).toEqual([
        { ...entry, target: 'a' },
      ]);

      await store.insertCards([card(), card(), card({ issued: ISSUED + 1, kid: 'kid-two' })]);
      const counts = await admin.countCardsByKeyAndDay();
      expect(counts.sort((x, y) => x.issued - y.issued)).toEqual([
        { kid: 'kid-one', issued: ISSUED, cards: 2 },
        { kid: 'kid-two', issued: ISSUED + 1, cards: 1 },
      ]);
    });

    it('keeps disabled identity-provider sign-ins by issuer and subject until enabled again', async () => {
      const admin = store.admin();
      const at = new Date();
      const one = { issuer: 'https://id.example', subject: 'u-1' };
      const elsewhere = { issuer: 'https://id.other.example', subject: 'u-1' };
      expect(await admin.findDisabledIdentity(one)).toBeNull();
      const row = { ...one, disabledAt: at.toISOString(), disabledBy: 'cli:ana' };
      expect(await admin.disableIdentity(one, at, 'cli:ana')).toEqual(row);
      await expect(admin.disableIdentity(one, at, 'cli:ana')).rejects.toMatchObject({
        code: 'ERR_CONFLICT',
      });
      expect(await admin.findDisabledIdentity(one)).toEqual(row);
      expect(await admin.findDisabledIdentity(elsewhere)).toBeNull();
      expect(await admin.listDisabledIdentities()).toEqual([row]);
      await admin.enableIdentity(one);
      expect(await admin.findDisabledIdentity(one)).toBeNull();
      await expect(admin.enableIdentity(one)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    });

    it("keeps a card's claims with their log entries: first claim wins, a release hands on a transfer code, attempts are counted", async () => {
      const c = card({ claimCodeHash: 'a'.repeat(64) });
      await store.insertCard({ ...c, token: tokenFor(c.serial) });
      const claims = store.claims();
      expect(await claims.findCode('a'.repeat(64))).toMatchObject({
        serial: c.serial,
        via: 'slip',
        spentAt: null,
      });
      const entry = (n: number) => new Uint8Array([3, n]);
      const claim = (id: string, over = {}) => ({
        id,
        serial: c.serial,
        number: 1,
        codeHash: 'a'.repeat(64),
        holderHash: 'h'.repeat(64),
        claimedAt: 1_800_000_000,
        handle: 'Léa',
        showPhoto: true,
        photoId: `photo-${id}`,
        logEntry: entry(1),
        ...over,
      });
      expect(await claims.addClaim(claim('AAAAAAAA'))).toBe(true);
      // The same code again, or the same id: nothing is written.
      expect(await claims.addClaim(claim('BBBBBBBB'))).toBe(false);
      expect(await claims.addClaim(claim('AAAAAAAA', { number: 2 }))).toBe(false);
      expect(await claims.findCode('a'.repeat(64))).toMatchObject({ spentAt: 1_800_000_000 });
      expect(await claims.currentClaim(c.serial)).toMatchObject({
        id: 'AAAAAAAA',
        via: 'slip',
        handle: 'Léa',
        showPhoto: true,
        photoId: 'photo-AAAAAAAA',
        endedAt: null,
      });
      expect(await claims.findShownPhoto('photo-AAAAAAAA')).toEqual({ serial: c.serial });

      const change = { handle: null, showPhoto: false, photoId: null, at: 1_800_000_060 };
      expect(await claims.changeClaim('AAAAAAAA', change, entry(2))).toBe(true);
      expect(await claims.findShownPhoto('photo-AAAAAAAA')).toBeNull();
      expect(
        await claims.endClaim(
          'AAAAAAAA',
          { end: 'released', at: 1_800_000_120, transferCodeHash: 'b'.repeat(64) },
          entry(3),
        ),
      ).toBe(true);
      expect(
        await claims.endClaim(
          'AAAAAAAA',
          { end: 'voided', at: 1_800_000_180, reason: 'x' },
          entry(4),
        ),
      ).toBe(false);
      expect(await claims.changeClaim('AAAAAAAA', change, entry(5))).toBe(false);
      expect(await claims.currentClaim(c.serial)).toBeNull();
      expect(await claims.findCode('b'.repeat(64))).toMatchObject({
        via: 'transfer',
        spentAt: null,
      });

      const next = claim('CCCCCCCC', { number: 2, codeHash: 'b'.repeat(64), photoId: null });
      expect(await claims.addClaim({ ...next, number: 3 })).toBe(false); // not its next number
      expect(await claims.addClaim(next)).toBe(true);
      expect(
        (await claims.claimHistory(c.serial)).map((r) => [r.id, r.number, r.via, r.end]),
      ).toEqual([
        ['CCCCCCCC', 2, 'transfer', null],
        ['AAAAAAAA', 1, 'slip', 'released'],
      ]);
      expect(await claims.findClaim('CCCCCCCC')).toMatchObject({ holderHash: 'h'.repeat(64) });
      const logged = await store.sql.all<{ entry: string }>(
        'SELECT entry FROM log_entries WHERE serial = ? AND kind = 3 ORDER BY seq',
        c.serial,
      );
      expect(logged.map((r) => r.entry)).toEqual(['0301', '0302', '0303', '0301']);

      expect(await claims.takeAttempt(c.serial, 3600, 2)).toBe(true);
      expect(await claims.takeAttempt(c.serial, 3600, 2)).toBe(true);
      expect(await claims.takeAttempt(c.serial, 3600, 2)).toBe(false);
      expect(await claims.takeAttempt(c.serial, 7200, 2)).toBe(true);
    });
  });
}
