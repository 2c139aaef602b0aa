// What a device needs to check cards with no server, kept ready: the revocation list and the
// trust bundle that names it. Both are rebuilt when a card is revoked (seen within seconds, from
// any process that shares the registry), when the keys change (a new app, a new publisher) and
// at least hourly, so that a device can tell how fresh its revocations are.
import {
  REVOCATION_LIST_HEADER,
  REVOCATION_RECORD,
  revocationListFromRecords,
  signTrustBundle,
  toHex,
  TRUST_BUNDLE_LIFETIME_S,
  type Keyring,
  type Signer,
  type Store,
  type TrustBundle,
} from '../core/index.js';

/** How often the registry is asked whether a card was revoked. */
export const REVOCATION_CHECK_MS = 5_000;
/** The oldest a list may be served: a device shows its date as the freshness of its revocations. */
export const REVOCATION_LIST_MAX_AGE_MS = 3_600_000;

/** The list and the bundle as served. */
export interface Published {
  list: Uint8Array<ArrayBuffer>;
  /** SHA-256 of `list`, hex: its ETag, and what the bundle names. */
  listSha256: string;
  /** The signed bundle; null on a server with no receipt key or no verify host. */
  jws: string | null;
  bundle: TrustBundle | null;
}

export interface TrustPublisherDeps {
  store: Pick<Store, 'revocationStamp' | 'listRevocations'>;
  keyring: Keyring;
  signer: Signer | null;
  /** The issuance log's note verifier key; null where no log is kept. */
  logVkey: string | null;
  now: () => Date;
  /**
   * Told, at each build, how many revoked cards the list cannot name (their tokens were never
   * kept): a device offline still reads those as authentic.
   */
  onUnlisted?: (count: number) => void;
}

/** What a bundle names: the service and the hosts its cards point to. */
export interface BundleScope {
  iss: string;
  verifyHosts: string[];
}

interface Cached {
  published: Published;
  stamp: string;
  /** What the bundle names (issuer and hosts), from the server's settings. */
  scope: string;
  builtAt: number;
  checkedAt: number;
}

/** Builds and keeps the revocation list and trust bundle; one build at a time. */
export class TrustPublisher {
  readonly #deps: TrustPublisherDeps;
  #cached: Cached | null = null;
  #pending: Promise<Published> | null = null;

  constructor(deps: TrustPublisherDeps) {
    this.#deps = deps;
  }

  /**
   * The current list, and the bundle for a service at `iss` whose cards point to `verifyHosts`
   * (none without them). Both come from the server's settings, never from a request.
   */
  current(scope: BundleScope | null): Promise<Published> {
    const key = JSON.stringify(scope);
    const now = this.#deps.now().getTime();
    const cached = this.#cached;
    const young =
      cached && cached.scope === key && now - cached.builtAt < REVOCATION_LIST_MAX_AGE_MS;
    if (young && now - cached.checkedAt < REVOCATION_CHECK_MS) {
      return Promise.resolve(cached.published);
    }
    this.#pending ??= this.#refresh(key, scope, young ? cached : null).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #refresh(key: string, scope: BundleScope | null, kept: Cached | null) {
    const { store, keyring, signer, logVkey, now } = this.#deps;
    const stamp = await store.revocationStamp();
    const at = now().getTime();
    if (kept && kept.stamp === stamp) {
      kept.checkedAt = at;
      return kept.published;
    }
    const listing = await store.listRevocations();
    if (listing.withoutToken > 0) this.#deps.onUnlisted?.(listing.withoutToken);
    const generatedAt = Math.floor(at / 1000);
    const list = revocationListFromRecords(generatedAt, listing.records);
    const listSha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', list)));
    const bundle: TrustBundle | null = scope && {
      iss: scope.iss,
      iat: generatedAt,
      exp: generatedAt + TRUST_BUNDLE_LIFETIME_S,
      verifyHosts: scope.verifyHosts,
      keys: keyring.toJwks().keys,
      log: logVkey ? { origin: logVkey.slice(0, logVkey.indexOf('+')), vkey: logVkey } : null,
      revocations: {
        sha256: listSha256,
        generatedAt,
        count: (list.length - REVOCATION_LIST_HEADER) / REVOCATION_RECORD,
      },
    };
    const jws = signer && bundle ? await signTrustBundle(bundle, signer) : null;
    const published = { list, listSha256, jws, bundle };
    this.#cached = { published, stamp, scope: key, builtAt: at, checkedAt: at };
    return published;
  }
}
