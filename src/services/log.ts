// The issuance log's use cases, the same on every runtime: the sequencer that gives pending
// entries their place, extends the tiles and signs a checkpoint; proofs for a card (its issuance
// and its reference photo); the tiles
// and entry bundles as served.
import {
  CachetError,
  encodeEntryBundle,
  formatCheckpoint,
  formatTlogProof,
  inclusionProof,
  leafHash,
  memoryReader,
  parseTokenText,
  rootHash,
  signNote,
  tokenLogHash,
  equalBytes,
  toHex,
  TILE_WIDTH,
  openNote,
  tileReader,
  type LogStore,
  consistencyProof,
  decodeReferenceEntry,
  toBase64,
  type NoteKey,
  type NoteSigner,
  type SignedCheckpoint,
} from '../core/index.js';

/** Entries one integration takes at most: a batch of 10,000 cards is logged in one step. */
export const LOG_BATCH = 10_000;

const HASH = 32;

/** The hashes of a tile, one array entry each. */
function split(bytes: Uint8Array | null): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; bytes && at + HASH <= bytes.length; at += HASH) {
    out.push(bytes.subarray(at, at + HASH));
  }
  return out;
}

function join(hashes: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH);
  hashes.forEach((h, i) => out.set(h, i * HASH));
  return out;
}

/** Moved to the core (the registry's check reads tiles too); kept here for its callers. */
export { tileReader };

/** The log's identity: its origin (`<verify host>/log`) and the key that signs its checkpoints. */
export interface LogIdentity {
  origin: string;
  signer: NoteSigner;
}

export class LogSequencer {
  readonly #store: LogStore;
  readonly #log: LogIdentity;
  #running: Promise<number> | undefined;

  constructor(store: LogStore, log: LogIdentity) {
    this.#store = store;
    this.#log = log;
  }

  /**
   * Places the pending entries (up to LOG_BATCH), grows the tiles and signs a checkpoint of the
   * new size; before the first checkpoint, signs the empty tree. One at a time: a call made
   * while one runs waits for it. Resolves to the tree size signed.
   */
  integrate(now: Date): Promise<number> {
    const run = (this.#running ?? Promise.resolve(0))
      .catch(() => 0)
      .then(() => this.#integrate(now));
    this.#running = run;
    return run;
  }

  async #integrate(now: Date): Promise<number> {
    const store = this.#store;
    const latest = await store.latestCheckpoint();
    const before = await store.placedSize();
    // Where a step's writes are not one transaction (Workers: D1 and R2), a step may have placed
    // entries and grown the tiles without signing: sign what is placed before placing more.
    const pending = before > (latest?.size ?? 0) ? [] : await store.pendingEntries(LOG_BATCH);
    if (pending.length === 0 && latest && latest.size === before) return before;

    // The tiles this step touches, read once and grown in memory.
    const tiles = new Map<string, Uint8Array[]>();
    const touched = new Set<string>();
    const hashesOf = async (level: number, index: number) => {
      const key = `${level}/${index}`;
      let hashes = tiles.get(key);
      if (!hashes) tiles.set(key, (hashes = split(await store.tile(level, index))));
      return hashes;
    };
    const append = async (level: number, position: number, hash: Uint8Array): Promise<void> => {
      const index = Math.floor(position / TILE_WIDTH);
      const hashes = await hashesOf(level, index);
      // Hashes past this place were written by a step that stopped before placing its entries:
      // the same entries come next, in the same order, and give the same hashes again.
      if (hashes.length > position % TILE_WIDTH) hashes.length = position % TILE_WIDTH;
      if (hashes.length !== position % TILE_WIDTH) {
        throw new CachetError(
          'ERR_INTERNAL',
          `log tile ${level}/${index} is not where it should be`,
        );
      }
      hashes.push(hash);
      touched.add(`${level}/${index}`);
      // A full tile's head is the next hash of the tile above.
      if (hashes.length === TILE_WIDTH) {
        await append(level + 1, index, await rootHash(TILE_WIDTH, memoryReader(hashes)));
      }
    };
    for (const [i, p] of pending.entries()) await append(0, before + i, await leafHash(p.entry));
    const size = before + pending.length;
    const root = await rootHash(size, tileReader(hashesOf));
    const note = await signNote(formatCheckpoint({ origin: this.#log.origin, size, root }), [
      this.#log.signer,
    ]);
    await store.commit({
      placed: pending.map((p, i) => ({ seq: p.seq, index: before + i })),
      tiles: [...touched].map((key) => {
        const [level, index] = key.split('/').map(Number) as [number, number];
        return { level, index, hashes: join(tiles.get(key)!) };
      }),
      checkpoint: { size, note, signedAt: now.toISOString() },
    });
    return size;
  }
}

/** The hashes a tile holds, over the store. */
const storedTile = (store: LogStore) => async (level: number, index: number) =>
  split(await store.tile(level, index));

/** The tlog-proof of the entry at `index`, within the newest signed checkpoint. */
async function proofAt(store: LogStore, index: number, entry: Uint8Array, what: string) {
  const latest = await store.latestCheckpoint();
  if (!latest || latest.size <= index) {
    throw new CachetError('ERR_NOT_FOUND', `no signed checkpoint covers ${what} yet`);
  }
  const proof = await inclusionProof(index, latest.size, tileReader(storedTile(store)));
  return formatTlogProof({ extra: entry, index, proof, checkpoint: latest.note });
}

/**
 * The c2sp.org/tlog-proof text for a card's token: its issuance entry (as `extra`), its index,
 * the inclusion proof and the newest signed checkpoint.
 * @throws CachetError `ERR_NOT_FOUND` while the card is not in a signed checkpoint.
 */
export async function proofForToken(store: LogStore, token: string): Promise<string> {
  const { bytes, claims } = parseTokenText(token);
  const position = await store.positionOf(toHex(claims.serial));
  // Only the exact token finds its entry: a serial alone proves nothing.
  if (!position || !equalBytes(position.entry.subarray(15), await tokenLogHash(bytes))) {
    throw new CachetError('ERR_NOT_FOUND', 'this card is not in the issuance log (yet)');
  }
  return proofAt(store, position.index, position.entry, 'this card');
}

/**
 * The tlog-proof of a card's current reference photo: its newest reference entry (0x02: only
 * hashes, tied to the card by its token hash), for whoever holds the token.
 * @throws CachetError `ERR_NOT_FOUND` when the card has no reference, or its newest one is not
 * yet in a signed checkpoint.
 */
export async function proofForReference(store: LogStore, token: string): Promise<string> {
  const { bytes, claims } = parseTokenText(token);
  const reference = await store.latestReferenceOf(toHex(claims.serial));
  // As for the issuance entry: only the exact token finds it.
  if (
    !reference ||
    !equalBytes(decodeReferenceEntry(reference.entry).tokenHash, await tokenLogHash(bytes))
  ) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      'the house has recorded no reference photo of this card in its log',
    );
  }
  if (reference.index === null) {
    throw new CachetError(
      'ERR_NOT_FOUND',
      "this card's reference photo is recorded but not yet placed in the log: ask again in a few seconds",
    );
  }
  return proofAt(store, reference.index, reference.entry, "this card's reference photo");
}

/**
 * A tile as served: `width` hashes of a stored tile, or an entry bundle of `width` entries.
 * Null when the log does not have that much yet.
 */
export async function servedTile(
  store: LogStore,
  ref: { level: number | 'entries'; index: number; width: number },
): Promise<Uint8Array | null> {
  if (ref.level === 'entries') {
    const start = ref.index * TILE_WIDTH;
    const entries = await store.entries(start, start + ref.width);
    return entries.length === ref.width ? encodeEntryBundle(entries) : null;
  }
  const hashes = await store.tile(ref.level, ref.index);
  if (!hashes || hashes.length < ref.width * HASH) return null;
  return hashes.slice(0, ref.width * HASH);
}

/** A witness the brand asks to cosign: its verifier key (type 0x04) and submission prefix. */
export interface WitnessTarget {
  key: NoteKey;
  url: string;
}

/** How the log reaches a witness: POST `body` to `url`, the answer's status and text. */
export type WitnessPost = (url: string, body: string) => Promise<{ status: number; body: string }>;

/**
 * Asks each witness to cosign the newest checkpoint, with a consistency proof from the size it
 * last cosigned (learnt from its 409 answer when not known), and keeps the cosignatures that
 * verify under its key. A witness that is down or refuses is skipped until the next checkpoint.
 */
export class Witnessing {
  readonly #store: LogStore;
  readonly #witnesses: WitnessTarget[];
  readonly #post: WitnessPost;
  readonly #cosigned = new Map<string, number>();
  #running: Promise<void> | undefined;

  constructor(store: LogStore, witnesses: WitnessTarget[], post: WitnessPost) {
    this.#store = store;
    this.#witnesses = witnesses;
    this.#post = post;
  }

  /** One round; a call while one runs returns that one. */
  cosign(): Promise<void> {
    this.#running ??= this.#round().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #round(): Promise<void> {
    const latest = await this.#store.latestCheckpoint();
    if (!latest) return;
    const lines: string[] = [];
    for (const witness of this.#witnesses) {
      if (this.#cosigned.get(witness.url) === latest.size) continue;
      try {
        const line = await this.#ask(witness, latest);
        if (line) {
          lines.push(line);
          this.#cosigned.set(witness.url, latest.size);
        }
      } catch {
        // Down, slow or refusing: asked again with the next checkpoint.
      }
    }
    if (lines.length > 0) await this.#store.addCosignatures(latest.size, lines);
  }

  async #ask(witness: WitnessTarget, latest: SignedCheckpoint): Promise<string | null> {
    const endpoint = `${witness.url.replace(/\/+$/, '')}/add-checkpoint`;
    let old = this.#cosigned.get(witness.url) ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      const proof =
        old === 0 || old > latest.size
          ? []
          : await consistencyProof(old, latest.size, tileReader(storedTile(this.#store)));
      const body = `old ${old}\n${proof.map((p) => `${toBase64(p)}\n`).join('')}\n${latest.note}`;
      const res = await this.#post(endpoint, body);
      if (res.status === 409 && /^\d+\n?$/.test(res.body)) {
        old = Number(res.body.trim());
        continue;
      }
      if (res.status !== 200) return null;
      // Kept only if it is the witness's cosignature over this very checkpoint.
      const text = latest.note.slice(0, latest.note.indexOf('\n\n') + 1);
      const line = res.body.split('\n').find((l) => l.startsWith(`— ${witness.key.name} `));
      if (!line) return null;
      await openNote(`${text}\n${line}\n`, [witness.key]);
      return line;
    }
    return null;
  }
}
