// Starts the real Node server (SQLite file, key files, @hono/node-server) on a free port in a temp folder.
import { join } from 'node:path';
import { generateKeyPair, type NewKeyOptions } from '../../src/core/index.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../../src/services/demo.js';
import { mintCard, type MintRequest } from '../../src/services/mint.js';
import { operator } from '../../src/services/access.js';
import { createStaff } from '../../src/services/staff.js';
import { readNodeConfig } from '../../src/config.js';
import { startNodeServer, type RunningServer } from '../../src/node/server.js';
import { storeKeyPair } from '../../src/store/key-files.js';
import { tempDir } from './fixture.js';

export interface TestServer extends RunningServer {
  dir: string;
  mint(req?: Partial<MintRequest>): ReturnType<typeof mintCard>;
  get(path: string): Promise<Response>;
  /** A new staff member's API key (added as the test's setup, not by a person). */
  staffKey(request: Parameters<typeof createStaff>[2]): Promise<string>;
}

export async function startTestServer(
  key: NewKeyOptions = { validFrom: '2020-01-01' },
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dir = tempDir();
  const config = readNodeConfig({
    CACHET_DB: join(dir, 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
    PORT: '0',
    CACHET_DEMO: '0',
    ...env,
  });
  await storeKeyPair(config.keysDir, await generateKeyPair(key));
  const running = await startNodeServer(config);
  for (const b of DEMO_BOUTIQUES) await running.store.addBoutique(b);
  for (const a of DEMO_ASSOCIATES) await running.store.addAssociate(a);
  return {
    ...running,
    dir,
    mint: (req = {}) =>
      mintCard(
        { boutique: 'PAR-SH', associate: 101, ...req },
        { store: running.store, signers: running.signers, origin: running.url, now: new Date() },
      ),
    get: (path) => fetch(`${running.url}${path}`, { redirect: 'manual' }),
    staffKey: async (request) =>
      (
        await createStaff(
          { store: running.store, admin: running.store.admin() },
          operator('test-setup'),
          request,
          new Date(),
        )
      ).apiKey,
  };
}
