// A real registry in a temporary SQLite file, a fresh key, and the demo brand: what most suites start from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SigningKeys,
  generateKeyPair,
  importKeyring,
  importSigner,
  type Keyring,
  type NewKeyOptions,
  type Signer,
} from '../../src/core/index.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../../src/services/demo.js';
import { mintCard, type MintRequest } from '../../src/services/mint.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';

export const ORIGIN = 'https://verify.brand.co';

export interface Fixture {
  dir: string;
  store: SqliteStore;
  keyring: Keyring;
  signer: Signer;
  mint(req?: Partial<MintRequest>): ReturnType<typeof mintCard>;
  close(): void;
}

export function tempDir(prefix = 'cachet-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function makeFixture(
  key: NewKeyOptions = { validFrom: '2020-01-01' },
): Promise<Fixture> {
  const dir = tempDir();
  const store = openSqliteStore(join(dir, 'cachet.db'));
  for (const b of DEMO_BOUTIQUES) await store.addBoutique(b);
  for (const a of DEMO_ASSOCIATES) await store.addAssociate(a);
  const pair = await generateKeyPair(key);
  const keyring = await importKeyring({ keys: [pair.publicJwk] });
  const signer = await importSigner(pair.privateJwk, keyring);
  return {
    dir,
    store,
    keyring,
    signer,
    mint: (req = {}) =>
      mintCard(
        { boutique: 'PAR-SH', associate: 101, ...req },
        { store, signers: new SigningKeys([signer]), origin: ORIGIN, now: new Date() },
      ),
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
