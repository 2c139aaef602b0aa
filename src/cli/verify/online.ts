// `cachet verify` with the network or the registry: a code checked against this machine's keys
// and registry, or by a Cachet server, and the verdict printed; a photo's codes checked, and the
// card in it compared with the card as issued when the house keeps a photo of it.
import { CachetError, MAX_IMAGE_PIXELS, STATUSES } from '../../core/index.js';
import { readImageOnNode } from '../../image/read-image-node.js';
import { nodeCardMatcher } from '../../node/card-matcher.js';
import { imagePool } from '../../node/image-pool.js';
import { compareReports } from '../../services/card-compare.js';
import { createChecker, type CheckSource, type CodeReport } from '../../services/check.js';
import { webCryptoMac } from '../../services/mac.js';
import { memoryDayKeys } from '../../services/scanner-hash.js';
import { openContext } from '../context.js';
import { httpGetJson, httpSendJson } from '../http.js';
import { describeVerdict, reportView } from './verdict-view.js';

/** Checks one code's text: against this machine's keys and registry, or a server's. */
export type CheckCode = (text: string) => Promise<CodeReport>;

/**
 * Checks every code in a photo's bytes (already known to be an image of an accepted size), with
 * `match` on each report whose card the house keeps a photo of.
 */
export type CheckPhoto = (bytes: Uint8Array) => Promise<CodeReport[]>;

/** A checker that asks the Cachet server at `server` (its /api/v1/check). */
export function remoteChecker(server: string): CheckCode {
  const base = server.replace(/\/+$/, '');
  return async (text) => {
    const url = `${base}/api/v1/check?q=${encodeURIComponent(text)}`;
    return readCodeReport(await httpGetJson<unknown>(url), url);
  };
}

/**
 * A photo checker that sends the photo to the Cachet server at `server` (its
 * /api/v1/verify/image): the server reads its codes, checks them, and compares the card by its
 * own references, so a copy is told by the very rule the public's answers use.
 */
export function remotePhotoChecker(server: string): CheckPhoto {
  const url = `${server.replace(/\/+$/, '')}/api/v1/verify/image`;
  return async (bytes) => {
    const answer = await httpSendJson<{ codes?: unknown }>(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    if (!Array.isArray(answer.codes)) {
      throw new CachetError('ERR_URL', `${url} answered 200: not the codes of an image`);
    }
    return answer.codes.map((code) => readCodeReport(code, url));
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
    | {
        status?: unknown;
        card?: unknown;
        warnings?: unknown;
        revocation?: unknown;
        match?: unknown;
      }
    | null
    | undefined;
  const isObject = (value: unknown) => typeof value === 'object' && value !== null;
  const revocation = verdict?.revocation as { revokedAt?: unknown } | null | undefined;
  const shaped =
    isObject(report) &&
    (report!.lookAlike === true || report!.claimSlip === true
      ? typeof report!.host === 'string'
      : isObject(verdict) &&
        (STATUSES as readonly unknown[]).includes(verdict!.status) &&
        Array.isArray(verdict!.warnings) &&
        (verdict!.card == null || isObject(verdict!.card)) &&
        (revocation == null || typeof revocation.revokedAt === 'string') &&
        (verdict!.match == null || isObject(verdict!.match)));
  if (!shaped) throw new CachetError('ERR_URL', `${url} answered 200: not a verdict`);
  return report as CodeReport;
}

/**
 * A checker over this machine's keys and registry; `hosts` are the verify hosts it expects.
 * `photo` reads a photo's codes here and compares the card around each with the reference photo
 * the registry keeps of it, by the public image route's rule (src/services/card-compare.ts).
 */
export async function localChecker(): Promise<{
  check: CheckCode;
  photo: CheckPhoto;
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
    claims: store.claims(),
  });
  const from: CheckSource = { country: '', host: '', scheme: 'https:', client: '', counted: false };
  const check: CheckCode = (text) => checker.code(from, text, 'api');
  // One photo at a time on this thread: nothing else waits on it.
  const cardMatcher = nodeCardMatcher(imagePool({ workers: 0, maxPixels: MAX_IMAGE_PIXELS }));
  const digitsOf = (text: string) => {
    const target = checker.targetOf(from, text);
    return target.kind === 'look-alike' ? text : target.digits;
  };
  const photo: CheckPhoto = async (bytes) => {
    const reports = [];
    for (const text of new Set(await readImageOnNode(bytes))) reports.push(await check(text));
    const sameCode = (a: string, b: string) => a === b || digitsOf(a) === digitsOf(b);
    return compareReports({ store, cardMatcher }, reports, bytes, sameCode);
  };
  return {
    check,
    photo,
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
  if (json)
    console.log(JSON.stringify(report.lookAlike || report.claimSlip ? report : report.verdict));
  else console.log(describeVerdict(view));
  return view.result === 'authentic' ? 0 : 1;
}
