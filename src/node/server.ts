// The Node server: the app on @hono/node-server over the SQLite registry, with public/ in front
// (public-files.ts), the client from the connection or a trusted proxy (client-address.ts), keys
// reloaded when keys/jwks.json changes (key-reload.ts), scans written in batches and at a clean
// stop (scan-timers.ts), the issuance log on a timer (log-timer.ts) and, when CACHET_BACKUP_DIR
// is set, backups on a schedule (backup-timer.ts).
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { CachetError, type Keyring, type SigningKeys, MAX_IMAGE_PIXELS } from '../core/index.js';
import { createApp } from '../app/app.js';
import type { LogDeps } from '../app/deps.js';
import { localUrl, type NodeConfig } from '../config.js';
import { ensureDemo, type DemoCards } from '../services/demo.js';
import type { SqliteStore } from '../store/sqlite.js';
import { readBackupPassphrase, startBackupTimer, type BackupTimer } from './backup-timer.js';
import { clientFromProxy } from './client-address.js';
import { nodeMac } from './hmac.js';
import { nodeCardMatcher } from './card-matcher.js';
import { imagePool } from './image-pool.js';
import { watchKeys } from './key-reload.js';
import { startNodeLog } from './log-timer.js';
import { noteServedOrigin } from './origin-file.js';
import { nodePrintTools } from './print-node.js';
import { withPublicFiles } from './public-files.js';
import { openNodeRuntime } from './runtime.js';
import { startScanWriter } from './scan-timers.js';

export interface RunningServer {
  /** Where this server listens, as a browser on this machine reaches it. */
  url: string;
  /** Where the cards it mints point to (CACHET_PUBLIC_URL, or `url`). */
  origin: string;
  store: SqliteStore;
  /** The keys as they are now: reloaded when keys/jwks.json changes. */
  readonly keyring: Keyring;
  /** The keys it may sign with, each for the dates it holds. */
  readonly signers: SigningKeys;
  demo: DemoCards | null;
  /** The issuance log's verifier key. */
  logVkey: string;
  /** Scans counted and not yet written. */
  pendingScans(): number;
  /** The scheduled backups (CACHET_BACKUP_DIR), or null when unset. */
  backups: BackupTimer | null;
  close(): Promise<void>;
}

/**
 * Listens on the configured port and host; resolves to the URL a browser here reaches it at.
 * @throws CachetError `ERR_CONFLICT` when the port is taken.
 */
async function listen(server: ServerType, config: Pick<NodeConfig, 'port' | 'host'>) {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CachetError(
        'ERR_CONFLICT',
        `port ${config.port} on ${config.host} is in use: stop the other server or set PORT`,
      );
    }
    throw error;
  }
  return localUrl(config.host, (server.address() as AddressInfo).port);
}

/** Starts the server; resolves once it listens. */
export async function startNodeServer(
  config: NodeConfig,
  log: (line: string) => void = () => {},
): Promise<RunningServer> {
  // A backup passphrase file that cannot be read stops the start before anything is opened.
  const backupPassphrase = config.backupDir
    ? readBackupPassphrase(config.backupPassphraseFile, log)
    : undefined;
  let runtime = await openNodeRuntime(config, { firstRun: true, log });
  const { store } = runtime;
  const admin = store.admin();
  const scanWriter = await startScanWriter(store, config);
  const { scans } = scanWriter;
  // Images are read on worker threads: an upload never holds up a verification.
  const images = imagePool({ maxPixels: MAX_IMAGE_PIXELS, workers: config.imageWorkers });
  const cardMatcher = nodeCardMatcher(images);
  const client = clientFromProxy(config.trustedProxy, config.trustedProxyPeers);
  const mac = nodeMac();
  // Filled in once the port is known (PORT=0 picks one), before the first request.
  const verifyHosts = [...config.verifyHosts];
  let origin = config.origin;
  // The issuance log is set up once the origin is known (below); until then the app has none.
  let issuanceLog: LogDeps | null = null;
  const build = () =>
    createApp({
      store,
      keyring: runtime.keyring,
      verifyMemo: config.verifyMemo,
      recordScan: (event) => scans.add(event),
      verifyHosts,
      readImage: (bytes) => images.read(bytes),
      cardMatcher,
      referenceReplaceDays: config.referenceReplaceDays,
      maxImagePixels: MAX_IMAGE_PIXELS,
      ...client,
      admin,
      claims: store.claims(),
      scannerKeys: (day) => admin.scannerKey(day),
      signers: runtime.signers,
      receiptSigner: runtime.receiptSigner,
      origin,
      print: nodePrintTools,
      mac,
      widelyScanned: config.widelyScanned,
      rateLimits: config.rateLimits,
      oidc: config.oidc,
      log: issuanceLog,
    });
  let app = build();
  // New keys make a new app, so no remembered verdict survives them.
  const unwatchKeys = watchKeys(
    config,
    (fresh) => {
      runtime = { ...fresh, store };
      app = build();
    },
    log,
  );
  const server = createAdaptorServer({ fetch: withPublicFiles(() => app) });
  let url: string;
  const abandon = (error: unknown) => {
    scanWriter.stop();
    unwatchKeys();
    server.close();
    store.close();
    throw error;
  };
  try {
    url = await listen(server, config);
  } catch (error) {
    return abandon(error);
  }
  origin = config.explicitOrigin ? config.origin : url;
  verifyHosts[0] = new URL(origin).host;
  // A log whose key is missing refuses the start (log-timer.ts): nothing is served without it.
  const issuance = await startNodeLog(store, config, origin).catch(abandon);
  issuanceLog = issuance.deps;
  app = build(); // with the origin and the log now known
  // Where cards point, for `cachet mint` in another shell; and whether its last cards would pass.
  const mismatch = noteServedOrigin(config.dbPath, { origin, hosts: [...new Set(verifyHosts)] });
  if (mismatch) log(`Warning: ${mismatch}`);
  const demo = config.demo ? await ensureDemo(store, runtime.signers, origin, new Date()) : null;
  if (demo) await issuance.integrate(); // the demo cards are in the log from the first page
  const backupDir = config.backupDir;
  const backups = backupDir
    ? await startBackupTimer({ ...config, backupDir }, log, backupPassphrase)
    : null;
  return {
    url,
    origin,
    store,
    get keyring() {
      return runtime.keyring;
    },
    get signers() {
      return runtime.signers;
    },
    demo,
    logVkey: issuance.deps.vkey,
    pendingScans: () => scans.pending,
    backups,
    close: () =>
      new Promise<void>((resolve) => {
        unwatchKeys();
        // Once the last answer is out: write the scans still pending, let a backup in progress
        // end, then close the registry.
        server.close(() => {
          scanWriter.stop();
          issuance.stop();
          void Promise.all([
            scans.flush(),
            images.close(),
            issuance.integrate(),
            backups?.stop(),
          ]).then(() => {
            store.close();
            resolve();
          });
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
