// A full claim story in a real registry's log, checked by the independent checker of the log
// tests (written from spec/ct1.md alone): claimed with a name and the photo, changed, released,
// claimed again with the transfer code, voided. Each claim entry is proven in the signed tree
// beside the card's issuance and reference entries, with the right event, number and flags, and
// a name hash that matches the name the verdict showed; the monitor finds nothing to flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ed25519NoteSigner,
  formatTlogProof,
  formatVkey,
  inclusionProof,
  leafHash,
  memoryReader,
  noteKey,
  parseTilePath,
  SigningKeys,
} from '../../src/core/index.js';
import { operator } from '../../src/services/access.js';
import {
  changeClaim,
  claimCard,
  releaseClaim,
  voidClaim,
  type ClaimPorts,
} from '../../src/services/claims.js';
import { LogSequencer, servedTile } from '../../src/services/log.js';
import { monitorLog, type LogSource } from '../../src/services/log-monitor.js';
import { SqlLogStore } from '../../src/store/log-sql.js';
import { mintWithSlip, recordPhoto } from '../helpers/claim-slip.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';
import {
  claimNameHashIndependently,
  decodeClaimIndependently,
  decodeReferenceIndependently,
  independentlyProven,
  independentlyProvenEntry,
  tokenHashIndependently,
} from '../helpers/independent-log.js';

const ORIGIN = 'verify.brand.test/log';
const PHOTO = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
let f: Fixture;
let store: SqlLogStore;
let sequencer: LogSequencer;
let vkey: string;
let ports: ClaimPorts;

beforeAll(async () => {
  f = await makeFixture();
  store = new SqlLogStore(f.store.sql);
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  sequencer = new LogSequencer(store, {
    origin: ORIGIN,
    signer: await ed25519NoteSigner(ORIGIN, publicKey, pair.privateKey),
  });
  vkey = formatVkey(await noteKey(ORIGIN, 1, publicKey));
  ports = {
    claims: f.store.claims(),
    store: f.store,
    admin: f.store.admin(),
    now: () => new Date(),
  };
});
afterAll(() => f?.close());

/** Every entry's proof in the newest signed tree, built from the entries the log serves. */
async function proofsOfAll(): Promise<{ entry: Buffer; proof: string }[]> {
  const checkpoint = (await store.latestCheckpoint())!;
  const size = Number(checkpoint.note.split('\n')[1]);
  const entries = await store.entries(0, size);
  const leaves = await Promise.all(entries.map(leafHash));
  const read = memoryReader(leaves);
  return Promise.all(
    entries.map(async (entry, index) => ({
      entry: Buffer.from(entry),
      proof: formatTlogProof({
        extra: entry,
        index,
        proof: await inclusionProof(index, size, read),
        checkpoint: checkpoint.note,
      }),
    })),
  );
}

describe('a claim story in the log', () => {
  it('logs claimed → changed → released → claimed → voided, each proven to the independent checker', async () => {
    const card = await mintWithSlip({ store: f.store, signers: new SigningKeys([f.signer]) });
    await recordPhoto(f.store, card, PHOTO);
    const made = await claimCard(ports, { code: card.code, handle: 'Élise ✿', showPhoto: true });
    expect(made.claim.handle).toBe('Élise ✿');
    await changeClaim(ports, { holderSecret: made.holderSecret, showPhoto: false });
    const { transferCode } = await releaseClaim(ports, { holderSecret: made.holderSecret });
    const next = await claimCard(ports, { code: transferCode });
    expect(next.claim).not.toHaveProperty('handle');
    await voidClaim(ports, operator('legal-test'), {
      serial: card.serial,
      reason: 'slip obtained by fraud',
    });
    await sequencer.integrate(new Date());

    const all = await proofsOfAll();
    const tokenHash = tokenHashIndependently(card.token);
    // Every entry of the log, of all three types, is proven in the signed tree.
    for (const { entry, proof } of all) {
      expect(independentlyProvenEntry(proof, entry, vkey), `entry type ${entry[0]}`).toBe(true);
    }
    expect(all.map(({ entry }) => entry[0])).toEqual([1, 2, 3, 3, 3, 3, 3]);
    expect(independentlyProven(all[0]!.proof, card.token, vkey)).toBe(true);
    expect(decodeReferenceIndependently(all[1]!.entry)?.tokenHash).toBe(tokenHash);

    const claims = all.slice(2).map(({ entry }) => decodeClaimIndependently(entry)!);
    expect(claims.map((c) => [c.event, c.claim, c.shown.handle, c.shown.photo])).toEqual([
      ['claimed', 1, true, true],
      ['changed', 1, true, false],
      ['released', 1, false, false],
      ['claimed', 2, false, false],
      ['voided', 2, false, false],
    ]);
    for (const c of claims) expect(c.tokenHash).toBe(tokenHash);
    // The name hash is the name the verdict showed, for this card; none once no name is shown.
    const shownName = claimNameHashIndependently(card.token, made.claim.handle!);
    expect(claims[0]!.handleHash).toBe(shownName);
    expect(claims[1]!.handleHash).toBe(shownName);
    expect(claims[0]!.handleHash).not.toBe(claimNameHashIndependently(card.token, 'Elise ✿'));
    for (const c of claims.slice(2)) expect(c.handleHash).toBe('0'.repeat(64));
    // Logged in order, never before the card.
    const times = claims.map((c) => c.loggedAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // A tampered claim entry proves nothing.
    const tampered = Buffer.from(all[4]!.entry);
    tampered[41] = 4; // "released" read as "voided"
    expect(independentlyProvenEntry(all[4]!.proof, tampered, vkey)).toBe(false);

    // The monitor reads the same story as an honest one.
    const source: LogSource = {
      async text(path) {
        if (path === 'vkey') return vkey;
        return (await store.latestCheckpoint())!.note;
      },
      async bytes(path) {
        return (await servedTile(store, parseTilePath(path)!))!;
      },
    };
    const { report } = await monitorLog(source, { vkey: null, checkpoint: null, entries: [] });
    expect(report).toMatchObject({
      perType: { issuance: 1, reference: 1, claim: 5, unknown: 0 },
      claimsPerEvent: { claimed: 2, changed: 1, released: 1, voided: 1 },
      claimFlags: [],
      odd: [],
    });
  });
});
