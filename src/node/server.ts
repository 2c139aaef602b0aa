// The Node server: the app on @hono/node-server over the SQLite registry, public/ served as the
// Workers assets binding serves it, keys reloaded when keys/jwks.json changes, scans written in
// batches and at a clean stop.
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, unwatchFile, watchFile } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import {
  CachetError,
  clientOfChain,
  describeKeyWindow,
  inAddressRanges,
  instantToDay,
  ScanBatcher,
  ed25519NoteSigner,
  formatVkey,
  parseVkey,
  type AddressRange,
  type Keyring,
  type ScanEvent,
  type SigningKeys,
  MAX_IMAGE_PIXELS,
} from '../core/index.js';
import { createApp } from '../app/app.js';
import { localUrl, readNodeConfig, type NodeConfig, type TrustedProxy } from '../config.js';
import { imagePool } from './image-pool.js';
import { nodePrintTools } from './print-node.js';
import { ensureDemo, type DemoCards } from '../services/demo.js';
import { loadNodeKeys, openNodeRuntime } from './runtime.js';
import { originMismatch } from '../services/origin.js';
import { jwksPath } from '../store/key-files.js';
import { noteOrigins, readOrigins } from './origin-file.js';
import { loadOrCreateLogKey } from '../store/log-key.js';
import { SqlLogStore } from '../store/log-sql.js';
import { LogSequencer, Witnessing } from '../services/log.js';
import type { LogDeps } from '../app/routes/log.js';
import { findProjectFile } from '../store/project-files.js';
import type { SqliteStore } from '../store/sqlite.js';

/** The most pixels an uploaded image may have: checked in its header, then again by sharp. */

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
    // Hono's table has no Markdown: the CT1 specification (/spec/ct1.md) is text, not a download.
    const onFound = route.endsWith('.md')
      ? (_: string, c: Context) => c.header('Content-Type', 'text/markdown; charset=utf-8')
      : undefined;
    files.get(route, serveStatic({ path, onFound }));
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
  /** The issuance log's verifier key. */
  logVkey: string;
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
  // At the end of each UTC day (and now, for days that ended while the server was down): that
  // day's scanner hashes fold into per-day counts, its key is deleted, the WAL is emptied.
  const endScanDays = async () => {
    await scans.flush();
    await admin.endScanDays(new Date().toISOString().slice(0, 10));
    store.checkpoint();
  };
  await endScanDays();
  let dayTimer: NodeJS.Timeout;
  const atMidnight = () => {
    const now = Date.now();
    const next = Math.ceil((now + 1) / DAY_MS) * DAY_MS + 1000; // a second past 00:00 UTC
    dayTimer = setTimeout(() => {
      endScanDays().then(atMidnight, (error: unknown) => {
        console.error(`cachet: the scan day could not be ended: ${(error as Error).message}`);
        atMidnight();
      });
    }, next - now).unref();
  };
  atMidnight();
  // Images are read on worker threads: an upload never holds up a verification.
  const images = imagePool({ maxPixels: MAX_IMAGE_PIXELS, workers: config.imageWorkers });
  const recordScan = (event: ScanEvent) => scans.add(event);
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
      recordScan,
      verifyHosts,
      readImage: (bytes) => images.read(bytes),
      maxImagePixels: MAX_IMAGE_PIXELS,
      ...clientFromProxy(config.trustedProxy, config.trustedProxyPeers),
      admin,
      scannerKeys: (day) => admin.scannerKey(day),
      signers: runtime.signers,
      receiptSigner: runtime.receiptSigner,
      origin,
      print: nodePrintTools,
      mac: (key, data) => createHmac('sha256', key).update(data).digest(),
      widelyScanned: config.widelyScanned,
      rateLimits: config.rateLimits,
      oidc: config.oidc,
      log: issuanceLog,
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
  // The log's origin is fixed by its first checkpoint: a later CACHET_PUBLIC_URL does not fork it.
  const logKey = await loadOrCreateLogKey(config.keysDir);
  const logOrigin = (await store.getSetting(LOG_ORIGIN)) ?? `${new URL(origin).host}/log`;
  await store.setSetting(LOG_ORIGIN, logOrigin);
  const logSigner = await ed25519NoteSigner(logOrigin, logKey.publicKey, logKey.privateKey);
  const logStore = new SqlLogStore(store.sql);
  const sequencer = new LogSequencer(logStore, { origin: logOrigin, signer: logSigner });
  issuanceLog = { store: logStore, vkey: formatVkey(logSigner.key) };
  // Witnesses, when configured, are asked to cosign each new checkpoint (never on a request).
  const witnessing = new Witnessing(
    logStore,
    await Promise.all(
      config.logWitnesses.map(async (w) => ({ key: await parseVkey(w.vkey), url: w.url })),
    ),
    async (url, body) => {
      const res = await globalThis.fetch(url, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(5000),
      });
      return { status: res.status, body: await res.text() };
    },
  );
  const integrate = () =>
    sequencer
      .integrate(new Date())
      .then(() => (config.logWitnesses.length > 0 ? witnessing.cosign() : undefined))
      .catch((error: unknown) =>
        console.error(`cachet: the log could not sign a checkpoint: ${(error as Error).message}`),
      );
  await integrate();
  const logTimer = setInterval(() => void integrate(), config.logIntervalMs).unref();
  app = build(); // with the origin now known
  // Where cards point, for `cachet mint` in another shell; and whether its last cards would pass.
  const served = { origin, hosts: [...new Set(verifyHosts)] };
  const { minted } = readOrigins(config.dbPath);
  noteOrigins(config.dbPath, { served });
  const mismatch = minted && originMismatch(minted, served);
  if (mismatch) log(`Warning: ${mismatch}`);
  const demo = config.demo ? await ensureDemo(store, runtime.signers, origin, new Date()) : null;
  if (demo) await integrate(); // the demo cards are in the log from the first page
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
    logVkey: issuanceLog.vkey,
    pendingScans: () => scans.pending,
    close: () =>
      new Promise<void>((resolve) => {
        unwatchFile(jwksFile);
        // Once the last answer is out: write the scans still pending, then close the registry.
        server.close(() => {
          clearInterval(flushTimer);
          clearInterval(logTimer);
          clearTimeout(dayTimer);
          void Promise.all([scans.flush(), images.close(), integrate()]).then(() => {
            store.close();
            resolve();
          });
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * Where the Node server learns who a client is: the connection, or the proxy it is told to trust,
 * and then only when the connection comes from one of the proxy's own address blocks (anyone
 * else may write those headers). A header holding a chain (X-Forwarded-For) is read from the
 * right: the first entry that is not itself a trusted proxy is the client.
 */
function clientFromProxy(
  proxy: TrustedProxy | null,
  peers: readonly AddressRange[],
): {
  clientOf: (c: Context) => string;
  countryOf: (c: Context) => string;
} {
  const connection = (c: Context) => getConnInfo(c).remote.address ?? '';
  if (!proxy) return { clientOf: connection, countryOf: () => '' };
  const header = proxy.kind === 'cloudflare' ? 'cf-connecting-ip' : proxy.header;
  return {
    clientOf: (c) => {
      const peer = connection(c);
      if (!inAddressRanges(peer, peers)) return peer;
      return clientOfChain(c.req.header(header) ?? '', peers) || peer;
    },
    countryOf: (c) =>
      proxy.kind === 'cloudflare' && inAddressRanges(connection(c), peers)
        ? (c.req.header('cf-ipcountry') ?? '')
        : '',
  };
}

const DAY_MS = 86_400_000;

/** The setting that keeps the log's origin once its first checkpoint is signed. */
const LOG_ORIGIN = 'log-origin';

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
  lines.push(`  log       ${running.logVkey} (checkpoints at /log/checkpoint)`);
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
export async function runNodeServer(config = readNodeConfig(process.env)): Promise<void> {
  const running = await startNodeServer(config, (line) => console.log(line));
  for (const line of describeServer(config, running)) console.log(line);
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
