// A monitor reading a card's claim entries (0x03) from a real registry's log: an honest story
// (claimed, changed, released, claimed again, voided) is counted by event and flags nothing; a
// claim reassigned, erased or renumbered is flagged at its index, judged against the entries kept
// from the monitor's earlier run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimHandleHash,
  ed25519NoteSigner,
  encodeClaimEntry,
  formatVkey,
  noteKey,
  parseTilePath,
  parseTokenText,
  tokenLogHash,
  type ClaimEvent,
} from '../../src/core/index.js';
import { LogSequencer, servedTile } from '../../src/services/log.js';
import { describeReport, monitorLog, type LogSource } from '../../src/services/log-monitor.js';
import { SqlLogStore } from '../../src/store/log-sql.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

const ORIGIN = 'verify.brand.test/log';
let f: Fixture;
let store: SqlLogStore;
let sequencer: LogSequencer;
let vkey: string;

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
});
afterAll(() => f?.close());

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

/** Logs a claim event for a card as the claim service does: a kind 3 row, placed later. */
async function logClaim(
  card: { serial: string; token: string | Uint8Array },
  event: ClaimEvent,
  claim: number,
  handle?: string,
) {
  const bytes = typeof card.token === 'string' ? parseTokenText(card.token).bytes : card.token;
  const tokenHash = await tokenLogHash(bytes);
  const loggedAt = Math.floor(Date.now() / 1000);
  const entry = encodeClaimEntry({
    loggedAt,
    tokenHash,
    event,
    claim,
    shown: { handle: !!handle, photo: false },
    handleHash: handle ? await claimHandleHash(bytes, handle) : new Uint8Array(32),
  });
  f.store.db
    .prepare('INSERT INTO log_entries (serial, kind, entry, logged_at) VALUES (?, 3, ?, ?)')
    .run(card.serial, Buffer.from(entry).toString('hex'), loggedAt);
}

describe('a monitor reading claim entries', () => {
  it('counts an honest story by event, and flags a claim reassigned, erased or renumbered', async () => {
    const a = await f.mint();
    const b = await f.mint({ associate: 102 });
    const c = await f.mint();
    await sequencer.integrate(new Date());
    // a: claimed with a name → changed → released → claimed with the transfer code → voided.
    await logClaim(a, 'claimed', 1, 'Élise');
    await logClaim(a, 'changed', 1);
    await logClaim(a, 'released', 1);
    await logClaim(a, 'claimed', 2);
    await logClaim(a, 'voided', 2);
    await sequencer.integrate(new Date());

    const first = await monitorLog(source, { vkey: null, checkpoint: null, entries: [] });
    expect(first.report).toMatchObject({
      status: 'ok',
      size: 8,
      perType: { issuance: 3, reference: 0, claim: 5, unknown: 0 },
      claimsPerEvent: { claimed: 2, changed: 1, released: 1, voided: 1 },
      claimFlags: [],
      odd: [],
    });
    const lines = describeReport(first.report).join('\n');
    expect(lines).toContain('by type: 3 issuance, 0 reference photos, 5 claim events');
    expect(lines).toContain('claims: 2 claimed, 1 changed, 1 released, 1 voided');
    expect(lines).not.toContain('FLAGGED');

    // What a house reassigning or erasing claims would leave behind, judged against the story
    // the monitor kept from its first run.
    await logClaim(a, 'claimed', 2); // 8: claim 2 again, after it was voided
    await logClaim(a, 'released', 1); // 9: claim 1 ended long ago
    await logClaim(b, 'changed', 1); // 10: never claimed
    await logClaim(b, 'claimed', 1); // 11: fine
    await logClaim(b, 'claimed', 2); // 12: over claim 1, which stands
    await logClaim(c, 'claimed', 3); // 13: the first claim numbered 3
    await logClaim({ serial: c.serial, token: new Uint8Array(86).fill(7) }, 'claimed', 1); // 14
    await sequencer.integrate(new Date());

    const next = await monitorLog(source, first.state);
    expect(next.report).toMatchObject({
      status: 'ok',
      added: 7,
      claimsPerEvent: { claimed: 5, changed: 1, released: 1, voided: 0 },
    });
    expect(next.report.claimFlags.map((e) => [e.index, e.event, e.claim])).toEqual([
      [8, 'claimed', 2],
      [9, 'released', 1],
      [10, 'changed', 1],
      [12, 'claimed', 2],
      [13, 'claimed', 3],
      [14, 'claimed', 1],
    ]);
    const reasons = next.report.claimFlags.map((e) => e.reason);
    expect(reasons[0]).toMatch(/goes backwards: the card's last claim was 2/);
    expect(reasons[1]).toMatch(/released for claim 1, which had already ended/);
    expect(reasons[2]).toMatch(/changed for claim 1, which was never claimed/);
    expect(reasons[3]).toMatch(/claim 1 stands .*reassigned/);
    expect(reasons[4]).toMatch(/claim number 3 skips: the card's last claim was 0/);
    expect(reasons[5]).toMatch(/no issuance entry before it/);
    expect(describeReport(next.report).join('\n')).toMatch(
      /CLAIM FLAGGED: entry 12 \(claimed, claim 2, logged \S+\): claim 2 made while/,
    );
  });
});
