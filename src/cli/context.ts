// Opens what a CLI command needs (registry, keys, signer) from the same settings as the server.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { CachetError, describeKeyWindow, type Keyring, type SigningKeys } from '../core/index.js';
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

/**
 * Opens the registry, keys and settings of this machine. For minting (`mint`), the origin cards
 * will point to is settled first: `mint.origin` (--origin) when given; otherwise this shell's own
 * (CACHET_PUBLIC_URL, PORT, HOST) or the one the server last served.
 * @throws CachetError `ERR_SETTING` when this shell's origin is one the server would call a
 *   look-alike and --origin does not say which to use: before anything is opened or minted.
 */
export async function openContext(
  options: { needRegistry?: boolean; mint?: { origin?: string | undefined } } = {},
) {
  const config = readNodeConfig(process.env);
  if (options.needRegistry && !existsSync(config.dbPath)) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      `no registry at ${config.dbPath} (set CACHET_DB, or run npm start once)`,
    );
  }
  const { served } = readOrigins(config.dbPath);
  const chosen = options.mint?.origin === undefined ? undefined : originOption(options.mint.origin);
  // With no origin of its own, this shell mints for the origin the server last served.
  const origin = chosen ?? (served && !config.originFromEnv ? served.origin : config.origin);
  if (options.mint && !chosen && served && originMismatch(origin, served)) {
    const sameHost = new URL(origin).host === new URL(served.origin).host;
    throw new CachetError(
      'ERR_SETTING',
      `cards minted here would point to ${origin}, but the server (at ${served.origin}) ${sameHost ? 'serves another scheme: their links would not open there' : `accepts only ${served.hosts.join(', ')} and would call them look-alikes`}; nothing was minted: say which origin with --origin ${served.origin} (or --origin ${origin} to mint for it anyway)`,
    );
  }
  const runtime = await openNodeRuntime(config);
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

/** Runs `work` with what `openContext` opens, and closes the registry after, whatever happens. */
export async function withContext<T>(
  options: Parameters<typeof openContext>[0],
  work: (context: Awaited<ReturnType<typeof openContext>>) => Promise<T>,
): Promise<T> {
  const context = await openContext(options);
  try {
    return await work(context);
  } finally {
    context.store.close();
  }
}

/** The origin --origin names (https://verify.example.com, or http:// in development). */
function originOption(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--origin takes an origin with http:// or https://, like https://verify.example.com, not "${text}"`,
    );
  }
  return url.origin;
}

/**
 * The signing keys, or a message that says how to get one: every card key this machine knows,
 * with its status and dates, when none of them may sign (retired or compromised keys only).
 */
export function requireSigners(signers: SigningKeys, keyring?: Keyring): SigningKeys {
  if (signers.size > 0) return signers;
  const cardKeys = keyring?.keys.filter((key) => key.purpose === 'card') ?? [];
  if (cardKeys.length === 0) {
    throw new CachetError(
      'ERR_NO_SIGNING_KEY',
      'no signing key: run `cachet keygen`, or set CACHET_SIGNING_KEY',
    );
  }
  const listed = cardKeys.map(
    (key) =>
      `${key.kid} ${key.status}${key.development ? ', development' : ''}, ${describeKeyWindow(key)}`,
  );
  throw new CachetError(
    'ERR_NO_SIGNING_KEY',
    `no card key here may sign: ${listed.join('; ')}. Make a new one with \`cachet key rotate\` (or set CACHET_SIGNING_KEY)`,
  );
}
