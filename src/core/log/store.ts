// What the issuance log needs from where it is kept: the registry's tables on Node (SQLite) and,
// on Workers, D1 for the entries with tiles and checkpoints beside them. Entries are of two
// kinds: a card's issuance (one per card) and its reference photos (any number).

export interface PendingEntry {
  /** Order of arrival. */
  seq: number;
  entry: Uint8Array;
}

export interface LogPosition {
  index: number;
  /** Unix seconds, as the entry says. */
  loggedAt: number;
  entry: Uint8Array;
}

/** A card's reference entry, placed or waiting for its place. */
export interface ReferencePosition {
  index: number | null;
  /** Unix seconds, as the entry says. */
  loggedAt: number;
  entry: Uint8Array;
}

export interface SignedCheckpoint {
  size: number;
  /** The signed note, as served: the log's signature, then any witness cosignatures. */
  note: string;
}

/** One integration, written all at once. */
export interface LogStep {
  placed: { seq: number; index: number }[];
  /** Tiles that grew: every hash they hold, 32 bytes each. */
  tiles: { level: number; index: number; hashes: Uint8Array }[];
  checkpoint: SignedCheckpoint & { signedAt: string };
}

export interface LogStore {
  /** How many entries have their place: the highest index given, plus one. */
  placedSize(): Promise<number>;
  /** Entries not yet given a place, oldest first. */
  pendingEntries(limit: number): Promise<PendingEntry[]>;
  /** The newest signed checkpoint, or null before the first. */
  latestCheckpoint(): Promise<SignedCheckpoint | null>;
  /** A signed checkpoint of this size, if the log signed one. */
  checkpointAt(size: number): Promise<string | null>;
  /** The hashes a tile holds (up to 256 × 32 bytes), or null for a tile not begun. */
  tile(level: number, index: number): Promise<Uint8Array | null>;
  /** The entries at places [start, end), in order. */
  entries(start: number, end: number): Promise<Uint8Array[]>;
  /** Where a card's entry is, or null while it waits (or was never logged). */
  positionOf(serial: string): Promise<LogPosition | null>;
  /** The entry a card was given, placed or not. */
  entryOf(serial: string): Promise<Uint8Array | null>;
  /**
   * The newest reference entry (0x02) recorded for a card, with its place (null while it waits),
   * or null when it has none. An issuance entry is never answered here.
   */
  latestReferenceOf(serial: string): Promise<ReferencePosition | null>;
  /** Writes one integration; all or nothing. */
  commit(step: LogStep): Promise<void>;
  /** Adds witness cosignature lines to the checkpoint of `size`. */
  addCosignatures(size: number, lines: string[]): Promise<void>;
}
