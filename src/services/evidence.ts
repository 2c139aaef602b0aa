// Evidence for one card: what legal puts before a platform or a court. The claims, a fresh
// verification of the token the registry kept, the revocation, the scans and their signals, the
// recipients' claims on it, the audit trail of the card, and a signed receipt of this very check.
import {
  CachetError,
  formatReportRef,
  verifyCard,
  type AdminStore,
  type AuditEntry,
  type ClaimStore,
  type FlagThresholds,
  type Keyring,
  type Principal,
  type ScanHistory,
  type Signer,
  type Store,
} from '../core/index.js';
import { ensure } from './access.js';
import { claimViewOf, type ClaimView } from './claims.js';
import { dataUrl } from './grey-png.js';
import { replaceUntil, viewReference, type ReferenceView } from './references.js';
import { presentVerdict, type PublicVerdict } from './present.js';
import { receiptFor } from './receipts.js';
import { signalsOf, type Signal } from './signals.js';
import { staffVerdict, viewStaffCard, type StaffCardView } from './staff-card.js';

export interface EvidencePorts {
  store: Pick<Store, 'findCard' | 'findBoutique' | 'findAssociate'>;
  admin: Pick<
    AdminStore,
    | 'findStaffCard'
    | 'scanHistory'
    | 'listAudit'
    | 'listReports'
    | 'referenceHistory'
    | 'referencePhoto'
  >;
  /** The recipients' claims; null when the registry keeps none. */
  claims: Pick<ClaimStore, 'claimHistory'> | null;
  /** Days after minting a reference may be recorded or replaced. */
  referenceReplaceDays: number;
  keyring: Keyring;
  receiptSigner: Signer | null;
  widelyScanned: FlagThresholds;
  now: () => Date;
}

/** A report as evidence shows it: what was seen where, and what legal concluded. */
export interface EvidenceReport {
  ref: string;
  receivedAt: string;
  place: string;
  where: string;
  seenOn: string | null;
  details: string;
  /** What the reported code held, and its verdict then. */
  code: string | null;
  verdict: string | null;
  photo: { type: string; bytes: number } | null;
  status: 'open' | 'closed';
  outcome: string | null;
  outcomeNote: string | null;
  closedAt: string | null;
}

/** Most reports one evidence file lists. */
const MAX_EVIDENCE_REPORTS = 200;

export interface Evidence {
  kind: 'cachet-evidence';
  generatedAt: string;
  generatedBy: { id: string; name: string; role: string };
  service: string;
  card: StaffCardView;
  token: string | null;
  /** The token the registry kept, verified again now; null for rows minted before tokens were kept. */
  verdict: PublicVerdict | null;
  scans: ScanHistory;
  signals: { flags: Signal[]; thresholds: FlagThresholds };
  audit: AuditEntry[];
  /** Reports from the public linked to this card, oldest first; the reporters' contacts left out. */
  reports: EvidenceReport[];
  /**
   * The card as issued: its reference photo (as a data URL), its hashes and place in the public
   * log, and the ones it replaced; null when none was recorded.
   */
  reference: {
    current: (ReferenceView & { photo: string }) | null;
    replaceUntil: string;
    history: ReferenceView[];
  } | null;
  /**
   * Every claim the card had, newest first, each with its claim entry's index in the public log;
   * null when the registry keeps no claims.
   */
  claims: ClaimView[] | null;
  /** A compact JWS over this verdict; null when there is no token or no receipt key. */
  receipt: string | null;
  receiptError?: string;
}

/**
 * Gathers the evidence for the card `serial` (hex), once `who` may export it for its boutique.
 * @throws CachetError `ERR_NOT_FOUND` (subject `card`) or `ERR_FORBIDDEN`.
 */
export async function gatherEvidence(
  deps: EvidencePorts,
  serial: string,
  who: Principal,
  origin: string,
): Promise<Evidence> {
  const admin = deps.admin;
  const card = await admin.findStaffCard(serial);
  if (!card) {
    throw new CachetError('ERR_NOT_FOUND', `no card has the serial ${serial}`, { subject: 'card' });
  }
  ensure(who, 'card.evidence', card.boutique);
  const at = deps.now();
  const scans = await admin.scanHistory(serial);
  let verdict: PublicVerdict | null = null;
  let receipt: string | null = null;
  let receiptError: string | undefined;
  if (card.token) {
    const checked = await verifyCard(card.token, {
      keyring: deps.keyring,
      now: at,
      findCard: (s) => deps.store.findCard(s),
    });
    verdict = await presentVerdict(checked, deps.store, null);
    try {
      receipt = await receiptFor(verdict, card.token, at, origin, deps.receiptSigner);
    } catch (error) {
      receiptError = (error as Error).message;
    }
  }
  return {
    kind: 'cachet-evidence',
    generatedAt: at.toISOString(),
    generatedBy: { id: who.id, name: who.name, role: who.role },
    service: origin,
    card: viewStaffCard(card, await staffVerdict(card, deps.keyring, at), who, origin),
    token: card.token,
    verdict,
    scans,
    signals: { flags: signalsOf(scans, deps.widelyScanned), thresholds: deps.widelyScanned },
    audit: await admin.listAudit({ target: serial, limit: 500 }),
    reports: await linkedReports(admin, serial),
    reference: await referenceOf(deps, card),
    claims: deps.claims
      ? (await deps.claims.claimHistory(serial)).map((r) => claimViewOf(r, r.logIndex ?? null))
      : null,
    receipt,
    ...(receiptError !== undefined && { receiptError }),
  };
}

async function referenceOf(
  deps: EvidencePorts,
  card: { serial: string; mintedAt: string },
): Promise<Evidence['reference']> {
  const records = await deps.admin.referenceHistory(card.serial);
  if (records.length === 0) return null;
  const history = records.map(viewReference);
  const current = history[0]!.replacedAt === null ? history[0]! : null;
  const bytes = current && (await deps.admin.referencePhoto(current.id));
  return {
    current: current && bytes ? { ...current, photo: dataUrl(current.type, bytes) } : null,
    replaceUntil: replaceUntil(card, deps.referenceReplaceDays).toISOString(),
    history,
  };
}

async function linkedReports(
  admin: Pick<AdminStore, 'listReports'>,
  serial: string,
): Promise<EvidenceReport[]> {
  const { reports } = await admin.listReports({
    card: serial,
    limit: MAX_EVIDENCE_REPORTS,
    offset: 0,
  });
  return reports.reverse().map((r) => ({
    ref: formatReportRef(r.id),
    receivedAt: r.createdAt,
    place: r.place,
    where: r.where,
    seenOn: r.seenOn,
    details: r.details,
    code: r.code,
    verdict: r.verdict,
    photo: r.photo,
    status: r.status,
    outcome: r.outcome,
    outcomeNote: r.outcomeNote,
    closedAt: r.closedAt,
  }));
}
