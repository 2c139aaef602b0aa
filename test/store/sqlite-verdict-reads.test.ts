// What a verdict reads from the SQLite registry: a card scanned again and again costs no query of
// its row, its standing claim or its reference photo while nothing commits, and a claim made,
// changed or voided here or by the CLI (another connection) shows on the very next verdict.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SigningKeys, type Principal } from '../../src/core/index.js';
import { createApp } from '../../src/app/app.js';
import { changeClaim, claimCard, voidClaim, type ClaimPorts } from '../../src/services/claims.js';
import { openSqliteStore, SqliteStore } from '../../src/store/sqlite.js';
import { mintWithSlip, recordPhoto } from '../helpers/claim-slip.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

let f: Fixture | undefined;
const opened: SqliteStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  f?.close();
});

/** The checks that tell a commit happened: asked on every verdict, cheaper than any query. */
const COMMIT_CHECKS = new Set(['SELECT total_changes()', 'PRAGMA data_version']);

/** The server's registry connection, with every statement it runs written down. */
function countedStore(path: string) {
  const statements: string[] = [];
  const db = new BetterSqlite3(path, { verbose: (sql) => statements.push(String(sql)) });
  db.pragma('busy_timeout = 5000');
  const store = new SqliteStore(db);
  opened.push(store);
  return { store, queries: () => statements.filter((sql) => !COMMIT_CHECKS.has(sql)).length };
}

const legal: Principal = {
  id: 'stf_legal',
  name: 'legal',
  role: 'legal',
  boutique: null,
  via: 'api-key',
};

describe("a verdict's reads on SQLite", () => {
  it('reads the row, the claim and the reference once until something commits', async () => {
    f = await makeFixture();
    const card = await mintWithSlip({ store: f.store, signers: new SigningKeys([f.signer]) });
    const { store, queries } = countedStore(f.store.db.name);
    const app = createApp({ store, keyring: f.keyring, claims: store.claims(), verifyMemo: 0 });
    const verdict = async () =>
      (await (await app.request(`/api/v1/verify/${card.token}`)).json()) as {
        status: string;
        claim?: { status: string; handle?: string };
        reference?: { kept: true };
      };

    expect(await verdict()).toMatchObject({ status: 'authentic' });
    const before = queries();
    for (let i = 0; i < 50; i++) {
      const seen = await verdict();
      expect(seen.status).toBe('authentic');
      expect(seen.claim).toBeUndefined();
      expect(seen.reference).toBeUndefined();
    }
    expect(queries() - before).toBe(0);

    // Claimed through the server's own connection: the next verdict shows it, then reads no more.
    const here: ClaimPorts = {
      claims: store.claims(),
      store,
      admin: store.admin(),
      now: () => new Date(),
    };
    const made = await claimCard(here, { code: card.code, handle: 'Camille' });
    expect((await verdict()).claim).toEqual(made.claim);
    const claimed = queries();
    for (let i = 0; i < 50; i++) expect((await verdict()).claim).toEqual(made.claim);
    expect(queries() - claimed).toBe(0);

    // Changed and then voided through the CLI's connection: each shows on the next verdict.
    const cli = openSqliteStore(f.store.db.name);
    opened.push(cli);
    const there: ClaimPorts = {
      claims: cli.claims(),
      store: cli,
      admin: cli.admin(),
      now: () => new Date(),
    };
    await changeClaim(there, { holderSecret: made.holderSecret, handle: 'Ines' });
    expect((await verdict()).claim?.handle).toBe('Ines');
    await voidClaim(there, legal, { serial: card.serial, reason: 'a court order' });
    expect((await verdict()).claim).toBeUndefined();

    // A reference photo recorded by the CLI shows on the next verdict too.
    await recordPhoto(cli, card, new Uint8Array([9, 8, 7]));
    expect((await verdict()).reference).toEqual({ kept: true });
  });
});
