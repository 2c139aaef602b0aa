// Node entry: the registry in SQLite, keys from files, the app on @hono/node-server.
// Run directly (`npm start`), it sets up a first run (development key, demo brand) and serves.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, unwatchFile, watchFile } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import {
  CachetError,
  generateKeyPair,
  instantToDay,
  dayToDate,
  describeKeyWindow,
  normaliseHost,
  normaliseOrigin,
  ScanBatcher,
  type Keyring,
  type ScanEvent,
  type SigningKeys,
} from './core/index.js';
import { createApp } from './app/app.js';
import { readSharedSettings, type SharedSettings } from './app/settings.js';
import { readImageOnNode } from './image/read-image-node.js';
import { nodePrintTools } from './issue/print-node.js';
import { ensureDemo, type DemoCards } from './issue/demo.js';
import { originMismatch } from './services/origin.js';
import { noteOrigins, readOrigins } from './store/origin-file.js';
import {
  jwksPath,
  loadKeyring,
  loadSigner,
  loadSigningKeys,
  storeKeyPair,
} from './store/key-files.js';
import { findProjectFile } from './store/project-files.js';
import { openSqliteStore, type SqliteStore } from './store/sqlite.js';

/** The most pixels an uploaded image may have: checked in its header, then again by sharp. */
const MAX_IMAGE_PIXELS = 40_000_000;

/** Everything the Node runtime reads from its environment. */
export interface NodeConfig {
  dbPath: string;
  keysDir: string;
  host: string;
  port: number;
  /** The origin printed in card URLs and QR codes. */
  origin: string;
  /** True when CACHET_PUBLIC_URL set the origin; otherwise it is derived from HOST and PORT. */
  explicitOrigin: boolean;
  /** True when CACHET_PUBLIC_URL, PORT or HOST was set: this environment names its own origin. */
  originFromEnv: boolean;
  /** The private JWK from CACHET_SIGNING_KEY, if set. */
  signingKey: string | undefined;
  /** The private receipt JWK from CACHET_RECEIPT_KEY, if set. */
  receiptKey: string | undefined;
  /** Flag thresholds, rate limits and the identity provider (see src/app/settings.ts). */
  shared: SharedSettings;
  /** Seed the demo brand into an empty registry. */
  demo: boolean;
  /** Signature outcomes remembered (CACHET_VERIFY_MEMO, default 10000; 0 turns it off). */
  verifyMemo: number;
  /** How often pending scans are written, in ms (CACHET_SCAN_FLUSH_MS, default 1000). */
  scanFlushMs: number;
  /**
   * The hosts genuine cards point to: the origin's host, then any in CACHET_VERIFY_HOSTS
   * (comma-separated, for cards printed under an earlier host). Codes leading elsewhere are
   * look-alikes.
   */
  verifyHosts: string[];
}

function nonNegative(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${name} must be a whole number, not "${text}"`);
  }
  return value;
}

/** The URL a browser on this machine reaches a server listening on `host` and `port` at. */
function localUrl(host: string, port: number): string {
  const shown =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return normaliseOrigin(`http://${shown}:${port}`);
}

/** Reads the configuration, with defaults that need no setup at all. */
export function loadNodeConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const host = env.HOST || '127.0.0.1';
  const port = Number(env.PORT || 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `PORT must be a number from 0 to 65535, not "${env.PORT}"`,
    );
  }

  const origin = normaliseOrigin(env.CACHET_PUBLIC_URL || localUrl(host, port));
  const extraHosts = (env.CACHET_VERIFY_HOSTS ?? '').split(',').filter((h) => h.trim() !== '');
  return {
    dbPath: env.CACHET_DB || 'data/cachet.db',
    keysDir: env.CACHET_KEYS_DIR || 'keys',
    host,
    port,
    origin,
    explicitOrigin: Boolean(env.CACHET_PUBLIC_URL),
    originFromEnv: Boolean(env.CACHET_PUBLIC_URL || env.PORT || env.HOST),
    signingKey: env.CACHET_SIGNING_KEY || undefined,
    receiptKey: env.CACHET_RECEIPT_KEY || undefined,
    shared: readSharedSettings(env),
    demo: env.CACHET_DEMO !== '0',
    verifyMemo: nonNegative(env.CACHET_VERIFY_MEMO, 10_000, 'CACHET_VERIFY_MEMO'),
    scanFlushMs: nonNegative(env.CACHET_SCAN_FLUSH_MS, 1000, 'CACHET_SCAN_FLUSH_MS') || 1000,
    verifyHosts: [...new Set([new URL(origin).host, ...extraHosts.map(normaliseHost)])],
  };
}

/**
 * The keys: the keyring, and the card and receipt signers. With `firstRun` (the server's start)
 * a machine with no key of a kind gets one (a development key for cards); CLI commands never
 * make one behind the user's back.
 */
export async function loadNodeKeys(
  config: NodeConfig,
  options: { firstRun?: boolean; log?: (line: string) => void } = {},
) {
  const log = options.log ?? (() => {});
  let keyring = await loadKeyring(config.keysDir);
  const today = dayToDate(instantToDay(new Date()));
  const has = (purpose: 'card' | 'receipt') => keyring.keys.some((k) => k.purpose === purpose);
  if (options.firstRun && !has('card') && !config.signingKey) {
    const pair = await generateKeyPair({ validFrom: today, development: true });
    await storeKeyPair(config.keysDir, pair);
    log(
      `Made a DEVELOPMENT key ${pair.publicJwk.kid} in ${config.keysDir}/ (for trying Cachet out, never for real cards)`,
    );
    keyring = await loadKeyring(config.keysDir);
  }
  // Receipts need their own key; one is made on first start, as the signing key is.
  if (options.firstRun && !has('receipt') && !config.receiptKey) {
    const pair = await generateKeyPair({ validFrom: today, receipt: true });
    await storeKeyPair(config.keysDir, pair);
    log(`Made a receipt key ${pair.publicJwk.kid} in ${config.keysDir}/`);
    keyring = await loadKeyring(config.keysDir);
  }
  const signers = await loadSigningKeys(config.keysDir, keyring, config.signingKey);
  const receiptSigner = await loadSigner(config.keysDir, keyring, config.receiptKey, 'receipt');
  return { keyring, signers, receiptSigner };
}

/** Opens the registry and the keys (see loadNodeKeys). */
export async function openNodeRuntime(
  config: NodeConfig,
  options: { firstRun?: boolean; log?: (line: string) => void } = {},
) {
  const store = openSqliteStore(config.dbPath);
  try {
    return { store, ...(await loadNodeKeys(config, options)) };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Serves the files of public/ the way the Workers assets binding does: each existing file at its
 * path, ahead of the app. The list is read once, so no other request pays a disk look-up, and
 * every other request reaches the app untouched (its own 404 and error answers included).
 */
function withPublicFiles(app: () => Hono): Hono['fetch'] {
  const dir = findProjectFile('public', fileURLToPath(import.meta.url));
  const files = new Hono();
  const paths = new Set<string>();
  for (const file of existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
    : []) {
    if (!file.isFile()) continue;
    const path = join(file.parentPath, file.name);
    const route = `/${relative(dir, path).split(sep).join('/')}`;
    files.get(route, serveStatic({ path }));
    paths.add(route);
  }
  return (request, env, ctx) => {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const query = url.indexOf('?', start);
    const path = url.slice(start, query < 0 ? undefined : query);
    return paths.has(path) ? files.fetch(request, env, ctx) : app().fetch(request, env, ctx);
  };
}

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
  /** Scans counted and not yet written. */
  pendingScans(): number;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. */
export async function startNodeServer(
  config: NodeConfig,
  log: (line: string) => void = () => {},
): Promise<RunningServer> {
  let runtime = await openNodeRuntime(config, { firstRun: true, log });
  const { store } = runtime;
  const admin = store.admin();
  // Scans are written once a second in one transaction, and on close: never on a request.
  const scans = new ScanBatcher(
    (batch) => store.recordScans(batch),
    (error) => console.error(`cachet: scans kept for the next write: ${(error as Error).message}`),
  );
  const flushTimer = setInterval(() => void scans.flush(), config.scanFlushMs).unref();
  const recordScan = (event: ScanEvent) => scans.add(event);
  // Filled in once the port is known (PORT=0 picks one), before the first request.
  const verifyHosts = [...config.verifyHosts];
  let origin = config.origin;
  const build = () =>
    createApp({
      store,
      keyring: runtime.keyring,
      verifyMemo: config.verifyMemo,
      recordScan,
      verifyHosts,
      readImage: (bytes) => readImageOnNode(bytes, MAX_IMAGE_PIXELS),
      maxImagePixels: MAX_IMAGE_PIXELS,
      clientOf: (c) => getConnInfo(c).remote.address ?? '',
      admin,
      scannerKeys: (day) => admin.scannerKey(day),
      signers: runtime.signers,
      receiptSigner: runtime.receiptSigner,
      origin,
      print: nodePrintTools,
      mac: (key, data) => createHmac('sha256', key).update(data).digest(),
      ...config.shared,
    });
  let app = build();
  // `cachet key rotate` and `key compromise` rewrite jwks.json: the server takes the new keys
  // within a second or two, without a restart (a new app, so no remembered verdict survives).
  const jwksFile = jwksPath(config.keysDir);
  watchFile(jwksFile, { interval: 1000 }, () => {
    void loadNodeKeys(config)
      .then((fresh) => {
        runtime = { ...fresh, store };
        app = build();
        log(`Keys reloaded from ${jwksFile}`);
      })
      .catch((error: unknown) =>
        console.error(`cachet: kept the old keys: ${(error as Error).message}`),
      );
  });
  const fetch = withPublicFiles(() => app);
  const server = createAdaptorServer({ fetch });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    clearInterval(flushTimer);
    unwatchFile(jwksFile);
    store.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CachetError(
        'ERR_CONFLICT',
        `port ${config.port} on ${config.host} is in use: stop the other server or set PORT`,
      );
    }
    throw error;
  }
  const url = localUrl(config.host, (server.address() as AddressInfo).port);
  origin = config.explicitOrigin ? config.origin : url;
  verifyHosts[0] = new URL(origin).host;
  app = build(); // with the origin now known
  // Where cards point, for `cachet mint` in another shell; and whether its last cards would pass.
  const served = { origin, hosts: [...new Set(verifyHosts)] };
  const { minted } = readOrigins(config.dbPath);
  noteOrigins(config.dbPath, { served });
  const mismatch = minted && originMismatch(minted, served);
  if (mismatch) log(`Warning: ${mismatch}`);
  const demo = config.demo ? await ensureDemo(store, runtime.signers, origin, new Date()) : null;
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
    pendingScans: () => scans.pending,
    close: () =>
      new Promise<void>((resolve) => {
        unwatchFile(jwksFile);
        // Once the last answer is out: write the scans still pending, then close the registry.
        server.close(() => {
          clearInterval(flushTimer);
          void scans.flush().then(() => {
            store.close();
            resolve();
          });
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** What `npm start` prints: where things are, which key signs, and the demo cards to open. */
export function describeServer(config: NodeConfig, running: RunningServer): string[] {
  const lines = [
    `Cachet is serving on ${running.url}`,
    ...(running.origin !== running.url ? [`  cards     point to ${running.origin}`] : []),
    `  registry  ${config.dbPath}`,
    `  keys      ${jwksPath(config.keysDir)}`,
  ];
  for (const key of running.keyring.keys) {
    const label =
      key.purpose === 'receipt'
        ? `receipts, ${key.status}`
        : `${key.development ? 'DEVELOPMENT KEY, never for real cards' : key.status}, signs cards dated ${describeKeyWindow(key)}`;
    lines.push(`            ${key.kid} (${label})`);
  }
  const today = running.signers.find(instantToDay(new Date()));
  lines.push(
    today
      ? `  signing   ${today.key.kid} (today's cards)`
      : running.signers.size > 0
        ? "  signing   no key may sign today's cards (see the dates above)"
        : '  signing   none: this server only verifies',
  );
  if (running.demo) {
    lines.push('Demo cards:');
    if (running.demo.authentic) lines.push(`  authentic  ${running.demo.authentic.url}`);
    if (running.demo.revoked) lines.push(`  revoked    ${running.demo.revoked.url}`);
  }
  lines.push(`Legal console: ${running.url}/console (cachet staff add --role legal --name NAME)`);
  lines.push('Press Ctrl+C to stop.');
  return lines;
}

/** Runs the server until SIGINT or SIGTERM. */
export async function runNodeServer(config = loadNodeConfig()): Promise<void> {
  const running = await startNodeServer(config, (line) => console.log(line));
  for (const line of describeServer(config, running)) console.log(line);
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runNodeServer().catch((error: unknown) => {
    console.error(`cachet: ${error instanceof CachetError ? error.message : String(error)}`);
    process.exit(1);
  });
}
