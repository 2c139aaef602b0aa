// One app per Worker isolate: the settings read, the keys imported, and the registry, the scan
// writer and the log wired once, not on every request.
// Wrangler bundles a .wasm import as a WebAssembly.Module compiled at deploy time.
import zxingModule from 'zxing-wasm/reader/zxing_reader.wasm';
import jpegModule from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
import { createApp } from '../app/app.js';
import { readWorkerConfig } from '../config.js';
import { wasmImageReader } from '../image/read-image-wasm.js';
import { ScanWriter, type ScanSink } from '../services/scan-writer.js';
import type { WiredLog } from '../services/log-wiring.js';
import { D1Store } from '../store/d1.js';
import type { Env } from './env.js';
import { importWorkerKeys } from './keys.js';
import { workerLog } from './log-object.js';
import { workersCardMatcher } from './card-matcher.js';
import { durableObjectSender, ScanForwarder } from './scan-forwarder.js';
import { bindingLimits } from './rate-limits.js';

/** Workers hold a whole decoded image in 128 MB: a lower ceiling than Node's MAX_IMAGE_PIXELS. */
const WORKER_IMAGE_PIXELS = 16_000_000;

export interface Isolate {
  app: ReturnType<typeof createApp>;
  /** Counted scans: to the cards' aggregators with the SCANS binding, else straight to D1. */
  scans: ScanSink;
  /** The issuance log, when this Worker keeps one. */
  log: WiredLog | null;
}

async function buildIsolate(env: Env): Promise<Isolate> {
  // Every setting is read first: a bad one answers its name, as `npm start` prints it on Node.
  const config = readWorkerConfig(env);
  const { keyring, signers, receiptSigner } = await importWorkerKeys(config);
  const store = new D1Store(env.DB, {
    freshMs: config.registryFreshMs,
    keepsLog: config.log !== null,
  });
  const admin = store.admin();
  const log = await workerLog(env, store, config);
  const scans: ScanSink = env.SCANS
    ? new ScanForwarder({
        send: durableObjectSender(env.SCANS),
        shards: config.scanShards,
        flushMs: config.scanFlushMs,
        admin,
        // Each answer carries the card's revocation as the aggregator read it from D1: a hot
        // card's row stays fresh here on it, and a revocation drops the row at once.
        onCardState: (state) => store.confirmCard(state),
      })
    : new ScanWriter({ store, admin }, config.scanFlushMs);
  const app = createApp({
    store,
    keyring,
    verifyMemo: config.verifyMemo,
    recordScan: (event) => scans.add(event),
    verifyHosts: config.verifyHosts,
    readImage: wasmImageReader(zxingModule as unknown as WebAssembly.Module),
    maxImagePixels: WORKER_IMAGE_PIXELS,
    cardMatcher: workersCardMatcher({
      zxing: zxingModule as unknown as WebAssembly.Module,
      jpeg: jpegModule,
    }),
    // Cloudflare sets both for every request that reaches a Worker; a client cannot.
    clientOf: (c) => c.req.header('cf-connecting-ip') ?? '',
    countryOf: (c) => {
      const cf = (c.req.raw as Request & { cf?: { country?: unknown } }).cf;
      return typeof cf?.country === 'string' ? cf.country : '';
    },
    admin,
    claims: store.claims(),
    scannerKeys: (day) => admin.scannerKey(day),
    signers,
    receiptSigner,
    origin: config.publicUrl ?? '',
    widelyScanned: config.widelyScanned,
    rateLimits: config.rateLimits,
    // Counted per network by every isolate of a location first, then in this isolate's memory.
    sharedLimits: bindingLimits(env),
    referenceReplaceDays: config.referenceReplaceDays,
    oidc: config.oidc,
    log: log ? { store: log.store, vkey: log.vkey } : null,
  });
  return { app, scans, log };
}

let isolate: Promise<Isolate> | undefined;

/** This isolate's app, built on first use; a failed build is tried again next time. */
export function isolateFor(env: Env): Promise<Isolate> {
  return (isolate ??= buildIsolate(env).catch((error: unknown) => {
    isolate = undefined; // try again on the next request rather than fail forever
    throw error;
  }));
}
