// What the app is given by its runtime entry: the registry, the trusted keys, the clock, and
// the runtime's own parts (an image reader, the client's address for rate limits).
import { webCryptoMac, type Mac } from '../services/mac.js';
import type { PrintTools } from '../print/print-files.js';
import type { Context } from 'hono';
import {
  CachetError,
  MAX_IMAGE_PIXELS,
  SigningKeys,
  type AdminStore,
  type CardMatcher,
  type ClaimStore,
  type FlagThresholds,
  type ImageKind,
  type Keyring,
  type LogStore,
  type ScanEvent,
  type Signer,
  type Store,
} from '../core/index.js';
import {
  DEFAULT_FLAG_THRESHOLDS,
  DEFAULT_RATE_LIMITS,
  DEFAULT_REFERENCE_REPLACE_DAYS,
  type OidcConfig,
} from '../config.js';
import type { RateLimit, SharedLimits } from './rate-limit.js';
import { memoryDayKeys, type DayKeySource } from '../services/scanner-hash.js';

/** What a server with a log gives the app. */
export type { CardMatcher };

export interface LogDeps {
  store: LogStore;
  /** The verifier key of the log's checkpoints. */
  vkey: string;
}

export interface AppDeps {
  store: Store;
  keyring: Keyring;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Where unexpected errors are reported. Never given client data. */
  logError?: (error: unknown) => void;
  /** How many signature outcomes to remember (SignatureMemo); 0 verifies every request afresh. */
  verifyMemo?: number;
  /**
   * Takes a scan to be written later (a ScanBatcher's add). It must return at once: no
   * verification waits for a write.
   */
  recordScan?: (event: ScanEvent) => void;
  /**
   * The hosts (`host[:port]`, lower case) the brand's cards point to. A code leading anywhere
   * else is a look-alike. Empty: the host each request came to.
   */
  verifyHosts?: string[];
  /**
   * Reads the texts of the QR codes in an image whose kind and size are already checked.
   * @throws CachetError `ERR_IMAGE_UNREADABLE` or `ERR_IMAGE_TOO_LARGE`.
   */
  readImage?: (bytes: Uint8Array, kind: ImageKind) => Promise<string[]>;
  /**
   * Compares photos of cards with the card as issued; null (the default): references can be
   * neither recorded nor compared, and the answers say so.
   */
  cardMatcher?: CardMatcher | null;
  /** Days after minting a card's reference photo may be recorded or replaced (a setting). */
  referenceReplaceDays?: number;
  /** The most pixels an image may have (its header is checked before decoding). */
  maxImagePixels?: number;
  /**
   * The client's network address, used only to key rate limits and the distinct-scanner hash,
   * hashed. From the connection, or from the platform or a trusted proxy: never a header any
   * client may set.
   */
  clientOf?: (c: Context) => string;
  /** The client's country (ISO 3166-1 alpha-2) as the platform says it; '' when it does not. */
  countryOf?: (c: Context) => string;
  /**
   * Per-client limits: serial look-ups, images, verifications (pages and API), the admin API,
   * refused staff sign-ins and reports taken. A limit of 0 turns that one off.
   */
  rateLimits?: {
    serial: RateLimit;
    image: RateLimit;
    verify: RateLimit;
    admin: RateLimit;
    /** Refused sign-ins, not requests. */
    signin: RateLimit;
    /** Reports of fakes taken (an hour by default), not requests. */
    report: RateLimit;
    /** New citations kept in a UTC day, not requests. */
    cite: RateLimit;
    /** Claim attempts (claims, changes, releases), whatever their outcome. */
    claim: RateLimit;
  };
  /**
   * Limits every isolate counts together, asked before the in-memory ones on the public verify,
   * image, proof, report, cite and serial routes: the Workers Rate Limiting binding (per
   * Cloudflare location). null (the default, and Node): memory only, which one process makes exact.
   */
  sharedLimits?: SharedLimits | null;
  /**
   * A card checked by this many distinct scanners on one day, or from this many countries, gets
   * the public `widely-scanned` warning and lands on legal's flagged list.
   */
  widelyScanned?: FlagThresholds;
  /** The day keys of the distinct-scanner hash (the registry's, shared by every process). */
  scannerKeys?: DayKeySource;
  /** The staff side of the registry; without it there is no admin API. */
  admin?: AdminStore | null;
  /** The recipients' claims; null: the claim pages and API answer that this server keeps none. */
  claims?: ClaimStore | null;
  /** The brand's identity provider, for staff who sign in with it rather than an API key. */
  oidc?: OidcConfig | null;
  /** The keys that sign cards minted through the admin API, each for its dates; none: verify only. */
  signers?: SigningKeys;
  /** The key that signs verification receipts; null: no receipts. */
  receiptSigner?: Signer | null;
  /** The origin cards and receipts name; '' for the origin each request came to. */
  origin?: string;
  /** HMAC-SHA256 for the per-request hashes: node:crypto on Node, WebCrypto by default. */
  mac?: Mac;
  /** What this runtime has for print files: a PNG rasteriser (sharp on Node), zlib for PDF. */
  print?: PrintTools;
  /** The issuance log this server keeps and serves; null: none (its routes answer 501). */
  log?: LogDeps | null;
}

export type FullDeps = Required<AppDeps>;

/** What the admin routes are given: everything, with the staff side of the registry present. */
export type AdminDeps = FullDeps & { admin: AdminStore };

/** The origin cards and receipts name: the configured one, or the one the request came to. */
export const originFor =
  (deps: Pick<FullDeps, 'origin'>) =>
  (c: { req: { url: string } }): string =>
    deps.origin || new URL(c.req.url).origin;

/** The defaults of every optional part. */
export function withDefaults(deps: AppDeps): FullDeps {
  return {
    now: () => new Date(),
    logError: (error) => console.error(error),
    verifyMemo: 10_000,
    recordScan: () => {},
    verifyHosts: [],
    readImage: async () => {
      throw new CachetError('ERR_IMAGE_UNREADABLE', 'this server has no image reader');
    },
    maxImagePixels: MAX_IMAGE_PIXELS,
    clientOf: (c) => c.req.header('cf-connecting-ip') ?? '',
    countryOf: () => '',
    rateLimits: DEFAULT_RATE_LIMITS,
    sharedLimits: null,
    widelyScanned: DEFAULT_FLAG_THRESHOLDS,
    scannerKeys: memoryDayKeys(),
    admin: null,
    claims: null,
    oidc: null,
    signers: new SigningKeys([]),
    receiptSigner: null,
    origin: '',
    print: {},
    mac: webCryptoMac(),
    log: null,
    cardMatcher: null,
    referenceReplaceDays: DEFAULT_REFERENCE_REPLACE_DAYS,
    ...deps,
  };
}
