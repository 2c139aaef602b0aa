// The registry's consistency check (`cachet registry check`, and its quick form at every start):
// that the registry, the issuance log and the revocation list tell one story. Each problem names
// the check it failed and the card or log entry it concerns, so that an operator knows what to
// restore or re-run, and a monitor can alert on it (--json).
import type { SqlDb } from './sql-db.js';

/** The checks, in the order they run and are reported. */
export const CHECKS = [
  /** SQLite's own integrity check (quick_check in the quick form). */
  'integrity',
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

/** One thing found wrong. */
export interface RegistryProblem {
  check: CheckName;
  /** What it concerns: a card's serial, `log entry 41`, a key id, a table. */
  subject?: string;
  /** One sentence an operator can act on. */
  message: string;
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
  };
}

/** Runs every check (or the quick form) and lists every problem found, never stopping at one. */
export async function checkRegistry(
  _ports: RegistryCheckPorts,
  _options: { quick?: boolean } = {},
): Promise<RegistryReport> {
  throw new Error('checkRegistry: not built yet');
}
