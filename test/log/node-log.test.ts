// The issuance log on the Node server: a registered card gets an entry in the same transaction,
// the sequencer places it and signs a checkpoint within a second, and anyone can check the card
// is in the log with nothing but the public files, here also with a second, separate
// implementation of RFC 9162 and signed notes on node:crypto.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consistencyProof,
  decodeEntryBundle,
  decodeLogEntry,
  encodeReferenceEntry,
  leafHash,
  memoryReader,
  openNote,
  parseCheckpoint,
  parseTokenText,
  parseTlogProof,
  parseVkey,
  rootHash,
  toHex,
  tokenLogHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/index.js';
import { independentlyProven, independentlyProvenReference } from '../helpers/independent-log.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer(undefined, { CACHET_LOG_INTERVAL_MS: '100' });
}, 60_000);
afterAll(() => s?.close());

const text = async (path: string) => {
  const res = await s.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** The signed checkpoint once it covers `size` cards. */
async function checkpointOf(size: number) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await s.get('/log/checkpoint');
    if (res.status === 200) {
      const note = await res.text();
      if (parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size >= size) return note;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the log never reached ${size} entries`);
}

describe('the issuance log on Node', () => {
  it('logs a minted card within a second, with a proof two implementations accept', async () => {
    const card = await s.mint();
    const vkey = (await text('/log/vkey')).trim();
    const key = await parseVkey(vkey);
    expect(key.name).toMatch(/\/log$/);

    // The verdict says where it is, once placed.
    let verdict: { log: { index: number; loggedAt: string } | null } = { log: null };
    for (let i = 0; i < 60 && !verdict.log; i++) {
      verdict = (await (await s.get(`/api/v1/verify/${card.token}`)).json()) as typeof verdict;
      if (!verdict.log) await new Promise((r) => setTimeout(r, 50));
    }
    expect(verdict.log).toMatchObject({ index: expect.any(Number) });
    const html = await text(`/c/${card.token}`);
    expect(html).toContain(`data-log-index="${verdict.log!.index}"`);

    const proofText = await text(`/api/v1/proof/${card.token}`);
    const proof = parseTlogProof(proofText);
    expect(proof.index).toBe(verdict.log!.index);
    const body = (await openNote(proof.checkpoint, [key])).text;
    const checkpoint = parseCheckpoint(body);
    const entry = decodeLogEntry(proof.extra!);
    const token = parseTokenText(card.token);
    expect(toHex(entry.tokenHash)).toBe(toHex(await tokenLogHash(token.bytes)));
    expect(entry.day).toBe(token.claims.issued);
    expect(toHex(entry.keyId)).toBe(toHex(token.claims.keyId));
    expect(new Date(entry.loggedAt * 1000).toISOString()).toBe(verdict.log!.loggedAt);
    const leaf = await leafHash(proof.extra!);
    expect(
      await verifyInclusion(leaf, proof.index, checkpoint.size, proof.proof, checkpoint.root),
    ).toBe(true);

    // The same, by the second implementation.
    expect(independentlyProven(proofText, card.token, vkey)).toBe(true);
    expect(independentlyProven(proofText.replace(/\n\d+\n/, '\n999\n'), card.token, vkey)).toBe(
      false,
    );
  });

  it('serves tiles and entry bundles from which anyone rebuilds the signed root, and no serial or token', async () => {
    const cards = [];
    for (let i = 0; i < 5; i++) cards.push(await s.mint({ associate: 102 }));
    const note = await checkpointOf(6);
    const { size, root } = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
    const bundle = await s.get(`/log/tile/entries/000.p/${size}`);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    const entries = decodeEntryBundle(new Uint8Array(await bundle.arrayBuffer()));
    expect(entries).toHaveLength(size);
    const leaves = await Promise.all(entries.map(leafHash));
    expect(toHex(await rootHash(size, memoryReader(leaves)))).toBe(toHex(root));
    const tile = new Uint8Array(await (await s.get(`/log/tile/0/000.p/${size}`)).arrayBuffer());
    expect(toHex(tile)).toBe(leaves.map(toHex).join(''));
    const all = entries.map(toHex).join('');
    for (const card of cards) {
      expect(all).not.toContain(card.serial);
      expect(all).not.toContain(toHex(parseTokenText(card.token).signature.subarray(0, 16)));
    }
    // Tiles the log does not have, and paths no tile has, are 404.
    expect((await s.get(`/log/tile/0/000.p/${size + 1}`)).status).toBe(404);
    expect((await s.get('/log/tile/0/000')).status).toBe(404);
    expect((await s.get('/log/tile/0/0')).status).toBe(404);
  });

  it('grows only by appending: an older checkpoint is consistent with the newer one', async () => {
    const older = await checkpointOf(1);
    const before = parseCheckpoint(older.slice(0, older.indexOf('\n\n') + 1));
    await s.mint();
    const newer = await checkpointOf(before.size + 1);
    const after = parseCheckpoint(newer.slice(0, newer.indexOf('\n\n') + 1));
    const bundle = await s.get(`/log/tile/entries/000.p/${after.size}`);
    const leaves = await Promise.all(
      decodeEntryBundle(new Uint8Array(await bundle.arrayBuffer())).map(leafHash),
    );
    const proof = await consistencyProof(before.size, after.size, memoryReader(leaves));
    expect(await verifyConsistency(before.size, after.size, proof, before.root, after.root)).toBe(
      true,
    );
  });

  it('warns of a card minted minutes ago that the log does not hold', async () => {
    const card = await s.mint();
    const fresh = (await (await s.get(`/api/v1/verify/${card.token}`)).json()) as {
      warnings: string[];
    };
    expect(fresh.warnings).not.toContain('not-logged');
    // As if the brand had kept this card out of its log: no entry, minted ten minutes ago.
    s.store.db.prepare('DELETE FROM log_entries WHERE serial = ?').run(card.serial);
    const past = new Date(Date.now() - 10 * 60_000).toISOString();
    s.store.db.prepare('UPDATE cards SET minted_at = ? WHERE serial = ?').run(past, card.serial);
    const missing = (await (await s.get(`/api/v1/verify/${card.token}`)).json()) as {
      warnings: string[];
      log: unknown;
    };
    expect(missing.log).toBeNull();
    expect(missing.warnings).toContain('not-logged');
    const page = await text(`/c/${card.token}`);
    expect(page).toContain('data-warning="not-logged"');
  });

  it("gives the proof of a card's reference photo to whoever holds its token: hashes only", async () => {
    const card = await s.mint();
    const other = await s.mint({ associate: 102 });
    const none = await s.get(`/api/v1/proof/${card.token}/reference`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { message: string } }).error.message).toBe(
      'the house has recorded no reference photo of this card in its log',
    );

    const photo = new TextEncoder().encode('the card as written, photographed');
    const loggedAt = Math.floor(Date.now() / 1000);
    const token = parseTokenText(card.token);
    const entry = encodeReferenceEntry({
      loggedAt,
      tokenHash: await tokenLogHash(token.bytes),
      photoHash: new Uint8Array(createHash('sha256').update(photo).digest()),
      fingerprintHash: new Uint8Array(32).fill(5),
    });
    s.store.db
      .prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)')
      .run(card.serial, toHex(entry), loggedAt);
    let res = await s.get(`/api/v1/proof/${card.token}/reference`);
    for (let i = 0; i < 60 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await s.get(`/api/v1/proof/${card.token}/reference`);
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const proofText = await res.text();
    const vkey = (await text('/log/vkey')).trim();
    expect(toHex(parseTlogProof(proofText).extra!)).toBe(toHex(entry));
    expect(proofText).not.toContain(card.serial);
    expect(independentlyProvenReference(proofText, card.token, vkey, Buffer.from(photo))).toBe(
      true,
    );
    // The card's issuance proof, and the verdict's entry, are still its issuance entry.
    const issuance = await text(`/api/v1/proof/${card.token}`);
    expect(independentlyProven(issuance, card.token, vkey)).toBe(true);
    const verdict = (await (await s.get(`/api/v1/verify/${card.token}`)).json()) as {
      log: { index: number };
    };
    expect(verdict.log.index).toBe(parseTlogProof(issuance).index);
    // Another card, or the same serial with another token, has no reference here.
    expect((await s.get(`/api/v1/proof/${other.token}/reference`)).status).toBe(404);
    const forged =
      card.token.slice(0, -3) +
      ((Number(card.token.slice(-3)) + 1) % 1000).toString().padStart(3, '0');
    expect((await s.get(`/api/v1/proof/${forged}/reference`)).status).toBe(404);
  });

  it('gives no proof for a token it does not hold, and says why', async () => {
    const card = await s.mint();
    const other = parseTokenText(card.token);
    const forged =
      card.token.slice(0, -3) +
      ((Number(card.token.slice(-3)) + 1) % 1000).toString().padStart(3, '0');
    const res = await s.get(`/api/v1/proof/${forged}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ERR_NOT_FOUND');
    expect(other.bytes.length).toBe(86);
    expect((await s.get('/api/v1/proof/123')).status).toBe(400);
  });
});
