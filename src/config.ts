// Every setting Cachet reads, with its default, its parser and its error, in one place for both
// runtimes: read from a plain record (process.env on Node, vars and secrets on Workers). A bad
// value stops the start with the variable's name, the same way on Node and in workerd.
import {
  CachetError,
  normaliseHost,
  normaliseOrigin,
  parseAddressRange,
  type AddressRange,
  type FlagThresholds,
} from './core/index.js';

/** process.env, or a Worker's env (whose bindings are not strings and are passed over). */
export type SettingsSource = Readonly<Record<string, unknown>>;

/** Requests a client may make in a window, per route family. */
export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}
export type RateLimitFamily =
  'serial' | 'image' | 'verify' | 'admin' | 'signin' | 'report' | 'cite' | 'claim';
export type RateLimits = Record<RateLimitFamily, RateLimitSetting>;

/** The brand's identity provider for staff sign-in. */
export interface OidcConfig {
  issuer: string;
  audience: string;
  /** The provider's JWKS URL. */
  jwksUrl: string;
  /** The claim holding the role (a string or an array of strings). Default `cachet_role`. */
  roleClaim?: string;
  /** The claim holding the boutique code of an associate or manager. Default `cachet_boutique`. */
  boutiqueClaim?: string;
  /** The signature algorithms accepted (CACHET_OIDC_ALGS); any other is refused. */
  algorithms: string[];
  /**
   * How long after its `iat` a token still signs in (CACHET_OIDC_MAX_AGE_SECONDS), whatever its
   * `exp` says.
   */
  maxAgeSeconds: number;
}

/** CACHET_OIDC_MAX_AGE_SECONDS unless set: an hour, what identity providers give a token. */
export const DEFAULT_OIDC_MAX_AGE_SECONDS = 3600;
/** The longest CACHET_OIDC_MAX_AGE_SECONDS may be: a day, then the person signs in again. */
export const MAX_OIDC_MAX_AGE_SECONDS = 86_400;

/** What CACHET_OIDC_ALGS allows by default: what identity providers sign with today. */
export const DEFAULT_OIDC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
/** Asymmetric JWS algorithms jose verifies with a provider's public JWKS. */
const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** Per-client requests a minute on the public routes and the admin API (reports: an hour; new
 * citations: a UTC day). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  serial: { limit: 30, windowSeconds: 60 },
  image: { limit: 20, windowSeconds: 60 },
  verify: { limit: 600, windowSeconds: 60 },
  admin: { limit: 600, windowSeconds: 60 },
  /** Refused staff sign-ins (not requests): past them the client network waits out the minute. */
  signin: { limit: 20, windowSeconds: 60 },
  /** Reports of fakes taken, per client network, in an hour. */
  report: { limit: 10, windowSeconds: 3600 },
  /** New citations per client network in a UTC day (citing a check again that day is not new). */
  cite: { limit: 20, windowSeconds: 86_400 },
  /**
   * Claim attempts per client network in an hour: claims, changes and releases, whatever their
   * outcome (a card's own attempts are limited apart, by the claim service).
   */
  claim: { limit: 20, windowSeconds: 3600 },
};

/** Past either, a card is `widely-scanned` in public and flagged for legal. */
export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = { scannersPerDay: 50, countries: 5 };

/** Every setting, parsed, with its default where it has one. */
export interface Settings {
  /** PORT and HOST: where the Node server listens. */
  port: number;
  host: string;
  /** CACHET_PUBLIC_URL as an origin (no path), when set. */
  publicUrl: string | undefined;
  /** CACHET_DB: the SQLite registry (Node). */
  dbPath: string;
  /** CACHET_KEYS_DIR: jwks.json and private/ (Node). */
  keysDir: string;
  /** CACHET_SIGNING_KEY and CACHET_RECEIPT_KEY: private JWKs as JSON, for secret stores. */
  signingKey: string | undefined;
  receiptKey: string | undefined;
  /** CACHET_DEMO: seed the demo brand into an empty registry. */
  demo: boolean;
  /** CACHET_VERIFY_MEMO: signature outcomes remembered; 0 turns the memo off. */
  verifyMemo: number;
  /** CACHET_SCAN_FLUSH_MS: how often counted scans are written. */
  scanFlushMs: number;
  /**
   * CACHET_SCAN_SHARDS (Workers with the SCANS binding): the aggregator objects a card's scans
   * are spread over, each isolate sending to one. 4: a viral card's 300 isolates batching once
   * a second send each object 75 batches a second, and ten times as many isolates 750, under
   * the 1,000 requests a second a Durable Object handles.
   */
  scanShards: number;
  /**
   * CACHET_SCAN_AGGREGATE_MS (Workers with the SCANS binding): how often at most each aggregator
   * writes to D1. 1000: a hot card's 4 shards make 4 D1 transactions a second where 300
   * isolates made 300, and a scan reaches the registry within about 2 s of its answer.
   */
  scanAggregateMs: number;
  /** CACHET_LOG_INTERVAL_MS: how often the issuance log places new cards and signs a checkpoint. */
  logIntervalMs: number;
  /** CACHET_LOG_WITNESSES: who is asked to cosign each checkpoint. */
  logWitnesses: LogWitness[];
  /**
   * CACHET_REGISTRY_FRESH_MS: how old (ms) the revocation state a Worker isolate answers from may
   * be, at most MAX_REGISTRY_FRESH_MS.
   */
  registryFreshMs: number;
  /** CACHET_VERIFY_HOSTS: more hosts genuine cards point to. */
  verifyHosts: string[];
  /** CACHET_FLAG_SCANNERS_PER_DAY and CACHET_FLAG_COUNTRIES. */
  widelyScanned: FlagThresholds;
  /** CACHET_RATE_LIMITS. */
  rateLimits: RateLimits;
  /** CACHET_OIDC_*: the identity provider, when CACHET_OIDC_ISSUER is set. */
  oidc: OidcConfig | null;
  /**
   * CACHET_TRUSTED_PROXY (Node): the proxy in front of the server, whose word on the client is
   * taken. `cloudflare`: CF-Connecting-IP and CF-IPCountry; a header name (like
   * `x-real-ip`): the client address from that header, no country. Unset: the connection's
   * address, and no country at all, since any client could write those headers.
   */
  trustedProxy: TrustedProxy | null;
  /**
   * CACHET_TRUSTED_PROXY_PEERS (Node): the address blocks the proxy connects from. Only a
   * connection from one of them has its proxy headers read; any other is counted by its own
   * address, with no country. The Node server refuses to start with a proxy and no blocks.
   */
  trustedProxyPeers: AddressRange[];
  /**
   * CACHET_IMAGE_WORKERS (Node): worker threads that read uploaded images; 0 reads them on the
   * main thread (a one-core machine). Default: one per core but the main thread's, at least one.
   */
  imageWorkers: number | undefined;
  /**
   * CACHET_REFERENCE_REPLACE_DAYS: how many days after minting a card's reference photo may be
   * recorded or replaced (while the card is still in the boutique); after that it stands.
   */
  referenceReplaceDays: number;
  /**
   * CACHET_BACKUP_DIR (Node): where the server takes a backup of the registry on a schedule
   * (src/node/backup-timer.ts); none when unset.
   */
  backupDir: string | undefined;
  /** CACHET_BACKUP_INTERVAL_MS (Node): how often the server takes a backup; a day by default. */
  backupIntervalMs: number;
  /** CACHET_BACKUP_KEEP (Node): how many backups the server keeps in CACHET_BACKUP_DIR. */
  backupKeep: number;
  /**
   * CACHET_BACKUP_PASSPHRASE_FILE (Node): a file holding the passphrase the server's scheduled
   * backups encrypt the private keys under; without it, they hold no private key.
   */
  backupPassphraseFile: string | undefined;
}

/** Days after minting a reference photo may be recorded or replaced, by default. */
export const DEFAULT_REFERENCE_REPLACE_DAYS = 7;

export type TrustedProxy = { kind: 'cloudflare' } | { kind: 'header'; header: string };

function trustedProxy(source: SettingsSource, name: string): TrustedProxy | null {
  const value = text(source, name)?.toLowerCase();
  if (value === undefined) return null;
  if (value === 'cloudflare') return { kind: 'cloudflare' };
  if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) return { kind: 'header', header: value };
  throw refuse(
    `${name} is cloudflare, or the name of the header your proxy writes the client address in (like x-real-ip), not "${value}"`,
  );
}

/** `173.245.48.0/20, 2400:cb00::/32, 10.0.0.5`: address blocks, IPv4 and IPv6. */
function addressRanges(source: SettingsSource, name: string): AddressRange[] {
  const parts = (text(source, name) ?? '').split(',').filter((p) => p.trim() !== '');
  return parts.map((part) => {
    try {
      return parseAddressRange(part);
    } catch (cause) {
      throw refuse(
        `${name}: "${part.trim().slice(0, 60)}" is not an address block like 173.245.48.0/20 or 2400:cb00::/32: ${(cause as Error).message}`,
      );
    }
  });
}

const refuse = (message: string) => new CachetError('ERR_SETTING', message);

/** The text of a variable; undefined when it is unset, empty, or not text (a binding). */
function text(source: SettingsSource, name: string): string | undefined {
  const value = source[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A whole number from `min` up (to `max`, when given), or `fallback` when unset. */
function whole(source: SettingsSource, name: string, fallback: number, min = 0, max?: number) {
  const value = text(source, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d{1,10}$/.test(value) || n < min || (max !== undefined && n > max)) {
    const range = max !== undefined ? ` from ${min} to ${max}` : min > 0 ? ` from ${min} up` : '';
    throw refuse(`${name} must be a whole number${range}, not "${value}"`);
  }
  return n;
}

/**
 * The most CACHET_REGISTRY_FRESH_MS may be, and its default: a revocation shows at every Worker
 * isolate within this plus the second a D1 read may take (READ_MARGIN_MS of src/store/d1.ts),
 * and the product promises 5 s. A longer setting would break that promise, so it stops the start
 * rather than being quietly cut.
 */
export const MAX_REGISTRY_FRESH_MS = 4000;

/** CACHET_REGISTRY_FRESH_MS, 0 to MAX_REGISTRY_FRESH_MS; the setting it replaced is refused. */
function registryFresh(source: SettingsSource): number {
  if (text(source, 'CACHET_REGISTRY_CACHE_SECONDS') !== undefined) {
    throw refuse(
      `CACHET_REGISTRY_CACHE_SECONDS is no longer read: CACHET_REGISTRY_FRESH_MS (0 to ${MAX_REGISTRY_FRESH_MS} ms, ${MAX_REGISTRY_FRESH_MS} unless set) says how old the revocation state an isolate answers from may be; remove the old one`,
    );
  }
  return whole(source, 'CACHET_REGISTRY_FRESH_MS', MAX_REGISTRY_FRESH_MS, 0, MAX_REGISTRY_FRESH_MS);
}

/** `0`/`1` (or false/true). */
function flag(source: SettingsSource, name: string, fallback: boolean): boolean {
  const value = text(source, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw refuse(`${name} must be 0 or 1, not "${value}"`);
}

function origin(source: SettingsSource, name: string): string | undefined {
  const value = text(source, name);
  if (value === undefined) return undefined;
  try {
    const url = normaliseOrigin(value);
    // Port 0 is where a server listens to be given any free port, never where one is reached.
    if (new URL(url).port === '0') throw new Error(`port 0 is no port: ${value}`);
    return url;
  } catch (cause) {
    throw refuse(
      `${name} must be an origin like https://verify.example.com: ${(cause as Error).message}`,
    );
  }
}

function hosts(source: SettingsSource, name: string): string[] {
  const parts = (text(source, name) ?? '').split(',').filter((h) => h.trim() !== '');
  return parts.map(normaliseHost);
}

/** A witness of the issuance log: its verifier key and the prefix of its add-checkpoint. */
export interface LogWitness {
  vkey: string;
  url: string;
}

/** `<vkey> <URL>, <vkey> <URL>`: the witnesses the log asks to cosign each checkpoint. */
function witnesses(source: SettingsSource, name: string): LogWitness[] {
  const parts = (text(source, name) ?? '').split(',').filter((p) => p.trim() !== '');
  return parts.map((part) => {
    const match = /^\s*(\S+\+[0-9a-f]{8}\+\S+)\s+(https?:\/\/\S+)\s*$/.exec(part);
    if (!match) {
      throw refuse(
        `${name}: "${part.trim().slice(0, 120)}" is not like <witness vkey> https://witness.example/prefix`,
      );
    }
    return { vkey: match[1]!, url: match[2]!.replace(/\/+$/, '') };
  });
}

/** `verify=600,serial=30,image=20,admin=600,signin=20,report=10,cite=20,claim=20`, any subset; 0 turns one off. */
function rateLimits(source: SettingsSource, name: string): RateLimits {
  const limits = structuredClone(DEFAULT_RATE_LIMITS);
  for (const part of (text(source, name) ?? '').split(',').filter((p) => p.trim())) {
    const match = /^\s*(verify|serial|image|admin|signin|report|cite|claim)\s*=\s*(\d+)\s*$/.exec(
      part,
    );
    if (!match) {
      throw refuse(
        `${name}: "${part}" is not like verify=600 (verify, serial, image, admin, signin, report, cite, claim)`,
      );
    }
    const family = match[1] as RateLimitFamily;
    limits[family] = { ...limits[family], limit: Number(match[2]) };
  }
  return limits;
}

/** The settings of the identity provider besides its issuer. */
const OIDC_SETTINGS = [
  'CACHET_OIDC_AUDIENCE',
  'CACHET_OIDC_JWKS_URL',
  'CACHET_OIDC_ALGS',
  'CACHET_OIDC_ROLE_CLAIM',
  'CACHET_OIDC_BOUTIQUE_CLAIM',
  'CACHET_OIDC_MAX_AGE_SECONDS',
];

/** The identity provider, when CACHET_OIDC_ISSUER is set (audience and JWKS URL then required). */
function oidc(source: SettingsSource): OidcConfig | null {
  const issuer = text(source, 'CACHET_OIDC_ISSUER');
  if (!issuer) {
    // A provider half set up would leave sign-in through it quietly off.
    const stray = OIDC_SETTINGS.find((name) => text(source, name) !== undefined);
    if (stray) throw refuse(`${stray} is set, but CACHET_OIDC_ISSUER, which it goes with, is not`);
    return null;
  }
  const audience = text(source, 'CACHET_OIDC_AUDIENCE');
  const jwksUrl = text(source, 'CACHET_OIDC_JWKS_URL');
  if (!audience || !jwksUrl) {
    throw refuse('CACHET_OIDC_ISSUER needs CACHET_OIDC_AUDIENCE and CACHET_OIDC_JWKS_URL as well');
  }
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw refuse(`CACHET_OIDC_JWKS_URL is not a URL: "${jwksUrl}"`);
  }
  // Keys fetched over plain http could be swapped by anyone on the way; loopback is for tests.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw refuse(`CACHET_OIDC_JWKS_URL must be https:// (got ${url.protocol}//${url.host})`);
  }
  const algorithms = (text(source, 'CACHET_OIDC_ALGS') ?? DEFAULT_OIDC_ALGORITHMS.join(','))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const unknown = algorithms.find((a) => !OIDC_ALGORITHMS.includes(a));
  if (unknown !== undefined || algorithms.length === 0) {
    throw refuse(
      `CACHET_OIDC_ALGS lists signature algorithms from: ${OIDC_ALGORITHMS.join(', ')}${unknown ? ` (not "${unknown}")` : ''}`,
    );
  }
  const roleClaim = text(source, 'CACHET_OIDC_ROLE_CLAIM');
  const boutiqueClaim = text(source, 'CACHET_OIDC_BOUTIQUE_CLAIM');
  const maxAgeSeconds = whole(
    source,
    'CACHET_OIDC_MAX_AGE_SECONDS',
    DEFAULT_OIDC_MAX_AGE_SECONDS,
    60,
    MAX_OIDC_MAX_AGE_SECONDS,
  );
  return {
    issuer,
    audience,
    jwksUrl,
    algorithms,
    maxAgeSeconds,
    ...(roleClaim && { roleClaim }),
    ...(boutiqueClaim && { boutiqueClaim }),
  };
}

/**
 * Reads every setting, with defaults that need no setup at all.
 * @throws CachetError `ERR_SETTING` naming the first variable whose value is not usable.
 */
export function readSettings(source: SettingsSource): Settings {
  return {
    port: whole(source, 'PORT', 8787, 0, 65_535),
    host: text(source, 'HOST') ?? '127.0.0.1',
    publicUrl: origin(source, 'CACHET_PUBLIC_URL'),
    dbPath: text(source, 'CACHET_DB') ?? 'data/cachet.db',
    keysDir: text(source, 'CACHET_KEYS_DIR') ?? 'keys',
    signingKey: text(source, 'CACHET_SIGNING_KEY'),
    receiptKey: text(source, 'CACHET_RECEIPT_KEY'),
    demo: flag(source, 'CACHET_DEMO', true),
    verifyMemo: whole(source, 'CACHET_VERIFY_MEMO', 10_000),
    scanFlushMs: whole(source, 'CACHET_SCAN_FLUSH_MS', 1000, 1),
    scanShards: whole(source, 'CACHET_SCAN_SHARDS', 4, 1, 1000),
    scanAggregateMs: whole(source, 'CACHET_SCAN_AGGREGATE_MS', 1000, 50, 60_000),
    logIntervalMs: whole(source, 'CACHET_LOG_INTERVAL_MS', 1000, 50),
    logWitnesses: witnesses(source, 'CACHET_LOG_WITNESSES'),
    registryFreshMs: registryFresh(source),
    verifyHosts: hosts(source, 'CACHET_VERIFY_HOSTS'),
    widelyScanned: {
      scannersPerDay: whole(
        source,
        'CACHET_FLAG_SCANNERS_PER_DAY',
        DEFAULT_FLAG_THRESHOLDS.scannersPerDay,
        1,
      ),
      countries: whole(source, 'CACHET_FLAG_COUNTRIES', DEFAULT_FLAG_THRESHOLDS.countries, 1),
    },
    rateLimits: rateLimits(source, 'CACHET_RATE_LIMITS'),
    oidc: oidc(source),
    trustedProxy: trustedProxy(source, 'CACHET_TRUSTED_PROXY'),
    trustedProxyPeers: addressRanges(source, 'CACHET_TRUSTED_PROXY_PEERS'),
    imageWorkers:
      text(source, 'CACHET_IMAGE_WORKERS') === undefined
        ? undefined
        : whole(source, 'CACHET_IMAGE_WORKERS', 0, 0, 64),
    referenceReplaceDays: whole(
      source,
      'CACHET_REFERENCE_REPLACE_DAYS',
      DEFAULT_REFERENCE_REPLACE_DAYS,
      0,
      3650,
    ),
    backupDir: text(source, 'CACHET_BACKUP_DIR'),
    backupIntervalMs: whole(source, 'CACHET_BACKUP_INTERVAL_MS', 86_400_000, 1000),
    backupKeep: whole(source, 'CACHET_BACKUP_KEEP', 14, 1, 10_000),
    backupPassphraseFile: text(source, 'CACHET_BACKUP_PASSPHRASE_FILE'),
  };
}

/** The settings of a Node process, with the origin its cards point to worked out. */
export interface NodeConfig extends Settings {
  /** The origin printed in card URLs and QR codes. */
  origin: string;
  /** True when CACHET_PUBLIC_URL set the origin; otherwise it is derived from HOST and PORT. */
  explicitOrigin: boolean;
  /** True when CACHET_PUBLIC_URL, PORT or HOST was set: this environment names its own origin. */
  originFromEnv: boolean;
  /** The origin's host, then CACHET_VERIFY_HOSTS: codes leading elsewhere are look-alikes. */
  verifyHosts: string[];
}

/** The hosts genuine cards point to: the origin's, then CACHET_VERIFY_HOSTS (Node and Workers). */
function verifyHostsOf(origin: string, more: string[]): string[] {
  return [...new Set([new URL(origin).host, ...more])];
}

/** The URL a browser on this machine reaches a server listening on `host` and `port` at. */
export function localUrl(host: string, port: number): string {
  const shown =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return normaliseOrigin(`http://${shown}:${port}`);
}

/** The settings of a Node process (the server or a CLI command) from its environment. */
export function readNodeConfig(source: SettingsSource): NodeConfig {
  const settings = readSettings(source);
  // A proxy's headers are only as good as the check of who sent them: without the proxy's own
  // addresses, any client could name itself and its country.
  if (settings.trustedProxy && settings.trustedProxyPeers.length === 0) {
    throw refuse(
      'CACHET_TRUSTED_PROXY needs CACHET_TRUSTED_PROXY_PEERS: the address blocks your proxy connects from (for Cloudflare, the lists of https://www.cloudflare.com/ips/), or any client could name its own address and country',
    );
  }
  if (!settings.trustedProxy && settings.trustedProxyPeers.length > 0) {
    throw refuse(
      'CACHET_TRUSTED_PROXY_PEERS is set but CACHET_TRUSTED_PROXY is not: say which header the proxy writes (cloudflare, or a header name like x-real-ip)',
    );
  }
  const origin = settings.publicUrl ?? localUrl(settings.host, settings.port);
  return {
    ...settings,
    origin,
    explicitOrigin: settings.publicUrl !== undefined,
    originFromEnv: ['CACHET_PUBLIC_URL', 'PORT', 'HOST'].some((n) => text(source, n)),
    verifyHosts: verifyHostsOf(origin, settings.verifyHosts),
  };
}

/** The issuance log a Worker keeps: its key and the origin its checkpoints are signed under. */
export interface WorkerLogConfig {
  /** CACHET_LOG_KEY: the log's private JWK (`purpose: "log"`, keys/private/log.jwk). */
  key: { x: string; d: string };
  /** CACHET_LOG_ORIGIN (`verify.brand.co/log`); default: the host of CACHET_PUBLIC_URL + /log. */
  origin: string;
}

/** The settings of a Worker: every setting, and the keys its secrets and vars hold. */
export interface WorkerConfig extends Settings {
  /** CACHET_JWKS: the JWK Set of keys/jwks.json (public keys only), with a card key in it. */
  jwks: { keys: unknown[] };
  /** CACHET_SIGNING_KEY: a private card JWK, for minting through the admin API. */
  signingJwk: unknown;
  /** CACHET_RECEIPT_KEY: a private receipt JWK. */
  receiptJwk: unknown;
  /** CACHET_LOG_KEY and CACHET_LOG_ORIGIN; null (CACHET_LOG_KEY unset): no log. */
  log: WorkerLogConfig | null;
  /**
   * CACHET_PUBLIC_URL's host, then CACHET_VERIFY_HOSTS, as on Node; empty (neither set): the host
   * each request came to.
   */
  verifyHosts: string[];
}

/**
 * CACHET_JWKS. Without a card key the Worker would call every genuine card forged: it answers
 * 503 `ERR_NO_KEYS` instead, on every path (/healthz too), saying what to set.
 */
function publicJwks(source: SettingsSource, name: string): { keys: unknown[] } {
  let jwks: { keys?: unknown };
  try {
    jwks = JSON.parse(text(source, name) ?? '{"keys":[]}') as { keys?: unknown };
  } catch (cause) {
    throw refuse(`${name} is not JSON: ${(cause as Error).message}`);
  }
  const keys = Array.isArray(jwks?.keys) ? (jwks.keys as { purpose?: unknown }[]) : [];
  if (!keys.some((k) => k?.purpose !== 'receipt')) {
    throw new CachetError(
      'ERR_NO_KEYS',
      `this Worker has no public card key to check cards against: set ${name} to the JWK Set of keys/jwks.json (npm run deploy:edge does)`,
    );
  }
  return { keys };
}

/** The value of a JSON text; undefined when it is not JSON. */
function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A secret holding a private JWK as JSON, or undefined when unset. */
function privateJwk(source: SettingsSource, name: string): unknown {
  const value = text(source, name);
  if (value === undefined) return undefined;
  const jwk = parseJson(value);
  if (jwk === undefined) {
    throw new CachetError('ERR_KEY_INVALID', `${name} must hold a private JWK as JSON`);
  }
  return jwk;
}

/** CACHET_LOG_KEY and CACHET_LOG_ORIGIN, when the log key is set. */
function workerLog(source: SettingsSource, publicUrl: string | undefined): WorkerLogConfig | null {
  const value = text(source, 'CACHET_LOG_KEY');
  if (value === undefined) return null;
  const jwk = parseJson(value) as { purpose?: unknown; x?: unknown; d?: unknown } | undefined;
  const x = typeof jwk?.x === 'string' ? jwk.x : '';
  const d = typeof jwk?.d === 'string' ? jwk.d : '';
  if (jwk?.purpose !== 'log' || !x || !d) {
    throw new CachetError(
      'ERR_KEY_INVALID',
      'CACHET_LOG_KEY is not a log key (keys/private/log.jwk)',
    );
  }
  const origin =
    text(source, 'CACHET_LOG_ORIGIN') ?? (publicUrl ? `${new URL(publicUrl).host}/log` : undefined);
  if (!origin) throw refuse('CACHET_LOG_ORIGIN (or CACHET_PUBLIC_URL) names the log');
  return { key: { x, d }, origin };
}

/**
 * The settings of a Worker from its env (vars, secrets and bindings), read before anything else
 * so that a bad one answers its name.
 * @throws CachetError `ERR_SETTING` or `ERR_KEY_INVALID` naming the variable, or `ERR_NO_KEYS`
 * when CACHET_JWKS holds no card key.
 */
export function readWorkerConfig(source: SettingsSource): WorkerConfig {
  const settings = readSettings(source);
  return {
    ...settings,
    jwks: publicJwks(source, 'CACHET_JWKS'),
    log: workerLog(source, settings.publicUrl),
    signingJwk: privateJwk(source, 'CACHET_SIGNING_KEY'),
    receiptJwk: privateJwk(source, 'CACHET_RECEIPT_KEY'),
    verifyHosts: settings.publicUrl
      ? verifyHostsOf(settings.publicUrl, settings.verifyHosts)
      : settings.verifyHosts,
  };
}

/** CACHET_PROGRESS=1: the CLI draws its progress bars even when standard error is no terminal. */
export function readProgressForced(source: SettingsSource): boolean {
  return text(source, 'CACHET_PROGRESS') === '1';
}

/** CACHET_API_KEY: the staff API key the CLI signs in with when it acts on a server (--server). */
export function cliApiKey(source: SettingsSource): string | undefined {
  return text(source, 'CACHET_API_KEY');
}
