// Opens what a CLI command needs (registry, keys, signer) from the same settings as the server.
import { existsSync } from 'node:fs';
import { CachetError, type Signer } from '../core/index.js';
import { loadNodeConfig, openNodeRuntime } from '../node.js';

export async function openContext(options: { needRegistry?: boolean } = {}) {
  const config = loadNodeConfig();
  if (options.needRegistry && !existsSync(config.dbPath)) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no registry at ${config.dbPath} (set CACHET_DB, or run npm start once)`,
    );
  }
  const runtime = await openNodeRuntime(config);
  return { config, ...runtime };
}

/** The signer, or a message that says how to get one. */
export function requireSigner(signer: Signer | null): Signer {
  if (!signer) {
    throw new CachetError(
      'ERR_NO_SIGNING_KEY',
      'no signing key: run `cachet keygen`, or set CACHET_SIGNING_KEY',
    );
  }
  return signer;
}
