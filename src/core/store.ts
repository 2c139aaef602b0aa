// The registry port: what the app and the minting code need from storage. Adapters live in src/store.
import type { RevocationReason, RevocationRequest } from './revocation.js';
import type { ScanCount, ScanSummary } from './scans.js';
import type { NewReport } from './report.js';

export interface Boutique {
  /** The number tokens carry, 0 to 65535. */
  number: number;
  /** A short code staff type, like PAR-SH. */
  code: string;
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Associate {
  /** The number tokens carry, 0 to 16777215; unique across the brand. */
  number: number;
  /** The boutique number the associate works at. */
  boutique: number;
  displayName: string;
}

export interface Revocation {
  /** When the brand revoked the card (ISO 8601 instant). */
  revokedAt: string;
  /** The public reason, from the fixed list. */
  reason: RevocationReason;
}

/** A registry row as verification sees it. It never holds the client reference. */
export interface CardRecord {
  /** 16 lower-case hex digits. */
  serial: string;
  /** The full kid of the key that signed the card. */
  kid: string;
  /** Days since 2000-01-01 UTC. */
  issued: number;
  boutique: number;
  associate: number;
  occasion: number;
  /** Hex of the 16-byte addressee commitment, or null. */
  addressee: string | null;
  /** When the row was committed (ISO 8601 instant). */
  mintedAt: string;
  revocation: Revocation | null;
  /** The boutique and associate the row names, read in the same look-up for the verdict page. */
  names: { boutique: Boutique; associate: Associate };
  /** Its place in the public issuance log; null while it waits or where no log is kept. */
  log?: { index: number; loggedAt: string } | null;
  /**
   * The token's decimal text, so that a look-up by serial gets the verdict a scan gets; null
   * for rows minted before tokens were kept. Never shown to whoever typed the serial.
   */
  token?: string | null;
}

/** A cited check: the token checked and the signed receipt of its verdict then. */
export interface Citation {
  id: string;
  token: string;
  receipt: string;
  /** ISO 8601 instant. */
  createdAt: string;
}

/** A citation to keep, with what makes it the same as another (one citation per fingerprint). */
export interface NewCitation extends Citation {
  fingerprint: string;
}

/** The revocations as the offline list names them. */
export interface RevocationListing {
  /** Each revoked card's rid (8 bytes) and reason code (1 byte), sorted by rid, as listed. */
  records: Uint8Array;
  count: number;
  /** Revoked cards whose token the registry never kept: they cannot be listed by rid. */
  withoutToken: number;
}

/** A row to insert: the claims, and the brand's opaque CRM reference (private). */
export interface NewCard extends Omit<CardRecord, 'revocation' | 'names' | 'log' | 'token'> {
  clientRef: string | null;
  /** The token's decimal text, kept so that evidence can check the signature again. */
  token?: string | null;
  /** The idempotency key of a batch row or API request: one card per key, ever. */
  mintKey?: string | null;
  /**
   * claimCodeHash of the code on the card's claim slip, kept with the card in the same
   * transaction; absent or null for a card minted without a slip.
   */
  claimCodeHash?: string | null;
}

/** A card found by its idempotency key. */
export interface MintedByKey {
  serial: string;
  /** The token's decimal text; null only for rows minted before tokens were kept. */
  token: string | null;
}

/** The registry. Every method is async so that D1 and SQLite share one interface. */
/** A card's current reference, as the public side of a comparison sees it. */
export interface CardReference {
  serial: string;
  /** The card around its code, in the code's frame (see cardFingerprint). */
  fingerprint: Uint8Array;
  /** Unix seconds. */
  recordedAt: number;
  photoSha256: string;
  fingerprintSha256: string;
}

export interface Store {
  /** The card with this hex serial, without any client data. */
  findCard(serial: string): Promise<CardRecord | null>;
  /**
   * True where `findCard` answers the same object until anything commits, anywhere, and a new
   * one after (SQLite, one process): what is derived from a card's row, its claim and its
   * reference may then be kept with that object. Absent where rows are kept for a time (D1).
   */
  readonly rowsRenewedOnCommit?: true;
  /**
   * Commits the row durably; false (and nothing written) when the serial, or the mint key, is
   * taken.
   */
  insertCard(card: NewCard): Promise<boolean>;
  /**
   * Commits the rows in one transaction. Each answer says whether that row went in: false when
   * its serial or mint key was taken.
   */
  insertCards(cards: NewCard[]): Promise<boolean[]>;
  /** The cards already minted under these idempotency keys. */
  findMinted(keys: string[]): Promise<Map<string, MintedByKey>>;
  /**
   * Revokes a card.
   * @throws CachetError `ERR_NOT_FOUND` or `ERR_ALREADY_REVOKED`.
   */
  revokeCard(serial: string, request: RevocationRequest, at: Date): Promise<Revocation>;

  /** A text that changes whenever a card is revoked: the offline list is rebuilt when it does. */
  revocationStamp(): Promise<string>;
  /** Every revoked card's rid and reason code, sorted by rid, for the offline list. */
  listRevocations(): Promise<RevocationListing>;

  /**
   * Keeps a cited check, unless one with the same fingerprint is kept: answers the one kept.
   * @throws CachetError `ERR_CONFLICT` when the id is taken by another citation.
   */
  addCitation(citation: NewCitation): Promise<Citation>;
  findCitation(id: string): Promise<Citation | null>;
  /** The citation kept under this fingerprint, or null. */
  findCitationByFingerprint(fingerprint: string): Promise<Citation | null>;
  /**
   * Counts one new citation of `network` on `day` (YYYY-MM-DD) unless it has made `limit`
   * already: false then, and nothing counted. The counts of days before `day` are deleted.
   */
  takeCitationQuota(day: string, network: string, limit: number): Promise<boolean>;

  /**
   * Keeps a report of a suspected fake, its photo with it, in one transaction.
   * @throws CachetError `ERR_CONFLICT` when the id is taken.
   */
  addReport(report: NewReport): Promise<void>;

  /**
   * How many reports linked to the card kept a photo at or after `since` (an ISO 8601 time).
   */
  countCardReportPhotos(serial: string, since: string): Promise<number>;

  /**
   * The card's current reference (the photo of the card as issued), as a comparison needs it:
   * its fingerprint and when it was recorded. Never the photo: that is read by staff only.
   */
  findReference(serial: string): Promise<CardReference | null>;

  findBoutique(number: number): Promise<Boutique | null>;
  findBoutiqueByCode(code: string): Promise<Boutique | null>;
  listBoutiques(): Promise<Boutique[]>;
  /** @throws CachetError `ERR_CONFLICT` when the number or code is taken. */
  addBoutique(boutique: Boutique): Promise<void>;

  findAssociate(number: number): Promise<Associate | null>;
  listAssociates(): Promise<Associate[]>;
  /** @throws CachetError `ERR_CONFLICT` or `ERR_NOT_FOUND` (no such boutique). */
  addAssociate(associate: Associate): Promise<void>;

  /** Adds each count to the scans of its serial, minute, channel and country. */
  recordScans(batch: ScanCount[]): Promise<void>;
  /** How often, since when and from how many countries this serial has been checked. */
  summariseScans(serial: string): Promise<ScanSummary>;

  getSetting(name: string): Promise<string | null>;
  setSetting(name: string, value: string): Promise<void>;
}
