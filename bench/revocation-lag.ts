// How long after a revocation Worker isolates still call the card authentic: simulated isolates
// (one D1Store each, as each isolate has) scan one card over one real D1 while another store
// revokes it, the way the admin API does. Portable: it runs in workerd (test/edge) and on Node
// over getPlatformProxy's D1 (the benches).
import {
  generateKeyPair,
  importKeyring,
  importSigner,
  SigningKeys,
  verifyCard,
  type CardState,
} from '../src/core/index.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../src/services/demo.js';
import { mintCard } from '../src/services/mint.js';
import { D1Store, type D1Database } from '../src/store/d1.js';

export interface RevocationLagOptions {
  /** Simulated isolates, each its own D1Store over the one database. */
  isolates: number;
  /** Their CACHET_REGISTRY_FRESH_MS (F). */
  freshMs: number;
  /** How often each isolate answers a scan of the card (ms). Default 25. */
  scanEveryMs?: number;
  /** How long they scan before the revocation (ms), each starting at a random moment within F. */
  revokeAfterMs?: number;
  /** How long they go on after it (ms): an isolate still authentic then has a lag of at least this. */
  watchMs?: number;
  /**
   * Stands in for the card's scan aggregator: reads the card's state from D1 this often and hands
   * it to every isolate's confirmCard, as the aggregator's answers to their batches do (0: none).
   */
  confirmEveryMs?: number;
}

export interface RevocationLag {
  isolates: number;
  freshMs: number;
  /** When the revocation's D1 write returned (ms since the epoch). */
  committedAt: number;
  /**
   * Per isolate: ms from the commit to its last `authentic` answer; 0 when it gave none after.
   * An isolate still authentic when the watch ended counts the whole watch.
   */
  lagsMs: number[];
  /** The worst of lagsMs. */
  worstMs: number;
  /** Isolates whose last answer was still `authentic`. */
  stillAuthentic: number;
  /** Scans answered, all isolates together. */
  scans: number;
  /** Card rows the isolates read from D1 themselves. */
  cardReads: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A card with a key of its own, minted into `db` (a demo boutique added when it has none). */
async function mintLagCard(db: D1Database) {
  const store = new D1Store(db);
  if (!(await store.findBoutiqueByCode(DEMO_BOUTIQUES[0]!.code))) {
    await store.addBoutique(DEMO_BOUTIQUES[0]!);
    await store.addAssociate(DEMO_ASSOCIATES[0]!);
  }
  const pair = await generateKeyPair({ validFrom: '2020-01-01' });
  const keyring = await importKeyring({ keys: [pair.publicJwk] });
  const signer = await importSigner(pair.privateJwk, keyring);
  const card = await mintCard(
    { boutique: DEMO_BOUTIQUES[0]!.code, associate: DEMO_ASSOCIATES[0]!.number },
    { store, signers: new SigningKeys([signer]), origin: 'https://lag.test', now: new Date() },
  );
  return { card, keyring, store };
}

/**
 * Mints a card into `db` (migrated), has `isolates` simulated isolates scan it continuously, revokes
 * it through another store as the admin API does, and measures, per isolate, how long after the
 * revocation committed it last answered `authentic`.
 */
export async function measureRevocationLag(
  db: D1Database,
  options: RevocationLagOptions,
): Promise<RevocationLag> {
  const { isolates, freshMs } = options;
  const scanEveryMs = options.scanEveryMs ?? 25;
  const revokeAfterMs = options.revokeAfterMs ?? freshMs + 500;
  const watchMs = options.watchMs ?? freshMs + 1500;
  const { card, keyring, store: admin } = await mintLagCard(db);
  const stores = Array.from({ length: isolates }, () => new D1Store(db, { freshMs }));
  const lastAuthentic = stores.map(() => 0);
  const lastStatus = stores.map(() => '');
  let scans = 0;
  let stopAt = Infinity;

  const scan = async (i: number) => {
    const store = stores[i]!;
    await sleep(Math.random() * Math.max(freshMs, scanEveryMs)); // isolates start apart
    while (Date.now() < stopAt) {
      const verdict = await verifyCard(card.token, {
        keyring,
        now: new Date(),
        findCard: (s) => store.findCard(s),
      });
      scans++;
      lastStatus[i] = verdict.status;
      if (verdict.status === 'authentic') lastAuthentic[i] = Date.now();
      await sleep(scanEveryMs);
    }
  };
  const confirm = async () => {
    if (!options.confirmEveryMs) return;
    const reader = new D1Store(db); // the aggregator's own read: no cache
    while (Date.now() < stopAt) {
      const knownAt = Date.now();
      const record = await reader.findCard(card.serial);
      const state: CardState = {
        serial: card.serial,
        revokedAt: record?.revocation?.revokedAt ?? null,
        knownAt,
      };
      for (const store of stores) store.confirmCard(state);
      await sleep(options.confirmEveryMs);
    }
  };

  const running = [...stores.map((_, i) => scan(i)), confirm()];
  await sleep(revokeAfterMs);
  await admin.revokeCard(
    card.serial,
    { reason: 'counterfeit', note: 'revocation lag' },
    new Date(),
  );
  const committedAt = Date.now();
  stopAt = committedAt + watchMs;
  await Promise.all(running);
  const lagsMs = lastAuthentic.map((at, i) =>
    lastStatus[i] === 'authentic' ? watchMs : Math.max(0, at - committedAt),
  );
  return {
    isolates,
    freshMs,
    committedAt,
    lagsMs,
    worstMs: Math.max(0, ...lagsMs),
    stillAuthentic: lastStatus.filter((s) => s === 'authentic').length,
    scans,
    cardReads: stores.reduce((n, s) => n + s.cardReads, 0),
  };
}
