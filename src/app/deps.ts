// What the app is given by its runtime entry: the registry, the trusted keys, the clock, and
// the runtime's own parts (an image reader, the client's address for rate limits).
import type { Context } from 'hono';
import {
  CachetError,
  type ImageKind,
  type Keyring,
  type ScanEvent,
  type Store,
} from '../core/index.js';
import type { RateLimit } from './rate-limit.js';

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
  /** The most pixels an image may have (its header is checked before decoding). */
  maxImagePixels?: number;
  /** The client's network address, used only to key rate limits, hashed, in memory. */
  clientOf?: (c: Context) => string;
  /** Per-client limits for serial look-ups and for images. */
  rateLimits?: { serial: RateLimit; image: RateLimit };
  /** A card checked this many times, or from this many countries, gets `widely-scanned`. */
  widelyScanned?: { count: number; countries: number };
}

export type FullDeps = Required<AppDeps>;

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
    maxImagePixels: 40_000_000,
    clientOf: (c) => c.req.header('cf-connecting-ip') ?? '',
    rateLimits: {
      serial: { limit: 30, windowSeconds: 60 },
      image: { limit: 20, windowSeconds: 60 },
    },
    widelyScanned: { count: 500, countries: 5 },
    ...deps,
  };
}
