// The registry as staff see it: staff and their keys, the audit log, card search and history,
// the scan signals legal watches, and the day keys of the distinct-scanner hash.
import type { Role } from './staff.js';
import type { IssuedCount } from './key-impact.js';
import type { CardRecord } from './store.js';
import type { Report, ReportOutcome, ReportQuery } from './report.js';

export interface StaffMember {
  id: string;
  name: string;
  role: Role;
  boutique: number | null;
  createdAt: string;
  disabledAt: string | null;
  /** True when the member signs in with an API key. */
  hasKey: boolean;
}

export interface NewStaffMember {
  id: string;
  name: string;
  role: Role;
  boutique: number | null;
  /** SHA-256 (hex) of the API key. */
  keyHash: string;
}

/** An identity-provider sign-in the brand cut off: its tokens are refused at once. */
export interface DisabledIdentity {
  /** The token's `iss`, as the provider writes it. */
  issuer: string;
  /** The token's `sub`. */
  subject: string;
  disabledAt: string;
  /** Who disabled it: a staff id, `oidc:<subject>` or `cli:<user>`. */
  disabledBy: string;
}

/** An identity-provider sign-in: the issuer and subject its tokens carry. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  outcome: number;
  detail: string;
}

/** A card as staff see it: the public row, the private reference, the token and the note. */
export interface StaffCard extends CardRecord {
  clientRef: string | null;
  token: string | null;
  revocationNote: { note: string; by: string } | null;
}

export interface CardQuery {
  boutique?: number | undefined;
  /** Days since 2000-01-01, inclusive. */
  fromDay?: number | undefined;
  toDay?: number | undefined;
  status?: 'authentic' | 'revoked' | undefined;
  /** 16 hex digits, or a prefix of them. */
  serialPrefix?: string | undefined;
  limit: number;
  offset: number;
}

/** A card's checks, day by day, and what stands out in them. */
export interface ScanHistory {
  total: number;
  days: { day: string; scans: number; scanners: number; countries: number }[];
  countries: { country: string; scans: number }[];
  channels: { channel: string; scans: number }[];
  /** Checks dated before the card's issue date: a copy made from a leaked token. */
  beforeIssue: number;
  /** Checks since the card was revoked. */
  afterRevocation: number;
}

/** The thresholds past which a card is flagged (and warned about in public). */
export interface FlagThresholds {
  /** Distinct scanners on one UTC day. */
  scannersPerDay: number;
  /** Distinct countries over the card's life. */
  countries: number;
}

export interface FlaggedCard {
  serial: string;
  boutique: number | null;
  issued: number | null;
  revoked: boolean;
  peakScanners: number;
  countries: number;
  beforeIssue: number;
  afterRevocation: number;
  total: number;
  lastScan: string;
  reasons: ('scanners-per-day' | 'countries' | 'before-issue' | 'after-revocation')[];
}

/** A reference photo to keep, with the log entry that commits to it (0x02, hex). */
export interface NewReference {
  serial: string;
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  /** The photo as kept: its metadata stripped. */
  photo: Uint8Array;
  /** The card around its code, in the code's frame (see cardFingerprint). */
  fingerprint: Uint8Array;
  photoSha256: string;
  fingerprintSha256: string;
  /** Unix seconds. */
  recordedAt: number;
  /** The staff member or CLI operator who recorded it. */
  recordedBy: string;
  /** The bytes of its log entry (encodeReferenceEntry), written in the same transaction. */
  logEntry: Uint8Array;
}

/** One reference photo a card had, as staff see it (never its bytes). */
export interface ReferenceRecord {
  id: number;
  serial: string;
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  photoBytes: number;
  photoSha256: string;
  fingerprintSha256: string;
  /** Unix seconds. */
  recordedAt: number;
  recordedBy: string;
  /** Unix seconds, when a newer photo took its place; null for the current one. */
  replacedAt: number | null;
  /** Its log entry's place in the public log; null while it waits or where no log is kept. */
  logIndex: number | null;
}

export interface AdminStore {
  /** @throws CachetError `ERR_CONFLICT` (the key hash is taken) or `ERR_NOT_FOUND` (boutique). */
  addStaff(member: NewStaffMember, at: Date): Promise<void>;
  /** The active member whose API key hashes to `keyHash`. */
  findStaffByKey(keyHash: string): Promise<StaffMember | null>;
  listStaff(): Promise<StaffMember[]>;
  /** @throws CachetError `ERR_NOT_FOUND`. */
  disableStaff(id: string, at: Date): Promise<void>;
  /** @throws CachetError `ERR_CONFLICT` when the identity is disabled already. */
  disableIdentity(identity: OidcIdentity, at: Date, by: string): Promise<DisabledIdentity>;
  /** @throws CachetError `ERR_NOT_FOUND` when the identity is not disabled. */
  enableIdentity(identity: OidcIdentity): Promise<void>;
  /** The identity's row when it is disabled; null when it may sign in. */
  findDisabledIdentity(identity: OidcIdentity): Promise<DisabledIdentity | null>;
  /** Every disabled identity, the oldest first. */
  listDisabledIdentities(): Promise<DisabledIdentity[]>;

  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: { target?: string | undefined; limit: number }): Promise<AuditEntry[]>;

  searchCards(query: CardQuery): Promise<{ cards: StaffCard[]; total: number }>;
  findStaffCard(serial: string): Promise<StaffCard | null>;
  scanHistory(serial: string): Promise<ScanHistory>;
  flaggedCards(thresholds: FlagThresholds, limit: number): Promise<FlaggedCard[]>;
  /**
   * Ends every UTC day before `today` (YYYY-MM-DD) for the scan log: per-scanner rows fold into
   * per-day counts and the day keys are deleted.
   */
  endScanDays(today: string): Promise<void>;
  /** Registered cards counted by signing key and issue day (revoked ones included). */
  countCardsByKeyAndDay(): Promise<IssuedCount[]>;

  /**
   * The distinct-scanner key of `day` (YYYY-MM-DD): made at random on first use, the same for
   * every process that asks that day. Keys of every other day are deleted on the way.
   */
  scannerKey(day: string): Promise<Uint8Array<ArrayBuffer>>;

  /**
   * Keeps a reference photo of a card as issued, its fingerprint and its 0x02 log entry in one
   * transaction; the card's current reference, if any, is marked replaced.
   */
  recordReference(reference: NewReference): Promise<ReferenceRecord>;
  /** Every reference the card had, the current one first, then the replaced ones, newest first. */
  referenceHistory(serial: string): Promise<ReferenceRecord[]>;
  /** A reference photo's bytes as kept (metadata stripped); null if none. */
  referencePhoto(id: number): Promise<Uint8Array<ArrayBuffer> | null>;

  /** Reports of suspected fakes, newest first. */
  listReports(query: ReportQuery): Promise<{ reports: Report[]; total: number }>;
  findReport(id: string): Promise<Report | null>;
  /** A report's photo as it was kept (metadata stripped; its type is the report's); null if none. */
  reportPhoto(id: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** @throws CachetError `ERR_NOT_FOUND` (no such report, or no such card). */
  linkReport(id: string, cardSerial: string, by: string): Promise<void>;
  /** @throws CachetError `ERR_NOT_FOUND` or `ERR_CONFLICT` (closed already). */
  closeReport(
    id: string,
    close: { outcome: ReportOutcome; note: string | null; by: string; at: string },
  ): Promise<void>;
}
