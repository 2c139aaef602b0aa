// Opens what a CLI command needs (registry, keys, signer) from the same settings as the server.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { CachetError, type SigningKeys } from '../core/index.js';
import { readNodeConfig } from '../config.js';
import { openNodeRuntime } from '../node/runtime.js';
import { audited, operator, type ActionRecord } from '../services/access.js';
import { originMismatch } from '../services/origin.js';
import { noteOrigins, readOrigins } from '../node/origin-file.js';
import type { SqliteStore } from '../store/sqlite.js';

/** Who the audit log names for a CLI action: the local account. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/**
 * Runs a CLI action under the operator's name and writes its audit entry, whatever the outcome,
 * exactly as the admin API does for staff.
 */
export function auditCli<T>(
  store: Pick<SqliteStore, 'admin'>,
  action: string,
  record: ActionRecord,
  work: () => Promise<T>,
  detail?: (result: T) => string,
): Promise<T> {
  const ports = { admin: store.admin(), now: () => new Date() };
  return audited(ports, operator(cliActor()), action, record, work, () => 200, detail);
}

export async function openContext(options: { needRegistry?: boolean } = {}) {
  const config = readNodeConfig(process.env);
  if (options.needRegistry && !existsSync(config.dbPath)) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no registry at ${config.dbPath} (set CACHET_DB, or run npm start once)`,
    );
  }
  const runtime = await openNodeRuntime(config);
  // With no origin of its own, this shell mints for the origin the server last served.
  const { served } = readOrigins(config.dbPath);
  const origin = served && !config.originFromEnv ? served.origin : config.origin;
  const verifyHosts = [...new Set([new URL(origin).host, ...config.verifyHosts.slice(1)])];
  return {
    config: { ...config, origin, verifyHosts },
    ...runtime,
    actor: operator(cliActor()),
    /** After minting: remembers the origin, and warns when the server would not accept it. */
    async mintedFor(cardsOrigin: string) {
      noteOrigins(config.dbPath, { minted: cardsOrigin });
      const mismatch = served && originMismatch(cardsOrigin, served);
      if (mismatch) console.error(`warning: ${mismatch}`);
    },
  };
}

/** The signing keys, or a message that says how to get one. */
export function requireSigners(signers: SigningKeys): SigningKeys {
  if (signers.size === 0) {
    throw new CachetError(
      'ERR_NO_SIGNING_KEY',
      'no signing key: run `cachet keygen`, or set CACHET_SIGNING_KEY',
    );
  }
  return signers;
}
