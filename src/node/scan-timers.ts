// Scans on the Node server: written every CACHET_SCAN_FLUSH_MS (never on a request) and at a clean
// stop, and each UTC day that ends leaves the scan log a second past midnight.
import type { NodeConfig } from '../config.js';
import { ScanWriter } from '../services/scan-writer.js';
import type { SqliteStore } from '../store/sqlite.js';

const DAY_MS = 86_400_000;

/**
 * The scan writer over `store`, with its timers running. Days that ended while the server was
 * down are ended now; each end also empties the WAL. `stop` clears the timers (the caller then
 * flushes what is pending).
 */
export async function startScanWriter(
  store: SqliteStore,
  config: Pick<NodeConfig, 'scanFlushMs'>,
): Promise<{ scans: ScanWriter; stop(): void }> {
  const scans = new ScanWriter({ store, admin: store.admin() }, config.scanFlushMs);
  const flushTimer = setInterval(() => void scans.flush(), scans.flushMs).unref();
  const endScanDays = async () => {
    await scans.endScanDays(new Date());
    store.checkpoint();
  };
  let dayTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(flushTimer);
    clearTimeout(dayTimer);
  };
  try {
    await endScanDays();
  } catch (error) {
    stop();
    throw error;
  }
  const atMidnight = () => {
    const now = Date.now();
    const next = Math.ceil((now + 1) / DAY_MS) * DAY_MS + 1000; // a second past 00:00 UTC
    dayTimer = setTimeout(() => {
      endScanDays().then(atMidnight, (error: unknown) => {
        console.error(`cachet: the scan day could not be ended: ${(error as Error).message}`);
        atMidnight();
      });
    }, next - now).unref();
  };
  atMidnight();
  return { scans, stop };
}
