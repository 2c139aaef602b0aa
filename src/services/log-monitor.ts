// Watching a brand's issuance log from outside: every new checkpoint must be signed by the log's
// key and extend the last one kept, and the tree rebuilt from the public entry bundles must have
// the signed root. A log that shrank or rewrote its past is reported with the two signed
// checkpoints that contradict each other: evidence anyone can check. Entries are counted by type
// (a card issued, a reference photo recorded, a claim event); one of a type it does not know is
// reported, and so is a claim story the house could not have told honestly (a claim reassigned
// or erased).
import {
  CachetError,
  dayToDate,
  decodeAnyEntry,
  decodeEntryBundle,
  equalBytes,
  isCachetError,
  toHex,
  instantToDay,
  leafHash,
  memoryReader,
  newClaimStory,
  readClaimEntry,
  openNote,
  parseCheckpoint,
  parseVkey,
  rootHash,
  tilePath,
  TILE_WIDTH,
  type Checkpoint,
  type ClaimEvent,
} from '../core/index.js';

/** Where the monitor reads the log: paths under its prefix (`checkpoint`, `tile/entries/…`). */
export interface LogSource {
  text(path: string): Promise<string>;
  bytes(path: string): Promise<Uint8Array>;
}

/** What the monitor keeps between runs. */
export interface MonitorState {
  vkey: string | null;
  /** The last checkpoint it checked, as served (signed). */
  checkpoint: string | null;
  /** Every entry up to that checkpoint's size, in order. */
  entries: Uint8Array[];
}

export interface LateEntry {
  index: number;
  cardDay: string;
  loggedAt: string;
  /** Days between the card's day and the time the log took it. */
  days: number;
}

/** The entry types a monitor counts: a card issued, a reference photo recorded, a claim event, or unknown. */
export type EntryKind = 'issuance' | 'reference' | 'claim' | 'unknown';

/** A new entry the monitor could not take as a well-formed entry of a type it knows. */
export interface OddEntry {
  index: number;
  /** The entry's first byte, as `0x..`. */
  type: string;
  reason: string;
}

/** A new claim entry that shows the house reassigning or erasing a claim (spec/ct1.md §10). */
export interface ClaimFlag {
  index: number;
  event: ClaimEvent;
  claim: number;
  loggedAt: string;
  reason: string;
}

export interface MonitorReport {
  status: 'ok' | 'inconsistent';
  origin: string;
  size: number;
  /** Entries new since the last run. */
  added: number;
  /** New entries by the UTC day the log took them (issuance and reference). */
  perDay: Record<string, number>;
  /** New entries by type. */
  perType: Record<EntryKind, number>;
  /** New reference entries by the UTC day the log took them. */
  referencesPerDay: Record<string, number>;
  /** New claim entries by event. */
  claimsPerEvent: Record<ClaimEvent, number>;
  /** New claim entries no honest story holds: a claim reassigned, erased or renumbered. */
  claimFlags: ClaimFlag[];
  /** New entries of a type this monitor does not know, or of the wrong shape: reported, kept. */
  odd: OddEntry[];
  /** New entries whose card day lies more than `lateDays` from the time they were logged. */
  late: LateEntry[];
  /** Why the log is inconsistent, and the two signed checkpoints that show it. */
  reason?: string;
  evidence?: { kept: string; served: string };
}

function bodyOf(note: string): Checkpoint {
  return parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
}

/**
 * One look at the log: checks the served checkpoint against the kept one and the entries, and
 * returns the report and the state to keep (unchanged when the log is inconsistent).
 * @throws CachetError `ERR_LOG_SIGNATURE` when the checkpoint is not signed by the log's key.
 */
export async function monitorLog(
  source: LogSource,
  state: MonitorState,
  options: { vkey?: string; lateDays?: number } = {},
): Promise<{ report: MonitorReport; state: MonitorState }> {
  const lateDays = options.lateDays ?? 7;
  const vkey = options.vkey ?? state.vkey ?? (await source.text('vkey')).trim();
  const key = await parseVkey(vkey);
  const served = await source.text('checkpoint');
  const checkpoint = parseCheckpoint((await openNote(served, [key])).text);
  const kept = state.checkpoint ? bodyOf(state.checkpoint) : null;
  const base = {
    origin: checkpoint.origin,
    size: checkpoint.size,
    added: 0,
    perDay: {},
    perType: { issuance: 0, reference: 0, claim: 0, unknown: 0 },
    referencesPerDay: {},
    claimsPerEvent: { claimed: 0, changed: 0, released: 0, voided: 0 },
    claimFlags: [],
    odd: [],
    late: [],
  };
  const inconsistent = (reason: string) => ({
    report: {
      ...base,
      status: 'inconsistent' as const,
      reason,
      evidence: { kept: state.checkpoint!, served },
    },
    state,
  });
  if (kept && checkpoint.size < kept.size) {
    return inconsistent(`the log shrank from ${kept.size} to ${checkpoint.size} entries`);
  }
  if (kept && checkpoint.size === kept.size && !equalBytes(checkpoint.root, kept.root)) {
    return inconsistent(`two different trees of ${kept.size} entries are signed`);
  }

  // The entries past what is kept, bundle by bundle; the kept ones in a shared bundle must match.
  const entries = [...state.entries.slice(0, kept?.size ?? 0)];
  const known = entries.length;
  for (let tile = Math.floor(known / TILE_WIDTH); tile * TILE_WIDTH < checkpoint.size; tile++) {
    const width = Math.min(TILE_WIDTH, checkpoint.size - tile * TILE_WIDTH);
    const bundle = decodeEntryBundle(
      await source.bytes(tilePath({ level: 'entries', index: tile, width })),
    );
    if (bundle.length !== width) {
      throw new CachetError(
        'ERR_LOG_FORMAT',
        `entry bundle ${tile} has ${bundle.length} entries, not ${width}`,
      );
    }
    for (const [i, entry] of bundle.entries()) {
      const index = tile * TILE_WIDTH + i;
      if (index >= known) entries.push(entry);
      else if (!equalBytes(entry, entries[index]!)) {
        return inconsistent(
          `entry ${index} is not the one served before: the log rewrote its past`,
        );
      }
    }
  }

  // The tree rebuilt from the entries has the signed root, and extends the kept one.
  const leaves = await Promise.all(entries.map(leafHash));
  const read = memoryReader(leaves);
  if (!equalBytes(await rootHash(checkpoint.size, read), checkpoint.root)) {
    if (!kept)
      throw new CachetError('ERR_LOG_PROOF', 'the entries served do not make the signed root');
    return inconsistent(
      `the entries served do not make the signed root of ${checkpoint.size}: the first ${kept.size} differ from those kept, or were rewritten`,
    );
  }
  if (kept && !equalBytes(await rootHash(kept.size, read), kept.root)) {
    return inconsistent(
      `the tree of ${checkpoint.size} does not extend the kept tree of ${kept.size}`,
    );
  }

  const perDay: Record<string, number> = {};
  const perType: Record<EntryKind, number> = { issuance: 0, reference: 0, claim: 0, unknown: 0 };
  const referencesPerDay: Record<string, number> = {};
  const claimsPerEvent: Record<ClaimEvent, number> = {
    claimed: 0,
    changed: 0,
    released: 0,
    voided: 0,
  };
  const claimFlags: ClaimFlag[] = [];
  // Every card's claims, read from the first entry: a new entry is judged by the whole story.
  const story = newClaimStory();
  const odd: OddEntry[] = [];
  const late: LateEntry[] = [];
  // The token hashes of the cards issued so far: a reference names one of them.
  const issued = new Set<string>();
  for (let index = 0; index < entries.length; index++) {
    const bytes = entries[index]!;
    const fresh = index >= known;
    const type = `0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')}`;
    let entry;
    try {
      entry = decodeAnyEntry(bytes);
    } catch (error) {
      if (!isCachetError(error)) throw error;
      if (fresh) {
        perType.unknown++;
        odd.push({ index, type, reason: error.message });
      }
      continue;
    }
    if (entry.type === 'issuance') issued.add(toHex(entry.tokenHash));
    let storyFlaw: string | null = null;
    if (entry.type === 'claim') {
      storyFlaw = readClaimEntry(story, entry);
      if (!issued.has(toHex(entry.tokenHash))) {
        storyFlaw = 'a claim on a card with no issuance entry before it in the log';
      }
    }
    if (!fresh) continue;
    if (entry.type === 'unknown') {
      perType.unknown++;
      odd.push({
        index,
        type,
        reason: `an entry of type ${type} (${entry.length} bytes), which this monitor does not know: a newer Cachet may`,
      });
      continue;
    }
    perType[entry.type]++;
    const loggedAt = new Date(entry.loggedAt * 1000).toISOString();
    const day = loggedAt.slice(0, 10);
    perDay[day] = (perDay[day] ?? 0) + 1;
    if (entry.type === 'reference') {
      referencesPerDay[day] = (referencesPerDay[day] ?? 0) + 1;
      if (!issued.has(toHex(entry.tokenHash))) {
        odd.push({
          index,
          type,
          reason: 'a reference photo for a card with no issuance entry before it in the log',
        });
      }
      continue;
    }
    if (entry.type === 'claim') {
      claimsPerEvent[entry.event]++;
      if (storyFlaw) {
        claimFlags.push({
          index,
          event: entry.event,
          claim: entry.claim,
          loggedAt,
          reason: storyFlaw,
        });
      }
      continue;
    }
    // Whole UTC days between the card's date and the day it was logged.
    const days = instantToDay(new Date(entry.loggedAt * 1000)) - entry.day;
    if (Math.abs(days) > lateDays)
      late.push({ index, cardDay: dayToDate(entry.day), loggedAt, days });
  }
  return {
    report: {
      ...base,
      status: 'ok',
      added: entries.length - known,
      perDay,
      perType,
      referencesPerDay,
      claimsPerEvent,
      claimFlags,
      odd,
      late,
    },
    state: { vkey, checkpoint: served, entries },
  };
}

/** A report in lines for people. */
export function describeReport(report: MonitorReport): string[] {
  if (report.status === 'inconsistent') {
    return [
      `INCONSISTENT: ${report.origin}: ${report.reason}`,
      'The two checkpoints below are both signed by the log, and cannot both be true:',
      '--- kept',
      report.evidence!.kept.trimEnd(),
      '--- served now',
      report.evidence!.served.trimEnd(),
    ];
  }
  const lines = [
    `${report.origin}: ${report.size} entries, ${report.added} new, consistent with the last checkpoint kept`,
  ];
  const { issuance, reference, claim, unknown } = report.perType;
  if (report.added > 0) {
    lines.push(
      `  by type: ${issuance} issuance, ${reference} reference photo${reference === 1 ? '' : 's'}${claim ? `, ${claim} claim event${claim === 1 ? '' : 's'}` : ''}${unknown ? `, ${unknown} unknown` : ''}`,
    );
  }
  if (claim > 0) {
    const events = (Object.entries(report.claimsPerEvent) as [ClaimEvent, number][])
      .filter(([, n]) => n > 0)
      .map(([event, n]) => `${n} ${event}`);
    lines.push(`  claims: ${events.join(', ')}`);
  }
  for (const [day, n] of Object.entries(report.perDay).sort()) {
    const references = report.referencesPerDay[day] ?? 0;
    lines.push(
      `  ${day}  ${n} logged${references ? ` (${references} reference photo${references === 1 ? '' : 's'})` : ''}`,
    );
  }
  for (const e of report.odd) lines.push(`  entry ${e.index} (${e.type}): ${e.reason}`);
  for (const e of report.claimFlags) {
    lines.push(
      `  CLAIM FLAGGED: entry ${e.index} (${e.event}, claim ${e.claim}, logged ${e.loggedAt}): ${e.reason}`,
    );
  }
  for (const e of report.late) {
    lines.push(
      `  entry ${e.index}: a card of ${e.cardDay} logged ${e.loggedAt} (${e.days < 0 ? `dated ${-e.days} days after it was logged` : `logged ${e.days} days after its date`})`,
    );
  }
  return lines;
}
