// The JSON API's answer to a token, made once and sent again: a card scanned again gets the very
// text made for its row, while a revocation (here or by the CLI), a claim, new scans or a new
// warning each give the next scan a new answer, equal to the one the page path presents.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLAG_THRESHOLDS } from '../../src/config.js';
import { scanMinute, SigningKeys } from '../../src/core/index.js';
import { createChecker, type CheckSource } from '../../src/services/check.js';
import { claimCard } from '../../src/services/claims.js';
import { memoryDayKeys } from '../../src/services/scanner-hash.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { mintWithSlip } from '../helpers/claim-slip.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

let f: Fixture | undefined;
const opened: SqliteStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  f?.close();
});

const from: CheckSource = {
  country: 'FR',
  host: 'verify.brand.co',
  scheme: 'https:',
  client: '198.51.100.7',
  counted: true,
};

describe("the JSON API's answer text", () => {
  it('is made once per card row, scan summary and warnings, and equals the presented answer', async () => {
    f = await makeFixture();
    const store = f.store;
    const card = await mintWithSlip({ store, signers: new SigningKeys([f.signer]) });
    let clock = Date.now();
    const check = createChecker({
      store,
      keyring: f.keyring,
      now: () => new Date(clock),
      verifyMemo: 100,
      recordScan: () => {},
      widelyScanned: DEFAULT_FLAG_THRESHOLDS,
      origin: '',
      verifyHosts: [],
      scannerKeys: memoryDayKeys(),
      mac: (key, data) => createHmac('sha256', key).update(data).digest(),
      claims: store.claims(),
    });
    const text = () => check.tokenText(from, card.token, 'api');
    const presented = async () => JSON.stringify(await check.token(from, card.token, 'page'));

    const first = await text();
    expect(JSON.parse(first.text)).toMatchObject({ status: 'authentic', scans: { count: 0 } });
    expect(first.text).toBe(await presented());
    for (let i = 0; i < 20; i++) expect(await text()).toBe(first); // the same text, not remade

    // Claimed here: the next scan's answer carries the claim.
    await claimCard(
      { claims: store.claims(), store, admin: store.admin(), now: () => new Date() },
      { code: card.code, handle: 'Camille' },
    );
    const claimed = await text();
    expect(JSON.parse(claimed.text).claim).toMatchObject({ status: 'active', handle: 'Camille' });
    expect(claimed.text).toBe(await presented());

    // Scans written and the summary read again (it is kept for 5 s): the count moves.
    await store.recordScans([
      {
        serial: card.serial,
        minute: scanMinute(new Date(clock)),
        channel: 'api',
        country: 'FR',
        scanner: 'aa'.repeat(16),
        count: 3,
      },
    ]);
    expect(JSON.parse((await text()).text).scans.count).toBe(0); // the summary is kept 5 s
    clock += 6_000;
    const scanned = await text();
    expect(JSON.parse(scanned.text).scans.count).toBe(3);
    expect(await text()).toBe(scanned);

    // Revoked by the CLI (another connection): the very next scan says so.
    const cli = openSqliteStore(store.db.name);
    opened.push(cli);
    await cli.revokeCard(card.serial, { reason: 'counterfeit', note: 'seized' }, new Date());
    const revoked = await text();
    expect(JSON.parse(revoked.text)).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'counterfeit' },
      claim: { status: 'ended' },
    });
    expect(revoked.text).toBe(await presented());
  });
});
