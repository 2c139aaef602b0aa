// Checking a card, the use case the public routes and `cachet verify` share: a token, a code read
// from an image or pasted, a serial. Each check of a code records a scan off the request path and
// reports how often the card was checked before; a serial gets the verdict its code would.
import {
  BoundedMap,
  CachetError,
  cardSchemes,
  parseSerial,
  readCodeTarget,
  scanMinute,
  SignatureMemo,
  toHex,
  verifyCard,
  verifyRecord,
  type CardRecord,
  type ClaimStore,
  type FlagThresholds,
  type Keyring,
  type ScanChannel,
  type ScanEvent,
  type ScanSummary,
  type Store,
  type Verdict,
  type Warning,
} from '../core/index.js';
import { publicClaimOf } from './claims.js';
import type { Mac } from './mac.js';
import { ScanSummaries } from './scan-summaries.js';
import { ScannerHasher, type DayKeySource } from './scanner-hash.js';
import { presentSerial, presentVerdict, type PublicVerdict, type SerialAnswer } from './present.js';

/** What one code (from an image, the camera or a paste) turned out to be. */
export interface CodeReport {
  /** The code's text as read, cut to 512 characters. */
  text: string;
  /** The host the code leads to, or null for bare digits. */
  host: string | null;
  /** True when the code leads anywhere but the brand's verify hosts: no verdict is given. */
  lookAlike: boolean;
  verdict: PublicVerdict | null;
  /**
   * True when the code is a card's claim slip (a link to the brand's own `/claim`): it says
   * nothing about any card, and is not counted as a check. No verdict then.
   */
  claimSlip?: true;
}

/**
 * The claim code a link to the brand's claim page carries (`/claim?code=…`), or null for any
 * other text. Only for a link whose origin is already known to be the brand's.
 */
export function claimLinkCode(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  return /^\/claim\/?$/i.test(url.pathname) ? (url.searchParams.get('code') ?? '') : null;
}

/** Where a check comes from, as far as it matters: never the address or the device. */
export interface CheckSource {
  /** ISO 3166-1 alpha-2 from the platform (never a header the client can set), or ''. */
  country: string;
  /** The host the request came to (the verify host when none is configured). */
  host: string;
  /** The scheme the request came with (`https:`), the verify scheme when none is configured. */
  scheme: string;
  /** The client's address: hashed (by network) into the distinct-scanner hash, never kept. */
  client: string;
  /**
   * False for a check a page elsewhere made the browser load (an image or a frame of another
   * site): it is answered, but not counted as a scan.
   */
  counted: boolean;
}

export type Checker = ReturnType<typeof createChecker>;

/** A token's answer as the JSON API sends it, with what it was made from. */
export interface AnswerText {
  status: PublicVerdict['status'];
  /** The answer's JSON text. */
  text: string;
  scans: ScanSummary | null;
  /** The answer's warnings, joined. */
  warnings: string;
}

/** A token's verdict, the scans before it, and every warning its answer carries. */
interface Judged {
  verdict: Verdict;
  scans: ScanSummary | null;
  warnings: Warning[];
}

/** What a checker needs: the registry, the keys, and where counted scans go. */
export interface CheckerDeps {
  store: Store;
  keyring: Keyring;
  now: () => Date;
  /** Signature outcomes remembered; 0: none. */
  verifyMemo: number;
  /** Takes each counted scan (batched by the caller); a no-op where checks are not counted. */
  recordScan: (event: ScanEvent) => void;
  widelyScanned: FlagThresholds;
  /**
   * The origin genuine cards point to (CACHET_PUBLIC_URL): its scheme is accepted beside
   * `https:`. '' for the origin each request came to.
   */
  origin: string;
  /** The hosts genuine cards point to; empty: the host each request came to. */
  verifyHosts: string[];
  scannerKeys: DayKeySource;
  mac: Mac;
  /** Whether this server keeps an issuance log: then a card missing from it is said to be. */
  keepsLog?: boolean;
  /** The recipients' claims: a registered card's verdict carries its standing claim. */
  claims?: ClaimStore | null;
}

/** How long a new card may wait for its place in the log before a verdict says it is missing. */
export const LOG_GRACE_MS = 5 * 60_000;

/** The checks of the public routes and of `cachet verify`, over one registry and keyring. */
export function createChecker(deps: CheckerDeps) {
  const { store, keyring, now, verifyMemo, recordScan, widelyScanned } = deps;
  // The memo belongs to this keyring: the app's keyring never changes while it runs.
  const memo = new SignatureMemo(verifyMemo);
  const findCard = (serial: string) => store.findCard(serial);
  const summaries = new ScanSummaries(store);
  const scanners = new ScannerHasher(deps.scannerKeys, deps.mac);
  // Cards known to have a reference: one never goes away (it is only ever replaced), so a card
  // found once is not looked up again, and a widely scanned card costs no read of its fingerprint.
  const withReference = new BoundedMap<string, true>(10_000);
  /** Whether the house keeps a photo of this card (hex serial) as issued. */
  const referenceKept = async (serial: string) => {
    if (withReference.has(serial)) return true;
    if (!(await store.findReference(serial))) return false;
    withReference.set(serial, true);
    return true;
  };

  const claims = deps.claims ?? null;
  /** What a registered card's verdict adds: its reference kept, and its standing claim. */
  const cardExtras = async (
    card: CardRecord,
    answer: { reference?: { kept: true }; claim?: PublicVerdict['claim'] },
  ) => {
    const [kept, claim] = await Promise.all([
      referenceKept(card.serial),
      claims ? publicClaimOf({ claims }, card) : null,
    ]);
    if (kept) answer.reference = { kept: true };
    if (claim) answer.claim = claim;
  };

  /**
   * Reads the checks before this one, then counts this one (later, off the request path): the
   * count a reader is shown never includes their own check.
   */
  const noteScan = async (from: CheckSource, serial: string, channel: ScanChannel, at: Date) => {
    const before = summaries.get(serial, at.getTime());
    if (from.counted) {
      const hashed = scanners.hash(at, from.client, serial);
      const scanner = typeof hashed === 'string' ? hashed : await hashed;
      recordScan({ serial, minute: scanMinute(at), channel, country: from.country, scanner });
    }
    return before;
  };
  /** The warnings that come from the scans and the log, which verification itself never reads. */
  const signalWarnings = (scans: ScanSummary | null, record: CardRecord | undefined, at: Date) => {
    const warnings: Warning[] = [];
    const widely =
      scans &&
      (scans.peakScanners >= widelyScanned.scannersPerDay ||
        scans.countries >= widelyScanned.countries);
    if (widely) warnings.push('widely-scanned');
    if (deps.keepsLog && record && !record.log) {
      if (at.getTime() - Date.parse(record.mintedAt) > LOG_GRACE_MS) warnings.push('not-logged');
    }
    return warnings;
  };

  /** The verify hosts for this request: the configured ones, or else the host it came to. */
  const expectedHosts = (from: CheckSource): string[] =>
    deps.verifyHosts.length > 0 ? deps.verifyHosts : [from.host];
  /** `https:`, and the scheme of the configured origin (or of this request, when none is). */
  const expectedSchemes = (from: CheckSource) => cardSchemes(deps.origin || from.scheme);
  /** Where a code leads: a token of the brand's, or a look-alike. */
  const targetOf = (from: CheckSource, text: string) =>
    readCodeTarget(text, expectedHosts(from), expectedSchemes(from));

  /** The verdict of a token now, its scan noted, with every warning it carries. */
  async function judge(from: CheckSource, digits: string, channel: ScanChannel) {
    const at = now();
    const verdict = await verifyCard(digits, { keyring, now: at, findCard, memo });
    // Only a signature that held names a real serial.
    const scans = verdict.claims
      ? await noteScan(from, toHex(verdict.claims.serial), channel, at)
      : null;
    const warnings = [...verdict.warnings, ...signalWarnings(scans, verdict.record, at)];
    return { verdict, scans, warnings };
  }

  /** The public answer for a judged token: its names, and a registered card's extras. */
  async function answerOf({ verdict, scans, warnings }: Judged): Promise<PublicVerdict> {
    const answer = await presentVerdict(verdict, store, scans);
    answer.warnings = warnings;
    if (verdict.record) await cardExtras(verdict.record, answer);
    return answer;
  }

  async function token(
    from: CheckSource,
    digits: string,
    channel: ScanChannel,
  ): Promise<PublicVerdict> {
    return answerOf(await judge(from, digits, channel));
  }

  // A registered card's answer as JSON text, kept with the row it was made from where the store
  // renews a row on every commit: a card scanned again is neither presented nor serialised again
  // while its row, its scan summary and its warnings stay the same.
  const texts = store.rowsRenewedOnCommit ? new WeakMap<CardRecord, AnswerText>() : null;

  /**
   * The answer to a token as the JSON API sends it: the same checks, scan and answer as
   * {@link token}, its text made once per card row, scan summary and warnings, and reused.
   */
  async function tokenText(
    from: CheckSource,
    digits: string,
    channel: ScanChannel,
  ): Promise<AnswerText> {
    const judged = await judge(from, digits, channel);
    const { record, status } = judged.verdict;
    const warnings = judged.warnings.join();
    const kept = record && texts?.get(record);
    if (
      kept &&
      kept.status === status &&
      kept.scans === judged.scans &&
      kept.warnings === warnings
    ) {
      return kept;
    }
    const answer = await answerOf(judged);
    const made = { status, text: JSON.stringify(answer), scans: judged.scans, warnings };
    if (record) texts?.set(record, made);
    return made;
  }

  /**
   * Whether the house keeps a photo as issued of the card a code leads to: what the start page
   * asks before it sends a photo to be compared. Not counted as a check; nothing else is said.
   */
  async function referenceOf(from: CheckSource, text: string): Promise<boolean> {
    const target = targetOf(from, text);
    if (target.kind === 'look-alike') return false;
    const verdict = await verifyCard(target.digits, { keyring, now: now(), findCard, memo });
    return verdict.record ? referenceKept(verdict.record.serial) : false;
  }

  async function code(from: CheckSource, text: string, channel: ScanChannel): Promise<CodeReport> {
    const target = targetOf(from, text);
    const shown = text.slice(0, 512);
    if (target.kind === 'look-alike') {
      return { text: shown, host: target.host, lookAlike: true, verdict: null };
    }
    if (target.host !== null && claimLinkCode(text) !== null) {
      return { text: shown, host: target.host, lookAlike: false, verdict: null, claimSlip: true };
    }
    const verdict = await token(from, target.digits, channel);
    return { text: shown, host: target.host, lookAlike: false, verdict };
  }

  /**
   * The card with a typed serial, and the verdict a scan of its code gets now (from the token
   * the registry kept). A look-up by serial is not counted as a check of the card.
   * @throws CachetError `ERR_SERIAL_TEXT` (not a serial) or `ERR_SERIAL_UNKNOWN`.
   */
  async function serial(text: string): Promise<SerialAnswer> {
    const hex = toHex(parseSerial(text));
    const record = await store.findCard(hex);
    if (!record) {
      throw new CachetError('ERR_SERIAL_UNKNOWN', `the registry has no card with serial ${text}`);
    }
    const at = now();
    const scans = await summaries.get(hex, at.getTime());
    const verdict = await verifyRecord(record, { keyring, now: at, memo });
    const answer = presentSerial(record, verdict, scans);
    answer.warnings.push(...signalWarnings(scans, record, at));
    await cardExtras(record, answer);
    return answer;
  }

  return {
    token,
    tokenText,
    code,
    serial,
    referenceKept: referenceOf,
    expectedHosts,
    targetOf,
  };
}
