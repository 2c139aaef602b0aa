// Keys reloaded without a restart: `cachet key rotate` and `key compromise` rewrite jwks.json, and
// the Node server takes the new keys within a second or two.
import { unwatchFile, watchFile } from 'node:fs';
import type { NodeConfig } from '../config.js';
import { jwksPath } from '../store/key-files.js';
import { loadNodeKeys } from './runtime.js';

export type NodeKeys = Awaited<ReturnType<typeof loadNodeKeys>>;

/**
 * Watches keys/jwks.json and hands each new set of keys to `onKeys`; a set that does not load is
 * said and the old keys kept. Returns what stops the watch.
 */
export function watchKeys(
  config: NodeConfig,
  onKeys: (keys: NodeKeys) => void,
  log: (line: string) => void,
): () => void {
  const jwksFile = jwksPath(config.keysDir);
  watchFile(jwksFile, { interval: 1000 }, () => {
    void loadNodeKeys(config)
      .then((fresh) => {
        onKeys(fresh);
        log(`Keys reloaded from ${jwksFile}`);
      })
      .catch((error: unknown) =>
        console.error(`cachet: kept the old keys: ${(error as Error).message}`),
      );
  });
  return () => unwatchFile(jwksFile);
}
