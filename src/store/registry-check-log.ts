// The registry check's log steps: every entry has its card and every card since the log began has
// its entry, in places 0..n-1; the tiles hold the entries' leaf hashes and rebuild each signed
// checkpoint's root; the newest checkpoint is signed by this machine's log key.
import {
  decodeAnyEntry,
  equalBytes,
  fromHex,
  concatBytes,
  memoryReader,
  noteKey,
  openNote,
  parseCheckpoint,
  parseNote,
  parseTokenText,
  parseVkey,
  rootHash,
  SIG_ED25519,
  TILE_WIDTH,
  tileHashes,
  tileReader,
  tokenLogHash,
  sha256,
  type NoteKey,
  type Sha256,
} from '../core/index.js';
import { LISTED_PER_KIND, type CheckContext } from './registry-check-types.js';
import type { SqlDb } from './sql-db.js';

/** RFC 9162 §2.1.1: a leaf's hash is SHA-256(0x00 ‖ entry). */
const LEAF = new Uint8Array([0]);

/** Rows read at a time by the full check: memory stays flat on a registry of millions. */
const PAGE = 2_048;

/** A log entry as an operator finds it: by its place, or by its arrival while it waits. */
const entrySubject = (row: { log_index: number | null; seq: number }) =>
  row.log_index === null ? `pending log entry (seq ${row.seq})` : `log entry ${row.log_index}`;

/** Counts problems of one kind: the first LISTED_PER_KIND are listed, the rest summed up. */
function limited(context: CheckContext, what: string) {
  let n = 0;
  return {
    add(subject: string, message: string) {
      if (++n <= LISTED_PER_KIND) context.problem(subject, message);
    },
    done() {
      if (n > LISTED_PER_KIND) context.problem(what, `and ${n - LISTED_PER_KIND} more ${what}`);
    },
  };
}

/** Entries and cards agree (see the file's comment); the quick form reads only the places' index. */
export async function checkLogEntries(context: CheckContext): Promise<void> {
  const { sql } = context.ports;
  const placed = await sql.first<{ n: number; lo: number | null; hi: number | null }>(
    'SELECT count(log_index) AS n, min(log_index) AS lo, max(log_index) AS hi FROM log_entries',
  );
  const n = placed?.n ?? 0;
  if (n > 0 && (placed!.lo !== 0 || placed!.hi !== n - 1)) await findGaps(context, sql);
  const size = context.latest?.size ?? 0;
  if (size > n) {
    context.problem(
      `checkpoint ${size}`,
      `the log signed ${size} entries but the registry holds ${n} placed: entries ${n} to ${size - 1} are gone`,
    );
  }
  if (context.quick) return;
  await checkEntryRows(context, sql);
  await checkCardsLogged(context, sql);
}

/** Each place missing in 0..max: SQLite's UNIQUE index already forbids a place given twice. */
async function findGaps(context: CheckContext, sql: SqlDb): Promise<void> {
  const gaps = await sql.all<{ start: number; end: number }>(
    `SELECT prev + 1 AS start, log_index - 1 AS end FROM (
       SELECT log_index, coalesce(lag(log_index) OVER (ORDER BY log_index), -1) AS prev
         FROM log_entries WHERE log_index IS NOT NULL)
     WHERE log_index - prev > 1 ORDER BY start LIMIT ?`,
    LISTED_PER_KIND,
  );
  for (const gap of gaps) {
    context.problem(
      `log entry ${gap.start}`,
      gap.end > gap.start
        ? `log entries ${gap.start} to ${gap.end} are missing from the registry`
        : `log entry ${gap.start} is missing from the registry`,
    );
  }
}

/** Every entry has its card, its kind is its first byte, and it is the entry of its card's token. */
async function checkEntryRows(context: CheckContext, sql: SqlDb): Promise<void> {
  const orphans = limited(context, 'log entries without their card');
  const wrong = limited(context, 'log entries that do not match their card');
  const total = (await sql.first<{ n: number }>('SELECT count(*) AS n FROM log_entries'))?.n ?? 0;
  let after = -1;
  let done = 0;
  for (;;) {
    const rows = await sql.all<{
      seq: number;
      serial: string;
      kind: number;
      entry: string;
      log_index: number | null;
      card: string | null;
      token: string | null;
      issued: number | null;
    }>(
      `SELECT l.seq, l.serial, l.kind, l.entry, l.log_index, c.serial AS card, c.token, c.issued
         FROM log_entries l LEFT JOIN cards c ON c.serial = l.serial
        WHERE l.seq > ? ORDER BY l.seq LIMIT ?`,
      after,
      PAGE,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const subject = entrySubject(row);
      if (row.card === null) {
        orphans.add(
          subject,
          `the entry is for card ${row.serial}, which the registry does not hold`,
        );
        continue;
      }
      const mismatch = await entryMismatch(row, context.ports.sha256 ?? sha256);
      if (mismatch) wrong.add(subject, `the entry of card ${row.serial} ${mismatch}`);
    }
    after = rows[rows.length - 1]!.seq;
    done += rows.length;
    context.ports.onProgress?.('log-entries', done, total);
  }
  orphans.done();
  wrong.done();
}

/** Why an entry is not its card's, or null when it is (or its card kept no token to compare). */
async function entryMismatch(
  {
    kind,
    entry: hex,
    token,
    issued,
  }: { kind: number; entry: string; token: string | null; issued: number | null },
  hash: Sha256,
): Promise<string | null> {
  let bytes: Uint8Array;
  let decoded;
  try {
    bytes = fromHex(hex);
    decoded = decodeAnyEntry(bytes);
  } catch (error) {
    return `does not decode: ${(error as Error).message}`;
  }
  if (bytes[0] !== kind) return `is kept as kind ${kind} but its first byte is ${bytes[0]}`;
  if (decoded.type === 'unknown') return `has a type this version does not know (${bytes[0]})`;
  if (!token) return null;
  let tokenBytes: Uint8Array;
  try {
    tokenBytes = parseTokenText(token).bytes;
  } catch {
    return null; // a token that is not CT1 text never had an entry made from it
  }
  if (!equalBytes(decoded.tokenHash, await tokenLogHash(tokenBytes, hash))) {
    return "holds another token's hash";
  }
  if (decoded.type === 'issuance') {
    if (decoded.day !== issued) return `says issue day ${decoded.day}, the card ${issued}`;
    if (!equalBytes(decoded.keyId, tokenBytes.subarray(1, 5))) return 'names another key';
  }
  return null;
}

/**
 * Every card with a token registered since the log began (its migration's time) has its issuance
 * entry, written in the same transaction as the card. Cards from before have none until
 * `cachet log backfill`: as designed, so noted, not a problem.
 */
async function checkCardsLogged(context: CheckContext, sql: SqlDb): Promise<void> {
  const began = await sql.first<{ at: string }>(
    `SELECT replace(applied_at, ' ', 'T') AS at FROM d1_migrations WHERE name = '0006_log.sql'`,
  );
  if (!began) return;
  const missing = limited(context, 'cards without their log entry');
  let before = 0;
  let untokened = 0;
  let after = '';
  for (;;) {
    const rows = await sql.all<{ serial: string; token: string; minted_at: string }>(
      `SELECT c.serial, c.token, c.minted_at FROM cards c
        WHERE c.serial > ? AND c.token IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM log_entries l WHERE l.serial = c.serial AND l.kind = 1)
        ORDER BY c.serial LIMIT ?`,
      after,
      PAGE,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      try {
        parseTokenText(row.token);
      } catch {
        untokened++; // not CT1 text: nothing to log
        continue;
      }
      if (row.minted_at < began.at) before++;
      else {
        missing.add(
          row.serial,
          `the card was registered ${row.minted_at}, after the log began, but has no issuance entry: the public log does not show it`,
        );
      }
    }
    after = rows[rows.length - 1]!.serial;
  }
  missing.done();
  if (before > 0) {
    context.note(
      'cards',
      `${before} card${before === 1 ? '' : 's'} registered before the log began ${before === 1 ? 'has' : 'have'} no entry yet: \`cachet log backfill\` gives them theirs`,
    );
  }
  if (untokened > 0) {
    context.note('cards', `${untokened} cards keep a token that is not CT1 text: none is logged`);
  }
}

/** The hashes of each tile, read once per check. */
function tileCache(sql: SqlDb) {
  const kept = new Map<string, Promise<Uint8Array[]>>();
  return (level: number, index: number) => {
    const key = `${level}/${index}`;
    let hashes = kept.get(key);
    if (!hashes) {
      hashes = sql
        .first<{ hashes: string }>(
          'SELECT hashes FROM log_tiles WHERE level = ? AND idx = ?',
          level,
          index,
        )
        .then((row) => tileHashes(row ? fromHex(row.hashes) : null));
      kept.set(key, hashes);
    }
    return hashes;
  };
}

/** The tiles rebuild each checkpoint's root, hold the entries' leaf hashes, and the key signed. */
export async function checkLogRoot(context: CheckContext): Promise<void> {
  const { sql } = context.ports;
  const latest = context.latest;
  // Entries get their places and the checkpoint over them in one transaction: placed entries no
  // kept checkpoint covers mean checkpoints were removed, which would also hide a log key that
  // was replaced (the key is checked against the newest checkpoint).
  const placed = await sql.first<{ n: number | null }>(
    'SELECT max(log_index) + 1 AS n FROM log_entries',
  );
  const covered = latest?.size ?? 0;
  if ((placed?.n ?? 0) > covered) {
    context.problem(
      `log entry ${covered}`,
      `entries ${covered} to ${placed!.n! - 1} have their places in the log, but no checkpoint kept here covers them: signed checkpoints were removed`,
    );
  }
  if (!latest) return;
  const tiles = tileCache(sql);
  const read = tileReader(tiles);
  const rebuilds = async (size: number, root: Uint8Array, subject: string) => {
    try {
      const rebuilt = await rootHash(size, read);
      if (!equalBytes(rebuilt, root)) {
        context.problem(
          subject,
          `the tiles do not rebuild the root the log signed at size ${size}`,
        );
      }
    } catch (error) {
      context.problem(subject, `the tiles cannot rebuild its root: ${(error as Error).message}`);
    }
  };
  await rebuilds(latest.size, latest.checkpoint.root, `checkpoint ${latest.size}`);
  await checkSignature(context);
  if (context.quick) return;
  await checkKeptCheckpoints(context, rebuilds);
  await checkLeafHashes(context, tiles);
  await checkTileHeads(context, tiles);
}

/** The log's key as this machine holds it, under the checkpoints' origin. */
async function logKey(context: CheckContext): Promise<NoteKey | null> {
  const keys = context.ports.keys;
  if (keys?.logVkey) return parseVkey(keys.logVkey);
  if (keys?.logPublicKey && context.latest) {
    return noteKey(context.latest.checkpoint.origin, SIG_ED25519, keys.logPublicKey);
  }
  return null;
}

/**
 * The newest checkpoint verifies under this machine's log key. Signed by another key: the keys
 * check says so (the log key was replaced); signed by this key and not verifying: altered.
 */
async function checkSignature(context: CheckContext): Promise<void> {
  const latest = context.latest!;
  const key = await logKey(context);
  if (!key) return;
  const signed = parseNote(latest.note).signatures.some(
    (s) => s.name === key.name && equalBytes(s.keyId, key.keyId),
  );
  if (!signed) {
    context.shared.logKeyMismatch.push(`checkpoint ${latest.size}`);
    return;
  }
  try {
    await openNote(latest.note, [key]);
  } catch {
    context.problem(
      `checkpoint ${latest.size}`,
      "the checkpoint's signature does not verify under the log key: its text was altered",
    );
  }
}

/** Every checkpoint kept: signed in the order of its size, and its root rebuilt by the tiles. */
async function checkKeptCheckpoints(
  context: CheckContext,
  rebuilds: (size: number, root: Uint8Array, subject: string) => Promise<void>,
): Promise<void> {
  const rows = await context.ports.sql.all<{ size: number; note: string; signed_at: string }>(
    'SELECT size, note, signed_at FROM log_checkpoints ORDER BY size',
  );
  let previous: { size: number; signed_at: string } | undefined;
  for (const row of rows) {
    if (row.size === context.latest!.size) continue; // checked already
    const subject = `checkpoint ${row.size}`;
    if (previous && row.signed_at < previous.signed_at) {
      context.problem(
        subject,
        `signed ${row.signed_at}, before the smaller checkpoint ${previous.size} (${previous.signed_at}): the log went back`,
      );
    }
    previous = row;
    try {
      const checkpoint = parseCheckpoint(parseNote(row.note).text);
      if (checkpoint.size !== row.size) {
        context.problem(subject, `the checkpoint kept as size ${row.size} says ${checkpoint.size}`);
      } else await rebuilds(row.size, checkpoint.root, subject);
    } catch (error) {
      context.problem(subject, `the checkpoint does not parse: ${(error as Error).message}`);
    }
  }
  const latest = context.latest!;
  const last = rows.filter((r) => r.size !== latest.size).at(-1);
  const signedAt = rows.find((r) => r.size === latest.size)?.signed_at;
  if (last && signedAt && signedAt < last.signed_at) {
    context.problem(
      `checkpoint ${latest.size}`,
      `signed ${signedAt}, before the smaller checkpoint ${last.size}: the log went back`,
    );
  }
}

/** The level-0 tiles hold the leaf hash of each placed entry, in its place. */
async function checkLeafHashes(
  context: CheckContext,
  tiles: (level: number, index: number) => Promise<Uint8Array[]>,
): Promise<void> {
  const { sql } = context.ports;
  const wrong = limited(context, 'log entries whose leaf hash differs from the tiles');
  const hash = context.ports.sha256 ?? sha256;
  const placed =
    (await sql.first<{ n: number | null }>('SELECT max(log_index) + 1 AS n FROM log_entries'))?.n ??
    0;
  for (let start = 0; start < placed; start += TILE_WIDTH) {
    const rows = await sql.all<{ log_index: number; entry: string }>(
      'SELECT log_index, entry FROM log_entries WHERE log_index >= ? AND log_index < ? ORDER BY log_index',
      start,
      start + TILE_WIDTH,
    );
    const hashes = await tiles(0, start / TILE_WIDTH);
    for (const row of rows) {
      const kept = hashes[row.log_index - start];
      const subject = `log entry ${row.log_index}`;
      if (!kept) wrong.add(subject, `tile 0/${start / TILE_WIDTH} has no hash for the entry`);
      else if (!equalBytes(kept, await hash(concatBytes(LEAF, fromHex(row.entry))))) {
        wrong.add(subject, `tile 0/${start / TILE_WIDTH} holds another hash than the entry's`);
      }
    }
    context.ports.onProgress?.('log-root', Math.min(start + TILE_WIDTH, placed), placed);
  }
  wrong.done();
}

/** Each full tile's head is the hash the tile above holds for it. */
async function checkTileHeads(
  context: CheckContext,
  tiles: (level: number, index: number) => Promise<Uint8Array[]>,
): Promise<void> {
  const full = await context.ports.sql.all<{ level: number; idx: number; hashes: string }>(
    'SELECT level, idx, hashes FROM log_tiles WHERE length(hashes) = ? ORDER BY level, idx',
    TILE_WIDTH * 64,
  );
  for (const tile of full) {
    const head = await rootHash(TILE_WIDTH, memoryReader(tileHashes(fromHex(tile.hashes))));
    const above = (await tiles(tile.level + 1, Math.floor(tile.idx / TILE_WIDTH)))[
      tile.idx % TILE_WIDTH
    ];
    if (!above || !equalBytes(above, head)) {
      context.problem(
        `tile ${tile.level}/${tile.idx}`,
        `the tile's head is not the hash tile ${tile.level + 1}/${Math.floor(tile.idx / TILE_WIDTH)} holds for it`,
      );
    }
  }
}
