// What `cachet verify` says of a verdict, whichever mode reached it (a server's or this
// machine's report on a code, an image's codes, a check with no network): one view of it,
// written as labelled rows under the status, or as the cells of a table row.
import {
  dayToDate,
  formatSerial,
  occasionName,
  type CardMatch,
  type OfflineVerdict,
  type PublicClaim,
} from '../../core/index.js';
import type { CodeReport } from '../../services/check.js';
import { rows } from '../args.js';

/** One verdict as the CLI shows it. */
export interface VerdictView {
  /** The one word: the verdict's status, or look-alike. */
  result: string;
  card?: {
    /** In words: a name and place online, a number offline; unknown when not found. */
    boutique?: string | undefined;
    boutiqueCode?: string | undefined;
    issued: string;
    associate?: string | undefined;
    occasion: string;
    serial: string;
  };
  revoked?: string | undefined;
  reason?: string | undefined;
  key?: string | undefined;
  log?: string | undefined;
  checks?: string | undefined;
  warnings: string[];
  /** Whether the card in a photo is the card as issued, when the house keeps a photo of it. */
  match?: CardMatch['result'] | undefined;
  /** The recipient's claim, as the verdict shows it, in one line. */
  claim?: string | undefined;
  /** A look-alike: the host it leads to, the hosts expected, and the code as read. */
  lookAlike?: { leadsTo: string; expected: string; code?: string };
  /** Said last: how the check was made. */
  context?: [string, string][];
}

/** The view of a report on one code (from this machine's registry or a server's). */
export function reportView(report: CodeReport, expected: string): VerdictView {
  if (report.lookAlike) {
    const lookAlike = { leadsTo: report.host ?? '', expected, code: report.text };
    return { result: 'look-alike', warnings: [], lookAlike };
  }
  if (report.claimSlip) {
    return {
      result: 'claim-slip',
      warnings: [],
      context: [
        ['note', 'the slip that comes with a card for its recipient to claim it, not a card'],
        ['claim', report.text],
      ],
    };
  }
  const v = report.verdict!;
  const b = v.card?.boutique;
  return {
    result: v.status,
    ...(v.card && {
      card: {
        boutique: b ? `${b.name}, ${b.city} (${b.country})` : undefined,
        boutiqueCode: b?.code,
        issued: v.card.issued,
        associate: v.card.associate?.displayName,
        occasion: v.card.occasion,
        serial: v.card.serialText,
      },
    }),
    revoked: v.revocation
      ? `${v.revocation.revokedAt.slice(0, 10)}: ${v.revocation.reason}`
      : undefined,
    reason: v.reason?.message,
    key: v.key
      ? `${v.key.kid} (${v.key.status}${v.key.development ? ', DEVELOPMENT' : ''})`
      : undefined,
    checks: v.scans
      ? `${v.scans.count}${v.scans.since ? ` since ${v.scans.since}` : ''}`
      : undefined,
    warnings: v.warnings,
    match: v.match?.result,
    claim: v.claim ? claimLine(v.claim) : undefined,
  };
}

/** A card's claim by its recipient, in one line: when, and what she chose to show. */
export function claimLine(claim: PublicClaim): string {
  const shown = [
    claim.handle !== undefined ? `under the name ${JSON.stringify(claim.handle)}` : '',
    claim.photo !== undefined ? 'with the photo as issued shown' : '',
  ].filter(Boolean);
  return `${claim.status === 'ended' ? 'ENDED (the card is revoked): ' : ''}claimed by its recipient on ${claim.claimedAt.slice(0, 10)}${shown.length ? `, ${shown.join(', ')}` : ''}`;
}

/** What the comparison of the card in a photo with the card as issued means, in one line. */
export function matchLine(match: CardMatch['result']): string {
  if (match === 'same-card') return 'the card in this photo is the card the house issued';
  if (match === 'different-card') {
    return 'WARNING: this code is genuine, but the card in this photo is not the one it was issued on: a copy';
  }
  return 'this photo shows too little of the card to compare it with the card as issued (photograph the whole card, flat and in good light)';
}

/** The view of a check made with no network; `context` says how it was made. */
export function offlineView(
  v: OfflineVerdict,
  expected: string,
  context: [string, string][],
): VerdictView {
  if (v.leadsTo !== undefined) {
    return { result: 'look-alike', warnings: [], lookAlike: { leadsTo: v.leadsTo, expected } };
  }
  const claims = v.claims;
  const log = v.log;
  return {
    result: v.status,
    ...(claims && {
      card: {
        boutique: `number ${claims.boutique} (names are on the brand's page)`,
        issued: dayToDate(claims.issued),
        associate: `number ${claims.associate}`,
        occasion: occasionName(claims.occasion) ?? String(claims.occasion),
        serial: formatSerial(claims.serial),
      },
    }),
    revoked: v.revocation?.reason,
    reason: v.reason?.message,
    key: v.key && `${v.key.kid} (${v.key.status})`,
    log:
      log.status === 'included'
        ? `entry ${log.index}, logged ${new Date(log.loggedAt * 1000).toISOString()}`
        : log.status === 'invalid'
          ? `proof refused: ${log.message}`
          : undefined,
    warnings: v.warnings,
    context,
  };
}

/** The labelled rows under the status line. */
export function verdictRows(view: VerdictView): [string, string][] {
  if (view.lookAlike) {
    const { leadsTo, expected, code } = view.lookAlike;
    return [
      ['leads to', leadsTo],
      ['expected', expected],
      ...(code === undefined ? [] : [['code', code] as [string, string]]),
    ];
  }
  const lines: [string, string][] = [];
  const card = view.card;
  if (card) {
    lines.push(
      ['boutique', card.boutique ?? 'unknown'],
      ['issued', card.issued],
      ['associate', card.associate ?? 'unknown'],
      ['occasion', card.occasion],
      ['serial', card.serial],
    );
  }
  if (view.revoked !== undefined) lines.push(['revoked', view.revoked]);
  else if (view.reason !== undefined) lines.push(['reason', view.reason]);
  if (view.key) lines.push(['key', view.key]);
  if (view.log) lines.push(['log', view.log]);
  if (view.checks) lines.push(['checks', view.checks]);
  if (view.warnings.length) lines.push(['warnings', view.warnings.join(', ')]);
  if (view.match) lines.push(['card', matchLine(view.match)]);
  if (view.claim) lines.push(['claim', view.claim]);
  return [...lines, ...(view.context ?? [])];
}

/** The status line, then the labelled rows. */
export function describeVerdict(view: VerdictView): string {
  const lines = verdictRows(view);
  return [view.result, ...(lines.length ? [rows(lines)] : [])].join('\n');
}

/**
 * The cells of an image table's row, from `serial` on: serial, boutique, issued, associate,
 * detail, and last (so that the columns scripts already read keep their places) match, empty when
 * the house keeps no photo of the card.
 */
export function tableCells(view: VerdictView): string[] {
  const card = view.card;
  return [
    card?.serial ?? '',
    card?.boutiqueCode ?? '',
    card?.issued ?? '',
    card?.associate ?? '',
    view.lookAlike ? `leads to ${view.lookAlike.leadsTo}` : view.warnings.join(' '),
    view.match ?? '',
  ];
}
