// Workers entry: the same Hono app as on Node, with D1 as the registry and the public keys from
// CACHET_JWKS (the text of keys/jwks.json). Verification needs no private key.
// Wrangler bundles a .wasm import as a WebAssembly.Module compiled at deploy time.
import zxingModule from 'zxing-wasm/reader/zxing_reader.wasm';
import { createApp } from './app/app.js';
import { readSettings, type Settings } from './config.js';
import {
  SigningKeys,
  CachetError,
  importKeyring,
  importSigner,
  ScanBatcher,
  ed25519NoteSigner,
  formatVkey,
  importEd25519PrivateJwk,
  parseVkey,
  type Keyring,
  type Signer,
} from './core/index.js';
import { wasmImageReader } from './image/read-image-wasm.js';
import { D1Store, type D1Database } from './store/d1.js';
import { D1R2LogStore, type R2Bucket } from './store/log-r2.js';
import { LogSequencer, Witnessing, type LogIdentity, type WitnessTarget } from './services/log.js';
import { base64url } from 'jose';

export interface Env {
  DB: D1Database;
  /** keys/jwks.json as text: public keys only. */
  CACHET_JWKS: string;
  /** Signature outcomes remembered per isolate; "0" turns the memo off. */
  CACHET_VERIFY_MEMO?: string;
  /** Seconds a card row is kept per isolate (default 15; "0" asks D1 every time). */
  CACHET_REGISTRY_CACHE_SECONDS?: string;
  /**
   * The hosts genuine cards point to, comma-separated. Unset: the host each request came to.
   * Codes leading to any other host are reported as look-alikes.
   */
  CACHET_VERIFY_HOSTS?: string;
  /** The origin cards and receipts name (https://verify.brand.co); unset: each request's. */
  CACHET_PUBLIC_URL?: string;
  /** Secrets: a private card-signing JWK (for minting through the admin API) and a receipt JWK. */
  CACHET_SIGNING_KEY?: string;
  CACHET_RECEIPT_KEY?: string;
  /** The static files of public/. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  /** The issuance log's sequencer (one Durable Object) and its tiles and checkpoints (R2). */
  LOG?: DurableObjectNamespace;
  LOG_BUCKET?: R2Bucket;
  /** Secret: the log's private JWK (`purpose: "log"`, keys/private/log.jwk); unset: no log. */
  CACHET_LOG_KEY?: string;
  /** The log's origin (`verify.brand.co/log`); default: the host of CACHET_PUBLIC_URL + /log. */
  CACHET_LOG_ORIGIN?: string;
  /** Thresholds, rate limits and the identity provider: see src/config.ts. */
  [setting: string]: unknown;
}

/** How long scans gather before one D1 write. */
const SCAN_FLUSH_MS = 1000;

interface Isolate {
  app: ReturnType<typeof createApp>;
  scans: ScanBatcher;
  admin: ReturnType<D1Store['admin']>;
  /** The issuance log, when this Worker keeps one. */
  log: WorkerLog | null;
}

/** The Durable Object namespace binding, as far as the Worker uses it. */
interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** The log's parts on Workers: entries in D1, tiles and checkpoints in R2, one sequencer. */
interface WorkerLog {
  store: D1R2LogStore;
  identity: LogIdentity;
  vkey: string;
  witnesses: WitnessTarget[];
}

/** The log's identity from CACHET_LOG_KEY, or null when the Worker keeps no log. */
async function workerLog(env: Env, store: D1Store, settings: Settings): Promise<WorkerLog | null> {
  if (!env.CACHET_LOG_KEY || !env.LOG || !env.LOG_BUCKET) return null;
  const jwk = JSON.parse(env.CACHET_LOG_KEY) as { purpose?: string; x?: string; d?: string };
  if (jwk.purpose !== 'log' || !jwk.x || !jwk.d) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      'CACHET_LOG_KEY is not a log key (keys/private/log.jwk)',
    );
  }
  const origin =
    env.CACHET_LOG_ORIGIN ??
    (settings.publicUrl ? `${new URL(settings.publicUrl).host}/log` : undefined);
  if (!origin) {
    throw new CachetError('ERR_SETTING', 'CACHET_LOG_ORIGIN (or CACHET_PUBLIC_URL) names the log');
  }
  const privateKey = await importEd25519PrivateJwk(jwk.x, jwk.d);
  const signer = await ed25519NoteSigner(origin, base64url.decode(jwk.x), privateKey);
  return {
    store: new D1R2LogStore(store.sql, env.LOG_BUCKET),
    identity: { origin, signer },
    vkey: formatVkey(signer.key),
    witnesses: await Promise.all(
      settings.logWitnesses.map(async (w) => ({ key: await parseVkey(w.vkey), url: w.url })),
    ),
  };
}

/** Wakes the log's sequencer: it places what is pending and signs a checkpoint. */
function wakeLog(env: Env): Promise<unknown> {
  if (!env.LOG) return Promise.resolve();
  const stub = env.LOG.get(env.LOG.idFromName('log'));
  return stub.fetch('https://log.internal/integrate', { method: 'POST' }).catch(() => undefined);
}

/**
 * The log's one sequencer: a Durable Object, so that one step runs at a time for the whole
 * deployment. A wake-up runs a step; while entries are left, an alarm runs the next in a second.
 */
export class LogSequencerObject {
  readonly #state: { storage: { setAlarm(at: number): Promise<void> } };
  readonly #env: Env;
  #sequencer:
    Promise<{ sequencer: LogSequencer; witnessing: Witnessing; log: WorkerLog }> | undefined;

  constructor(state: { storage: { setAlarm(at: number): Promise<void> } }, env: Env) {
    this.#state = state;
    this.#env = env;
  }

  async fetch(): Promise<Response> {
    return new Response(`${await this.#step()}\n`);
  }

  async alarm(): Promise<void> {
    await this.#step();
  }

  async #step(): Promise<number> {
    this.#sequencer ??= (async () => {
      const store = new D1Store(this.#env.DB);
      const log = await workerLog(this.#env, store, readSettings(this.#env));
      if (!log) throw new CachetError('ERR_NOT_AVAILABLE', 'this Worker keeps no issuance log');
      return {
        log,
        sequencer: new LogSequencer(log.store, log.identity),
        witnessing: new Witnessing(log.store, log.witnesses, async (url, body) => {
          const res = await fetch(url, { method: 'POST', body });
          return { status: res.status, body: await res.text() };
        }),
      };
    })().catch((error: unknown) => {
      this.#sequencer = undefined;
      throw error;
    });
    const { sequencer, witnessing, log } = await this.#sequencer;
    const size = await sequencer.integrate(new Date());
    if (log.witnesses.length > 0) await witnessing.cosign();
    if ((await log.store.pendingEntries(1)).length > 0) {
      await this.#state.storage.setAlarm(Date.now() + 1000);
    }
    return size;
  }
}
let isolate: Promise<Isolate> | undefined;
/** Whether this isolate has woken the log's sequencer yet. */
let wokeLog = false;

/** What the Workers runtime hands each request besides env. */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** A signer from a secret holding a private JWK, checked to be for `purpose`. */
async function secretSigner(
  secret: string | undefined,
  keyring: Keyring,
  purpose: 'card' | 'receipt',
): Promise<Signer | null> {
  if (!secret) return null;
  const signer = await importSigner(JSON.parse(secret), keyring);
  if (signer.key.purpose !== purpose) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      `the ${purpose} secret holds a ${signer.key.purpose} key`,
    );
  }
  return signer;
}

/**
 * The JWK Set of CACHET_JWKS. Without a card key the Worker would call every genuine card
 * forged: it answers 503 `ERR_NO_KEYS` instead, on every path (/healthz too), saying what to set.
 */
function publicKeys(text: string | undefined): { keys: unknown[] } {
  let jwks: { keys?: unknown };
  try {
    jwks = JSON.parse(text ?? '{"keys":[]}') as { keys?: unknown };
  } catch (cause) {
    throw new CachetError('ERR_SETTING', `CACHET_JWKS is not JSON: ${(cause as Error).message}`);
  }
  const keys = Array.isArray(jwks?.keys) ? (jwks.keys as { purpose?: unknown }[]) : [];
  if (!keys.some((k) => k?.purpose !== 'receipt')) {
    throw new CachetError(
      'ERR_NO_KEYS',
      'this Worker has no public card key to check cards against: set CACHET_JWKS to the JWK Set of keys/jwks.json (npm run deploy:edge does)',
    );
  }
  return { keys };
}

/** One app per isolate: the keys are parsed and imported once, not on every request. */
async function build(env: Env): Promise<Isolate> {
  // Every setting is read first: a bad one answers its name, as `npm start` prints it on Node.
  const settings = readSettings(env);
  const keyring = await importKeyring(publicKeys(env.CACHET_JWKS));
  const store = new D1Store(env.DB, { cacheSeconds: settings.registryCacheSeconds });
  const admin = store.admin();
  const log = await workerLog(env, store, settings);
  const scans = new ScanBatcher(
    (batch) => store.recordScans(batch),
    (error) => console.error(`cachet: scans kept for the next write: ${(error as Error).message}`),
  );
  const app = createApp({
    store,
    keyring,
    verifyMemo: settings.verifyMemo,
    recordScan: (e) => scans.add(e),
    verifyHosts: settings.verifyHosts,
    readImage: wasmImageReader(zxingModule as unknown as WebAssembly.Module),
    // Workers hold a whole decoded image in 128 MB: a lower ceiling than Node's.
    maxImagePixels: 16_000_000,
    // Cloudflare sets both for every request that reaches a Worker; a client cannot.
    clientOf: (c) => c.req.header('cf-connecting-ip') ?? '',
    countryOf: (c) => {
      const cf = (c.req.raw as Request & { cf?: { country?: unknown } }).cf;
      return typeof cf?.country === 'string' ? cf.country : '';
    },
    admin,
    scannerKeys: (day) => admin.scannerKey(day),
    signers: new SigningKeys(
      [await secretSigner(env.CACHET_SIGNING_KEY, keyring, 'card')].filter((s) => s !== null),
    ),
    receiptSigner: await secretSigner(env.CACHET_RECEIPT_KEY, keyring, 'receipt'),
    origin: settings.publicUrl ?? '',
    widelyScanned: settings.widelyScanned,
    rateLimits: settings.rateLimits,
    oidc: settings.oidc,
    log: log ? { store: log.store, vkey: log.vkey } : null,
  });
  return { app, scans, admin, log };
}

/** This isolate's app, built on first use; a failed build is tried again next time. */
function isolateFor(env: Env): Promise<Isolate> {
  return (isolate ??= build(env).catch((error: unknown) => {
    isolate = undefined; // try again on the next request rather than fail forever
    throw error;
  }));
}

export default {
  /** The Cron Trigger of wrangler.toml, at 00:00 UTC: the day that ended leaves the scan log. */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const { scans, admin } = await isolateFor(env);
    ctx.waitUntil(
      scans.flush().then(() => admin.endScanDays(new Date().toISOString().slice(0, 10))),
    );
    ctx.waitUntil(wakeLog(env)); // and anything the log still holds pending is placed
  },

  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let built: Isolate;
    try {
      built = await isolateFor(env);
    } catch (error) {
      if (!(error instanceof CachetError)) throw error;
      // A bad setting or no key set: said with its name, to the operator's log and the caller.
      console.error(`cachet: ${error.message}`);
      const unavailable = error.code === 'ERR_NO_KEYS';
      return Response.json(
        { error: { code: error.code, message: error.message } },
        unavailable ? { status: 503, headers: { 'retry-after': '60' } } : { status: 500 },
      );
    }
    const { app, scans, log } = built;
    const response = await app.fetch(request, env, ctx as never);
    // Cards minted through the admin API wait in D1 for the sequencer: wake it, off the answer.
    // The first request of an isolate wakes it too, for cards registered while it slept.
    // Only staff requests wake it on every call: a public POST (a pasted code) cannot make the
    // Worker call the Durable Object at will.
    const admin =
      request.method !== 'GET' && new URL(request.url).pathname.startsWith('/api/v1/admin/');
    if (log && (admin || !wokeLog)) {
      wokeLog = true;
      ctx.waitUntil(wakeLog(env));
    }
    // The answer is ready before D1 is touched: the scans of every request of this isolate in
    // the next second go to D1 in one batch, kept alive by the request that scheduled it.
    const flush = scans.flushSoon(SCAN_FLUSH_MS);
    if (flush) ctx.waitUntil(flush);
    return response;
  },
};
