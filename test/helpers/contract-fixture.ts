// One registry, two runtimes: cards minted in a real SQLite file, served by the Node server from
// that file and by the Worker in workerd from a local D1 seeded with the same rows.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  SigningKeys,
  dayToDate,
  formatClaimCode,
  formatToken,
  generateKeyPair,
  importKeyring,
  importSigner,
  instantToDay,
  parseTokenText,
  randomSerial,
  signCard,
} from '../../src/core/index.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../../src/services/demo.js';
import { newClaimCode } from '../../src/services/claims.js';
import {
  describeMinted,
  mintCard,
  newCardRow,
  type MintedCard,
  type MintRequest,
} from '../../src/services/mint.js';
import { readJwks, storeKeyPair } from '../../src/store/key-files.js';
import {
  freePort,
  launch,
  startLocalWorker,
  type LocalProcess,
} from '../../src/cli/local-worker.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { createStaff } from '../../src/services/staff.js';
import { operator } from '../../src/services/access.js';
import { ROOT } from './cli.js';
import { clockEnv, realNow } from './dates.js';
import { tempDir } from './fixture.js';

/** The host the fixture's cards point to; both targets are told it is theirs. */
export const VERIFY_HOST = 'verify.brand.co';

export interface ContractFixture {
  dir: string;
  dbPath: string;
  keysDir: string;
  kid: string;
  receiptKid: string;
  /** The receipt key's private JWK, for the Worker's secret. */
  receiptKey: string;
  /** The card-signing private JWK, for minting through the API on workerd (a secret there). */
  signingKey: string;
  /** An associate of PAR-SH who signs in with an API key. */
  associateKey: string;
  legalKey: string;
  canary: string;
  cards: Record<'authentic' | 'page' | 'revoked' | 'xss' | 'canary', MintedCard>;
  tokens: Record<'unregistered' | 'forged' | 'unknownKey', string>;
  /** Cards minted with a claim slip, and the slip's code as printed (formatClaimCode). */
  slips: Record<'claimed' | 'revoked', { card: MintedCard; code: string }>;
}

export async function makeContractFixture(): Promise<ContractFixture> {
  // Made on the real clock, which workerd keeps under faketime: for a Node server whose clock is
  // shifted ahead, the same registry is simply older.
  const made = realNow();
  const daysBefore = (n: number) => dayToDate(instantToDay(made) - n);
  const dir = tempDir('cachet-contract-');
  const dbPath = join(dir, 'registry.db');
  const keysDir = join(dir, 'keys');
  const pair = await generateKeyPair({ validFrom: '2020-01-01' });
  await storeKeyPair(keysDir, pair);
  const receiptPair = await generateKeyPair({ validFrom: '2020-01-01', receipt: true });
  await storeKeyPair(keysDir, receiptPair);
  const keyring = await importKeyring(await readJwks(keysDir));
  const signer = await importSigner(pair.privateJwk, keyring);
  const store = openSqliteStore(dbPath);
  for (const b of DEMO_BOUTIQUES) await store.addBoutique(b);
  for (const a of DEMO_ASSOCIATES) await store.addAssociate(a);
  await store.addBoutique({
    number: 66,
    code: 'XSS',
    name: '"><img src=x onerror=alert(1)>',
    city: '<b>City</b>',
    country: 'FR',
  });
  await store.addAssociate({ number: 666, boutique: 66, displayName: '<script>alert(1)</script>' });
  const mint = (req: Partial<MintRequest>) =>
    mintCard(
      { boutique: 'PAR-SH', associate: 101, ...req },
      {
        store,
        signers: new SigningKeys([signer]),
        origin: `https://${VERIFY_HOST}`,
        now: made,
      },
    );

  const canary = `CANARY-${randomBytes(8).toString('hex')}`;
  const cards = {
    // Dated some days before the day the registry was made (its own, real clock).
    authentic: await mint({ date: daysBefore(17), associate: 102, occasion: 'birthday' }),
    page: await mint({ date: daysBefore(16), associate: 101 }),
    revoked: await mint({}),
    xss: await mint({ boutique: 'XSS', associate: 666 }),
    canary: await mint({ clientRef: canary }),
  };
  await store.revokeCard(
    cards.revoked.serial,
    { reason: 'counterfeit', note: `Copies sold online, case 7 ${canary}`, by: 'legal' },
    new Date('2026-03-04T10:00:00Z'),
  );

  // A legal team member who signs in with an API key (its hash is seeded into D1 as well).
  const legal = await createStaff(
    { store, admin: store.admin() },
    operator('test-setup'),
    { name: 'Legal Team', role: 'legal' },
    made,
  );

  const associate = await createStaff(
    { store, admin: store.admin() },
    operator('test-setup'),
    { name: 'Camille', role: 'associate', boutique: 'PAR-SH' },
    made,
  );

  const claims = parseTokenText(cards.page.token).claims;
  /** A card minted with a slip: its row keeps the slip code's salted hash, as minting does. */
  const withSlip = async () => {
    const card = { ...claims, serial: randomSerial() };
    const tokenBytes = await signCard(card, signer.privateKey);
    const slip = await newClaimCode(store.claims());
    const row = newCardRow({ claims: card, tokenBytes, kid: signer.key.kid }, undefined, {
      now: made,
    });
    await store.insertCards([{ ...row, claimCodeHash: slip.codeHash }]);
    return {
      card: describeMinted(card, tokenBytes, `https://${VERIFY_HOST}`),
      code: formatClaimCode(slip.code),
    };
  };
  const slips = { claimed: await withSlip(), revoked: await withSlip() };
  const forged = parseTokenText(cards.page.token).bytes;
  forged[forged.length - 10]! ^= 1; // inside the signature
  const other = await generateKeyPair({ validFrom: '2020-01-01' });
  const otherSigner = await importSigner(
    other.privateJwk,
    await importKeyring({ keys: [other.publicJwk] }),
  );
  const tokens = {
    unregistered: formatToken(
      await signCard({ ...claims, serial: randomSerial() }, signer.privateKey),
    ),
    forged: formatToken(forged),
    unknownKey: formatToken(
      await signCard({ ...claims, keyId: otherSigner.key.keyId }, otherSigner.privateKey),
    ),
  };
  store.close();
  return {
    dir,
    dbPath,
    keysDir,
    kid: signer.key.kid,
    receiptKid: receiptPair.publicJwk.kid,
    receiptKey: JSON.stringify(receiptPair.privateJwk),
    legalKey: legal.apiKey,
    signingKey: JSON.stringify(pair.privateJwk),
    associateKey: associate.apiKey,
    canary,
    cards,
    tokens,
    slips,
  };
}

export type Target = LocalProcess;

/** The Node server (dist/src/node.js) over the fixture's SQLite file. */
export async function startNodeTarget(f: ContractFixture): Promise<Target> {
  const port = await freePort();
  return launch(process.execPath, [join(ROOT, 'dist/src/node.js')], {
    cwd: f.dir,
    env: {
      PATH: process.env.PATH ?? '',
      ...clockEnv(),
      CACHET_DB: f.dbPath,
      CACHET_KEYS_DIR: f.keysDir,
      PORT: String(port),
      CACHET_DEMO: '0',
      CACHET_VERIFY_HOSTS: VERIFY_HOST,
    },
    ready: /Press Ctrl\+C/,
    url: `http://127.0.0.1:${port}`,
  });
}

/** The Worker (src/worker.ts) in workerd, over a local D1 seeded with the fixture's rows. */
export async function startWorkerdTarget(f: ContractFixture): Promise<Target> {
  return startLocalWorker({
    dir: join(f.dir, 'worker'),
    dbPath: f.dbPath,
    keysDir: f.keysDir,
    port: await freePort(),
    inspectorPort: await freePort(),
    verifyHosts: [VERIFY_HOST],
    vars: { CACHET_RECEIPT_KEY: f.receiptKey, CACHET_SIGNING_KEY: f.signingKey },
  });
}
