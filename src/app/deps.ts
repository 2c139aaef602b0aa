// What the app is given by its runtime entry: the registry, the trusted keys, and the clock.
import type { Keyring, ScanEvent, Store } from '../core/index.js';

export interface AppDeps {
  store: Store;
  keyring: Keyring;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Where unexpected errors are reported. Never given client data. */
  logError?: (error: unknown) => void;
  /** How many signature outcomes to remember (SignatureMemo); 0 verifies every request afresh. */
  verifyMemo?: number;
  /**
   * Takes a scan to be written later (a ScanBatcher's add). It must return at once: no
   * verification waits for a write.
   */
  recordScan?: (event: ScanEvent) => void;
}
