// Verification with no server: the keys, the revocation list and (when at hand) a log proof, all
// as data from a trust bundle. The same steps as the server's up to the signature and the key's
// dates; then the revocation list by rid instead of the registry row. A link is read by the rule
// the server uses (`readCodeTarget`), against the hosts the bundle names.
import { readCodeTargetFor } from './code-target.js';
import { bytesToDigits as toDigits } from './digits.js';
import { isCachetError } from './errors.js';
import { checkLogProof } from './log/card-proof.js';
import { parseVkey } from './log/note.js';
import { revocationId, type RevocationList } from './revocation-list.js';
import type { RevocationReason } from './revocation.js';
import { checkRevocationList, verifyTrustBundle, type TrustBundle } from './trust-bundle.js';
import type { Keyring } from './keys.js';
import {
  checkSignedCard,
  warningsFor,
  type Reason,
  type Verdict,
  type Warning,
} from './verify-card.js';

/**
 * The verdicts a device can reach alone: without the registry there is no `unregistered`; a link
 * to any origin but the brand's is a `look-alike`, as it is online.
 */
export type OfflineStatus =
  'authentic' | 'revoked' | 'forged' | 'unknown-key' | 'malformed' | 'look-alike';

/** What the log check found: the card's place, no proof at hand, or a proof that fails. */
export type LogCheck =
  | { status: 'included'; index: number; loggedAt: number }
  | { status: 'not-checked' }
  | { status: 'invalid'; code: string; message: string };

/** What each stage answered, for people and for test vectors. */
export interface OfflineStages {
  /** `ok`, or the `ERR_TOKEN_*` code. */
  decode: string;
  /** `ok`, `key-id-unknown` or `signature-invalid`; `skipped` after a failed decode. */
  signature: string;
  /** `ok`, `key-not-valid-for-date` or `key-compromised`. */
  keyDates: string;
  /** `ok` or `revoked:<reason>`. */
  revocation: string;
  /** `included`, `not-checked`, or the `ERR_LOG_*` code of a proof that fails. */
  log: string;
}

export interface OfflineVerdict {
  status: OfflineStatus;
  /** For a look-alike: the host it leads to, or `scheme//host` when the scheme is what differs. */
  leadsTo?: string;
  claims?: Verdict['claims'];
  key?: Verdict['key'];
  reason?: Reason;
  /** The public reason of a revoked card. */
  revocation?: { reason: RevocationReason };
  warnings: Warning[];
  /** Always true: this verdict was reached on this device, with the data below. */
  checkedOffline: true;
  /** The revocation list's date (ISO 8601): revocations after it are not known here. */
  revocationsAsOf: string;
  log: LogCheck;
  stages: OfflineStages;
}

/** What a device holds: the checked bundle's keys, its revocation list, a clock, maybe a proof. */
export interface OfflineContext {
  bundle: TrustBundle;
  /** The bundle's keys, imported (`verifyTrustBundle` returns them). */
  keyring: Keyring;
  /** The list the bundle names (`checkRevocationList` returns it). */
  revocations: RevocationList;
  now: Date;
  /** A tlog-proof of this card, when the device has one. */
  logProof?: string | undefined;
}

const SKIPPED = 'skipped';

function stagesOf(verdict: Verdict): OfflineStages {
  const code = verdict.reason?.code ?? '';
  const stages: OfflineStages = {
    decode: 'ok',
    signature: 'ok',
    keyDates: 'ok',
    revocation: SKIPPED,
    log: SKIPPED,
  };
  if (verdict.status === 'malformed') {
    return { ...stages, decode: code, signature: SKIPPED, keyDates: SKIPPED };
  }
  if (verdict.status === 'unknown-key' || code === 'signature-invalid') {
    return { ...stages, signature: code, keyDates: SKIPPED };
  }
  return { ...stages, keyDates: code };
}

/**
 * Verifies a card (its link, its decimal text, or its token bytes) with what a device holds:
 * where a link leads (the brand's origin, or a `look-alike` with no further check) → format → key →
 * signature → key dates → revocation list (by rid) → log proof (when one is given). A log proof
 * that fails never changes the status: it is reported in `log`, since anyone can hand over a
 * broken proof. Expected outcomes are verdicts, never exceptions.
 */
export async function verifyCardOffline(
  input: string | Uint8Array,
  ctx: OfflineContext,
): Promise<OfflineVerdict> {
  const common = {
    checkedOffline: true as const,
    revocationsAsOf: new Date(ctx.revocations.generatedAt * 1000).toISOString(),
    log: { status: 'not-checked' } as LogCheck,
  };
  let card: string | Uint8Array = input;
  if (typeof input === 'string') {
    const target = readCodeTargetFor(input, ctx.bundle);
    if (target.kind === 'look-alike') {
      return {
        status: 'look-alike',
        leadsTo: target.host,
        warnings: [],
        ...common,
        stages: {
          decode: SKIPPED,
          signature: SKIPPED,
          keyDates: SKIPPED,
          revocation: SKIPPED,
          log: SKIPPED,
        },
      };
    }
    card = target.digits;
  }
  const signed = await checkSignedCard(card, ctx.keyring);
  if ('verdict' in signed) {
    const { status, reason, key, claims } = signed.verdict;
    return {
      status: status as OfflineStatus,
      ...(reason && { reason }),
      ...(key && { key }),
      ...(claims && { claims }),
      warnings: [],
      ...common,
      stages: stagesOf(signed.verdict),
    };
  }
  const { token, key } = signed.next;
  const warnings = warningsFor(token.claims, key, ctx.now);
  const log = await checkProof(token.bytes, ctx);
  const stages: OfflineStages = {
    decode: 'ok',
    signature: 'ok',
    keyDates: 'ok',
    revocation: 'ok',
    log: log.status === 'invalid' ? log.code : log.status,
  };
  const base = { claims: token.claims, key, warnings, ...common, log };
  const reason = ctx.revocations.reasonOf(await revocationId(token));
  if (reason) {
    return {
      ...base,
      status: 'revoked',
      revocation: { reason },
      reason: { code: 'revoked', message: `revoked by the brand: ${reason}` },
      stages: { ...stages, revocation: `revoked:${reason}` },
    };
  }
  return { ...base, status: 'authentic', stages };
}

async function checkProof(bytes: Uint8Array, ctx: OfflineContext): Promise<LogCheck> {
  if (!ctx.logProof) return { status: 'not-checked' };
  if (!ctx.bundle.log) {
    return { status: 'invalid', code: 'ERR_LOG_PROOF', message: 'the brand names no log' };
  }
  try {
    const key = await parseVkey(ctx.bundle.log.vkey);
    const proven = await checkLogProof(toDigits(bytes), ctx.logProof, key);
    return { status: 'included', index: proven.index, loggedAt: proven.loggedAt };
  } catch (error) {
    if (!isCachetError(error)) throw error;
    return { status: 'invalid', code: error.code, message: error.message };
  }
}

/** A device's trust, loaded: the checked bundle, its keys and its revocation list. */
export type LoadedTrust = Omit<OfflineContext, 'now' | 'logProof'> & {
  signedBy: string;
  pinned: boolean;
};

/**
 * Checks a trust bundle and the revocation list it names, ready for {@link verifyCardOffline}.
 * @throws CachetError `ERR_TRUST_INVALID`, `ERR_TRUST_STALE` or `ERR_INVALID_ARGUMENT`.
 */
export async function loadTrust(
  bundleJws: string,
  revocationList: Uint8Array,
  options: { now: Date; trusted?: Keyring | undefined },
): Promise<LoadedTrust> {
  const verified = await verifyTrustBundle(bundleJws, options);
  const revocations = await checkRevocationList(revocationList, verified.bundle);
  return { ...verified, revocations };
}
