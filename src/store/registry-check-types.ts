// The registry check's vocabulary: the checks, a problem, the counts, the report, the ports a
// check reads through and the context each check adds its findings to. Kept apart from the
// checks themselves, which all import it.
import type { Checkpoint, Sha256 } from '../core/index.js';
import type { SqlDb } from './sql-db.js';

/** The checks, in the order they run and are reported. */
export const CHECKS = [
  /** SQLite's own integrity check (quick_check in the quick form). */
  'integrity',
  /**
   * The tables, indexes, triggers and views are those the applied migrations create, as they
   * create them: checked first, and when it fails no other check reads the registry's rows.
   */
  'schema',
  /** Every migration this version knows is applied, and none it does not know. */
  'migrations',
  /** Every log entry has its card, every card registered since the log began has its entry. */
  'log-entries',
  /** The tiles rebuild the root of the latest signed checkpoint, and its signature holds. */
  'log-root',
  /** The revocation list (rid per revocation) matches the revocations. */
  'revocation-list',
  /** Scans fold as designed: per-day counts agree, no scanner hash outlives its day's key. */
  'scans',
  /** Every key in the JWK Set has its private half where the registry expects one. */
  'keys',
] as const;

export type CheckName = (typeof CHECKS)[number];

/** The checks the quick form (at every start) runs: each reads a few rows or an index. */
export const QUICK_CHECKS: readonly CheckName[] = [
  'integrity',
  'schema',
  'migrations',
  'log-entries',
  'log-root',
  'keys',
];

/** The checks whose failure stops a start: the file or the log is not what was written. */
export const FATAL_CHECKS: readonly CheckName[] = ['integrity', 'schema', 'log-root'];

/** One thing found wrong. */
export interface RegistryProblem {
  check: CheckName;
  /** What it concerns: a card's serial, `log entry 41`, a key id, a table. */
  subject?: string;
  /** One sentence an operator can act on. */
  message: string;
  /**
   * The file could not be read (an I/O error, a full disk): not damage to it, so no restore is
   * advised; the check is to be run again once the disk answers.
   */
  unreadable?: true;
}

/** What a registry holds, as a backup's manifest records it and restore compares it. */
export interface RegistryCounts {
  cards: number;
  revocations: number;
  boutiques: number;
  associates: number;
  logEntries: number;
  reports: number;
  claims: number;
  staff: number;
}

/** The outcome of a check: clean when `problems` is empty. */
export interface RegistryReport {
  /** The quick form (at start): SQLite's quick_check and the cheap cross-checks only. */
  quick: boolean;
  counts: RegistryCounts;
  /** The log as the registry holds it: size and root (base64) of the latest checkpoint. */
  log: { size: number; root: string | null };
  /** Each check that ran, in CHECKS order. */
  checked: CheckName[];
  problems: RegistryProblem[];
  /**
   * What is as designed but asks for an operator's step: cards registered before the log began
   * (`cachet log backfill` gives them their entries). Never makes the registry unclean.
   */
  notes: RegistryProblem[];
}

/** What the check reads: the registry's SQL, and what only the host can say. */
export interface RegistryCheckPorts {
  sql: SqlDb;
  /** SQLite's integrity_check (or quick_check) lines; ['ok'] when clean. */
  integrity(quick: boolean): Promise<string[]>;
  /**
   * The keys as this machine holds them: the public JWK Set, which private halves are present
   * (by kid; `log` for the log key), and the log's verifier key. Absent on a bare registry file.
   */
  keys?: {
    jwks: { keys: { kid: string; [name: string]: unknown }[] };
    privateKids: ReadonlySet<string>;
    logVkey: string | null;
    /** The log key's raw public key, when its file is here: checkpoints must be signed by it. */
    logPublicKey?: Uint8Array | null;
    /** Keys whose private half comes from elsewhere (CACHET_SIGNING_KEY, CACHET_RECEIPT_KEY). */
    suppliedKids?: ReadonlySet<string>;
  };
  /** The migrations this version knows, by file name (default: src/store/migrations). */
  migrations?: readonly string[];
  /** SHA-256, however the host computes it fastest (default: WebCrypto). */
  sha256?: Sha256;
  /** Called now and then on a long check: what it is at, and how far (0 to 1). */
  onProgress?(check: CheckName, done: number, total: number): void;
}

/** The latest signed checkpoint as kept, parsed; null before the first (or when unreadable). */
export interface KeptCheckpoint {
  size: number;
  note: string;
  checkpoint: Checkpoint;
}

/** What each check gets: the ports, the form, and where it adds what it finds. */
export interface CheckContext {
  ports: RegistryCheckPorts;
  quick: boolean;
  /** Whether the schema is Cachet's: when not, only the integrity pragma reads the file. */
  trusted: boolean;
  /** The newest signed checkpoint, read once for every check. */
  latest: KeptCheckpoint | null;
  /** What one check finds for another: the log-root check sees which key signed. */
  shared: { logKeyMismatch: string[] };
  problem(subject: string | undefined, message: string, options?: { unreadable?: boolean }): void;
  note(subject: string | undefined, message: string): void;
}

/** Problems of one kind listed one by one up to this many; the rest are counted in one line. */
export const LISTED_PER_KIND = 50;
