// The recipient's claim on a card: what the public sees of it, what the registry keeps, and the
// port the claim service writes through (src/store/claim-sql.ts over SQLite and D1).

/** What a verdict shows of a card's claim: never who the holder is, only what she chose. */
export interface PublicClaim {
  /** `active`; `ended` once the card is revoked (the claim is shown, as ended). */
  status: 'active' | 'ended';
  /** ISO 8601 instant. */
  claimedAt: string;
  /** The public name the holder chose, as text; absent when she chose none. */
  handle?: string;
  /** The path of the card's reference photo, when she chose to show it (it names no serial). */
  photo?: string;
}

/** How a claim ended: released by its holder (with a transfer code), or voided by legal. */
export type ClaimEnd = 'released' | 'voided';

/** A claim as the registry keeps it (staff see all of it but the holder secret's hash). */
export interface ClaimRecord {
  /** The claim's id: the first eight characters of its holder secret. */
  id: string;
  serial: string;
  /** 1 for the card's first claim, 2 for the next holder's, and so on (as in the log). */
  number: number;
  /** Unix seconds. */
  claimedAt: number;
  /** Whether it was made with the slip printed at minting or with a transfer code. */
  via: 'slip' | 'transfer';
  handle: string | null;
  showPhoto: boolean;
  /** The random name of the shown photo's URL; null while the photo is not shown. */
  photoId: string | null;
  /** Unix seconds of the last change of what is shown; null if never changed. */
  changedAt: number | null;
  /** Unix seconds; null while the claim stands. */
  endedAt: number | null;
  end: ClaimEnd | null;
  /** Legal's reason for a void, and who voided it. */
  voidReason: string | null;
  voidedBy: string | null;
  /** Its `claimed` entry's index in the public log (claimHistory only); null until placed. */
  logIndex?: number | null;
}

/** A claim code as the registry keeps it: only its salted hash. */
export interface ClaimCodeRecord {
  serial: string;
  via: 'slip' | 'transfer';
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds: claimed with, or replaced (a release hands out a new one); null while it waits. */
  spentAt: number | null;
}

/** A new claim, written with its 0x03 log entry (hex of encodeClaimEntry) in one transaction. */
export interface NewClaim {
  id: string;
  serial: string;
  number: number;
  /** The code it is made with (claimCodeHash): spent in the same transaction. */
  codeHash: string;
  /** holderSecretHash of the holder secret. */
  holderHash: string;
  claimedAt: number;
  handle: string | null;
  showPhoto: boolean;
  photoId: string | null;
  logEntry: Uint8Array;
}

/**
 * The registry's claims. Every write that changes what the public sees carries its log entry and
 * commits with it: a claim is never kept, changed or ended without its public trace.
 */
export interface ClaimStore {
  /** The registry's salt for claim code hashes: made at random on first use, never changed. */
  claimSalt(): Promise<Uint8Array>;
  /** The code with this hash (claimCodeHash), or null. */
  findCode(codeHash: string): Promise<ClaimCodeRecord | null>;
  /** The claim with this id, with its holder secret's hash; null if none. */
  findClaim(id: string): Promise<(ClaimRecord & { holderHash: string }) | null>;
  /** The card's standing claim, or null. */
  currentClaim(serial: string): Promise<ClaimRecord | null>;
  /** Every claim the card had, newest first. */
  claimHistory(serial: string): Promise<ClaimRecord[]>;
  /** The card whose standing claim shows its photo under this name; null if none does now. */
  findShownPhoto(photoId: string): Promise<{ serial: string } | null>;
  /**
   * Spends the code and keeps the claim and its log entry, in one transaction; false (nothing
   * written) when the code was spent meanwhile or the card has a standing claim.
   */
  addClaim(claim: NewClaim): Promise<boolean>;
  /** Changes what the claim shows, with its log entry. False (nothing written) when it had ended. */
  changeClaim(
    id: string,
    change: { handle: string | null; showPhoto: boolean; photoId: string | null; at: number },
    logEntry: Uint8Array,
  ): Promise<boolean>;
  /**
   * Gives a card with no standing claim a new code (legal, for a slip lost before its claim):
   * the code it waited for, if any, is spent. False (nothing written) when a claim stands.
   */
  reissueCode(serial: string, codeHash: string, at: number): Promise<boolean>;
  /**
   * Ends a standing claim with its log entry. A release keeps `transferCodeHash` as the card's
   * new code; a void keeps legal's reason. False (nothing written) when the claim had ended.
   */
  endClaim(
    id: string,
    end: {
      end: ClaimEnd;
      at: number;
      transferCodeHash?: string;
      reason?: string;
      by?: string;
    },
    logEntry: Uint8Array,
  ): Promise<boolean>;
  /**
   * Counts one failed attempt on the card in the window starting at `windowStart` (Unix seconds),
   * forgetting older windows; false (nothing counted) once the window holds `limit` of them.
   */
  takeAttempt(serial: string, windowStart: number, limit: number): Promise<boolean>;
}
