// The issuance log as the Worker keeps it, on a real local D1 and R2 (workerd through
// getPlatformProxy): a step cut short anywhere (tiles written and nothing placed; entries
// placed and no checkpoint signed) is finished by the next, and every card's proof (and a
// reference photo's) verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { getPlatformProxy } from 'wrangler';
import {
  ed25519NoteSigner,
  generateKeyPair,
  importKeyring,
  importSigner,
  noteKey,
  parseCheckpoint,
  SigningKeys,
} from '../../src/core/index.js';
import {
  checkLogProof,
  checkReferenceProof,
  encodeReferenceEntry,
  parseTokenText,
  sha256,
  toHex,
  tokenLogHash,
} from '../../src/core/index.js';
import { LogSequencer, proofForReference, proofForToken } from '../../src/services/log.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../../src/services/demo.js';
import { mintCard } from '../../src/services/mint.js';
import { D1Store, type D1Database } from '../../src/store/d1.js';
import { D1R2LogStore, type R2Bucket } from '../../src/store/log-r2.js';
import { localBindings } from '../helpers/platform.js';

type Env = { DB: D1Database; LOG_BUCKET: R2Bucket };
let proxy: Awaited<ReturnType<typeof getPlatformProxy<Env>>>;
beforeAll(async () => {
  proxy = await localBindings<Env>();
}, 60_000);
afterAll(() => proxy?.dispose());

/** The bucket, failing once on the first put whose key starts with `prefix`, after or before it. */
function failingOnce(bucket: R2Bucket, prefix: string, after: boolean): R2Bucket {
  let failed = false;
  return {
    get: (key) => bucket.get(key),
    async put(key, value) {
      if (failed || !key.startsWith(prefix)) return bucket.put(key, value);
      failed = true;
      if (after) await bucket.put(key, value);
      throw new Error(`cut short at ${key}`);
    },
  };
}

describe('the log on D1 and R2', () => {
  it('finishes a step cut short, and every card it holds has a proof that verifies', async () => {
    const store = new D1Store(proxy.env.DB);
    for (const b of DEMO_BOUTIQUES) await store.addBoutique(b);
    for (const a of DEMO_ASSOCIATES) await store.addAssociate(a);
    const pair = await generateKeyPair({ validFrom: '2020-01-01' });
    const keyring = await importKeyring({ keys: [pair.publicJwk] });
    const signers = new SigningKeys([await importSigner(pair.privateJwk, keyring)]);
    const mint = () =>
      mintCard(
        { boutique: 'PAR-SH', associate: 101 },
        { store, signers, origin: 'https://verify.brand.test', now: new Date() },
      );

    const logPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', logPair.publicKey));
    const origin = 'verify.brand.test/log';
    const identity = {
      origin,
      signer: await ed25519NoteSigner(origin, publicKey, logPair.privateKey),
    };
    const key = await noteKey(origin, 1, publicKey);
    const bucket = proxy.env.LOG_BUCKET;
    const sequencerOver = (b: R2Bucket) =>
      new LogSequencer(new D1R2LogStore(store.sql, b), identity);
    const logStore = new D1R2LogStore(store.sql, bucket);

    const cards = [];
    for (let i = 0; i < 3; i++) cards.push(await mint());
    expect(await sequencerOver(bucket).integrate(new Date())).toBe(3);

    // Tiles written, nothing placed: the next step writes the same tiles again and goes on.
    for (let i = 0; i < 3; i++) cards.push(await mint());
    await expect(
      sequencerOver(failingOnce(bucket, 'tile/0/', true)).integrate(new Date()),
    ).rejects.toThrow(/cut short/);
    expect(await logStore.placedSize()).toBe(3);
    // Entries placed, no checkpoint: the next step signs what is placed.
    for (let i = 0; i < 2; i++) cards.push(await mint());
    await expect(
      sequencerOver(failingOnce(bucket, 'checkpoints/', false)).integrate(new Date()),
    ).rejects.toThrow(/cut short/);
    expect(await logStore.placedSize()).toBe(8);
    expect((await logStore.latestCheckpoint())!.size).toBe(3);

    expect(await sequencerOver(bucket).integrate(new Date())).toBe(8);
    const note = (await logStore.latestCheckpoint())!.note;
    expect(parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size).toBe(8);
    const indexes = [];
    for (const card of cards) {
      const proof = await proofForToken(logStore, card.token);
      indexes.push((await checkLogProof(card.token, proof, key)).index);
    }
    expect(indexes.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // A reference photo's entry in D1 beside the cards: placed, and proven by its card's token.
    const photo = new TextEncoder().encode('the written card');
    const loggedAt = Math.floor(Date.now() / 1000);
    const entry = encodeReferenceEntry({
      loggedAt,
      tokenHash: await tokenLogHash(parseTokenText(cards[0]!.token).bytes),
      photoHash: await sha256(photo),
      fingerprintHash: await sha256(new Uint8Array([1])),
    });
    await store.sql.run(
      'INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 2, ?, ?)',
      cards[0]!.serial,
      toHex(entry),
      loggedAt,
    );
    await expect(proofForReference(logStore, cards[0]!.token)).rejects.toThrow(/not yet placed/);
    expect(await sequencerOver(bucket).integrate(new Date())).toBe(9);
    const reference = await proofForReference(logStore, cards[0]!.token);
    expect(await checkReferenceProof(cards[0]!.token, reference, key, { photo })).toMatchObject({
      index: 8,
      photo: 'matches',
    });
    expect(
      (await checkLogProof(cards[0]!.token, await proofForToken(logStore, cards[0]!.token), key))
        .index,
    ).toBe(indexes[0]);
  }, 60_000);
});
