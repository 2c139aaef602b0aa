// `cachet verify` with the network or the registry: a code checked against this machine's keys
// and registry, or by a Cachet server, and the verdict printed.
import { CachetError, STATUSES } from '../../core/index.js';
import { createChecker, type CodeReport } from '../../services/check.js';
import { webCryptoMac } from '../../services/mac.js';
import { memoryDayKeys } from '../../services/scanner-hash.js';
import { openContext } from '../context.js';
import { httpGetJson } from '../http.js';
import { describeVerdict, reportView } from './verdict-view.js';

/** Checks one code's text: against this machine's keys and registry, or a server's. */
export type CheckCode = (text: string) => Promise<CodeReport>;

/** A checker that asks the Cachet server at `server` (its /api/v1/check). */
export function remoteChecker(server: string): CheckCode {
  const base = server.replace(/\/+$/, '');
  return async (text) => {
    const url = `${base}/api/v1/check?q=${encodeURIComponent(text)}`;
    return readCodeReport(await httpGetJson<unknown>(url), url);
  };
}

/**
 * A server's answer, taken as a report only when it has a report's shape: a look-alike with its
 * host, or a verdict with a known status and its warnings (a card and a revocation, when it has
 * them, shaped as the rows read them).
 * @throws CachetError `ERR_URL` naming the URL, for anything else (`null`, `{}`, an error page).
 */
function readCodeReport(answer: unknown, url: string): CodeReport {
  const report = answer as Partial<CodeReport> | null;
  const verdict = report?.verdict as
    | { status?: unknown; card?: unknown; warnings?: unknown; revocation?: unknown }
    | null
    | undefined;
  const isObject = (value: unknown) => typeof value === 'object' && value !== null;
  const revocation = verdict?.revocation as { revokedAt?: unknown } | null | undefined;
  const shaped =
    isObject(report) &&
    (report!.lookAlike === true
      ? typeof report!.host === 'string'
      : isObject(verdict) &&
        (STATUSES as readonly unknown[]).includes(verdict!.status) &&
        Array.isArray(verdict!.warnings) &&
        (verdict!.card == null || isObject(verdict!.card)) &&
        (revocation == null || typeof revocation.revokedAt === 'string'));
  if (!shaped) throw new CachetError('ERR_URL', `${url} answered 200: not a verdict`);
  return report as CodeReport;
}

/** A checker over this machine's keys and registry; `hosts` are the verify hosts it expects. */
export async function localChecker(): Promise<{
  check: CheckCode;
  hosts: string[];
  close(): void;
}> {
  const { config, store, keyring } = await openContext({ needRegistry: true });
  // Staff checks from the command line are not public scans: nothing is recorded.
  const checker = createChecker({
    store,
    keyring,
    now: () => new Date(),
    verifyMemo: 0,
    recordScan: () => {},
    widelyScanned: config.widelyScanned,
    origin: config.origin,
    verifyHosts: config.verifyHosts,
    scannerKeys: memoryDayKeys(),
    mac: webCryptoMac(),
  });
  return {
    check: (text) =>
      checker.code(
        { country: '', host: '', scheme: 'https:', client: '', counted: false },
        text,
        'api',
      ),
    hosts: config.verifyHosts,
    close: () => store.close(),
  };
}

/**
 * Checks one code and prints its verdict (the report as JSON with `json`).
 * @param expected The hosts a look-alike is said to differ from.
 * @returns 0 when authentic, 1 otherwise.
 */
export async function verifyCode(
  text: string,
  check: CheckCode,
  expected: string,
  json: boolean | undefined,
): Promise<number> {
  const report = await check(text);
  const view = reportView(report, expected);
  if (json) console.log(JSON.stringify(report.lookAlike ? report : report.verdict));
  else console.log(describeVerdict(view));
  return view.result === 'authentic' ? 0 : 1;
}
