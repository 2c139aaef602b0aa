// Reference photos in the issuance log: a registry whose log holds cards (0x01) and reference
// photos of them (0x02). The proof of a card's current reference is found by its token, only
// once placed; the issuance proof stays the issuance entry; both verify with Cachet's checker and
// with the one written apart from it; and a monitor counts each type and reports one it does not
// know instead of failing.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkLogProof,
  checkReferenceProof,
  ed25519NoteSigner,
  encodeReferenceEntry,
  formatVkey,
  noteKey,
  parseTilePath,
  parseTlogProof,
  parseTokenText,
  stripPhotoMetadata,
  tokenLogHash,
  type NoteKey,
} from '../../src/core/index.js';
import {
  LogSequencer,
  proofForReference,
  proofForToken,
  servedTile,
} from '../../src/services/log.js';
import { describeReport, monitorLog, type LogSource } from '../../src/services/log-monitor.js';
import { SqlLogStore } from '../../src/store/log-sql.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';
import { independentlyProven, independentlyProvenReference } from '../helpers/independent-log.js';

const ORIGIN = 'verify.brand.test/log';
let f: Fixture;
let store: SqlLogStore;
let sequencer: LogSequencer;
let key: NoteKey;
let vkey: string;

beforeAll(async () => {
  f = await makeFixture();
  store = new SqlLogStore(f.store.sql);
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const signer = await ed25519NoteSigner(ORIGIN, publicKey, pair.privateKey);
  sequencer = new LogSequencer(store, { origin: ORIGIN, signer });
  key = await noteKey(ORIGIN, 1, publicKey);
  vkey = formatVkey(key);
});
afterAll(() => f?.close());

const sha = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Records a reference photo's entry for a card, as the reference service does: kind 2, pending. */
async function recordReference(serial: string, token: string, photo: Uint8Array) {
  const loggedAt = Math.floor(Date.now() / 1000);
  const entry = encodeReferenceEntry({
    loggedAt,
    tokenHash: await tokenLogHash(parseTokenText(token).bytes),
    photoHash: sha(photo),
    fingerprintHash: sha(bytesOf(`fingerprint of ${serial}`)),
  });
  f.store.db
    .prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)')
    .run(serial, Buffer.from(entry).toString('hex'), loggedAt);
  return entry;
}

/** The log as a monitor reads it over HTTP, here straight from the store. */
const source: LogSource = {
  async text(path) {
    if (path === 'vkey') return vkey;
    if (path === 'checkpoint') return (await store.latestCheckpoint())!.note;
    throw new Error(`no ${path}`);
  },
  async bytes(path) {
    return (await servedTile(store, parseTilePath(path)!))!;
  },
};

describe('reference photos in the log', () => {
  it("proves a card's current reference once placed, to both checkers, and never for another card", async () => {
    const a = await f.mint();
    const b = await f.mint({ associate: 102 });
    await sequencer.integrate(new Date());
    await expect(proofForReference(store, a.token)).rejects.toThrow(/no reference photo/);

    const photo = bytesOf('the written card, as photographed at the boutique');
    await recordReference(a.serial, a.token, photo);
    // Recorded, not yet placed: said so, not answered with nothing or with another entry.
    await expect(proofForReference(store, a.token)).rejects.toThrow(/not yet placed/);
    await sequencer.integrate(new Date());

    const proof = await proofForReference(store, a.token);
    expect(parseTlogProof(proof).extra![0]).toBe(2);
    const proven = await checkReferenceProof(a.token, proof, key, { photo });
    expect(proven).toMatchObject({ index: 2, size: 3, photo: 'matches' });
    expect(proven.photoSha256).toBe(Buffer.from(sha(photo)).toString('hex'));
    expect(independentlyProvenReference(proof, a.token, vkey, Buffer.from(photo))).toBe(true);

    // Another photo, another card's token: refused by both.
    const other = bytesOf('the same words on another card');
    await expect(checkReferenceProof(a.token, proof, key, { photo: other })).rejects.toThrow(
      /this photo is not the reference logged at \d{4}-/,
    );
    expect(independentlyProvenReference(proof, a.token, vkey, Buffer.from(other))).toBe(false);
    await expect(checkReferenceProof(b.token, proof, key)).rejects.toThrow(/another card/);
    expect(independentlyProvenReference(proof, b.token, vkey)).toBe(false);
    await expect(proofForReference(store, b.token)).rejects.toThrow(/no reference photo/);

    // The issuance proof is still the card's issuance entry, and a reference proof is no
    // issuance proof (nor the other way round).
    const issuance = await proofForToken(store, a.token);
    expect(parseTlogProof(issuance).extra!.length).toBe(47);
    expect((await checkLogProof(a.token, issuance, key)).index).toBe(0);
    expect(independentlyProven(issuance, a.token, vkey)).toBe(true);
    await expect(checkLogProof(a.token, proof, key)).rejects.toThrow(
      /reference photo's entry, not of the card's issuance/,
    );
    expect(independentlyProven(proof, a.token, vkey)).toBe(false);
    await expect(checkReferenceProof(a.token, issuance, key)).rejects.toThrow(
      /issuance entry, not of the card's reference photo/,
    );

    // A replaced reference: the proof is of the newest, and the older photo no longer matches it.
    const retaken = bytesOf('the written card, photographed again in better light');
    await recordReference(a.serial, a.token, retaken);
    await sequencer.integrate(new Date());
    const newer = await proofForReference(store, a.token);
    expect((await checkReferenceProof(a.token, newer, key, { photo: retaken })).index).toBe(3);
    await expect(checkReferenceProof(a.token, newer, key, { photo })).rejects.toThrow(
      /not the reference/,
    );
    // Every proof the log gives verifies independently, over a tree holding both types.
    for (const card of [a, b]) {
      expect(independentlyProven(await proofForToken(store, card.token), card.token, vkey)).toBe(
        true,
      );
    }
    expect(independentlyProvenReference(proof, a.token, vkey, Buffer.from(photo))).toBe(true);
  });

  it('monitors a log of both types: counts each, and reports a type it does not know', async () => {
    const first = await monitorLog(source, { vkey: null, checkpoint: null, entries: [] });
    expect(first.report).toMatchObject({
      status: 'ok',
      size: 4,
      added: 4,
      perType: { issuance: 2, reference: 2, unknown: 0 },
      odd: [],
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(first.report.referencesPerDay).toEqual({ [today]: 2 });
    expect(describeReport(first.report)).toContain(`  ${today}  4 logged (2 reference photos)`);

    // A newer log's entry type, and a reference for a card the log never issued.
    const c = await f.mint();
    f.store.db
      .prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 9, ?, ?)')
      .run(c.serial, '09c0ffee', 0);
    const stranger = new Uint8Array(86).fill(3);
    const orphan = encodeReferenceEntry({
      loggedAt: Math.floor(Date.now() / 1000),
      tokenHash: await tokenLogHash(stranger),
      photoHash: sha(bytesOf('x')),
      fingerprintHash: sha(bytesOf('y')),
    });
    f.store.db
      .prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)')
      .run(c.serial, Buffer.from(orphan).toString('hex'), 0);
    await sequencer.integrate(new Date());

    const next = await monitorLog(source, first.state);
    expect(next.report).toMatchObject({
      status: 'ok',
      added: 3,
      perType: { issuance: 1, reference: 1, unknown: 1 },
    });
    expect(next.report.odd).toEqual([
      expect.objectContaining({
        index: 5,
        type: '0x09',
        reason: expect.stringMatching(/does not know/),
      }),
      expect.objectContaining({
        index: 6,
        type: '0x02',
        reason: expect.stringMatching(/no issuance entry/),
      }),
    ]);
    const lines = describeReport(next.report).join('\n');
    expect(lines).toContain('by type: 1 issuance, 1 reference photo, 1 unknown');
    expect(lines).toMatch(/entry 5 \(0x09\): an entry of type 0x09 \(4 bytes\)/);
    // The card's own proofs are untouched by what came after.
    expect(independentlyProven(await proofForToken(store, c.token), c.token, vkey)).toBe(true);
  });

  it('proves the photo as the camera saved it: its metadata stripped as the house keeps it', async () => {
    const c = await f.mint({ associate: 102 });
    const camera = async (background: string) =>
      new Uint8Array(
        await sharp({ create: { width: 64, height: 48, channels: 3, background } })
          .jpeg()
          .withExif({ IFD0: { Make: 'Phone', Model: 'Boutique' } })
          .toBuffer(),
      );
    const saved = await camera('#f6efe0');
    const kept = stripPhotoMetadata(saved).bytes;
    expect(kept.length).toBeLessThan(saved.length);
    await recordReference(c.serial, c.token, kept);
    await sequencer.integrate(new Date());
    const proof = await proofForReference(store, c.token);
    expect(await checkReferenceProof(c.token, proof, key, { photo: kept })).toMatchObject({
      photo: 'matches',
    });
    expect(await checkReferenceProof(c.token, proof, key, { photo: saved })).toMatchObject({
      photo: 'matches-once-stripped',
    });
    // Another photo from the same camera is still refused, stripped or not.
    await expect(
      checkReferenceProof(c.token, proof, key, { photo: await camera('#ffffff') }),
    ).rejects.toThrow(/not the reference/);
  });
});
