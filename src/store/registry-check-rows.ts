// The registry check's row steps: the revocation list's rids against the revocations, the scan
// log's daily fold, and the keys the registry's cards and checkpoints need.
import { parseTokenText, revocationId, toHex } from '../core/index.js';
import { LISTED_PER_KIND, type CheckContext } from './registry-check-types.js';

/** The rid of a kept token, or null for a token that is not CT1 text. */
async function ridOf(token: string): Promise<string | null> {
  try {
    return toHex(await revocationId(parseTokenText(token)));
  } catch {
    return null;
  }
}

/**
 * Each revocation of a card whose token is kept carries the rid computed from that token (the
 * offline list names the card by it); no rid where no token is kept; no rid twice. A revocation
 * made before rids were kept gets its rid when the list is next served: noted, not a problem.
 */
export async function checkRevocationList(context: CheckContext): Promise<void> {
  const rows = await context.ports.sql.all<{
    serial: string;
    rid: string | null;
    token: string | null;
  }>(
    `SELECT r.serial, r.rid, c.token FROM revocations r LEFT JOIN cards c ON c.serial = r.serial
      ORDER BY r.serial`,
  );
  let listed = 0;
  let unfilled = 0;
  const add = (serial: string, message: string) => {
    if (++listed <= LISTED_PER_KIND) context.problem(serial, message);
  };
  const seen = new Map<string, string>();
  for (const row of rows) {
    const expected = row.token ? await ridOf(row.token) : null;
    if (row.rid !== null) {
      const other = seen.get(row.rid);
      if (other) add(row.serial, `its rid ${row.rid} is also card ${other}'s`);
      seen.set(row.rid, row.serial);
    }
    if (expected === null) {
      if (row.rid !== null) {
        add(
          row.serial,
          `the revocation lists rid ${row.rid} but the registry keeps no token it could come from`,
        );
      }
    } else if (row.rid === null) unfilled++;
    else if (row.rid !== expected) {
      add(
        row.serial,
        `the revocation list names it ${row.rid}, its token gives ${expected}: offline verifiers would not see it revoked`,
      );
    }
  }
  if (listed > LISTED_PER_KIND) {
    context.problem('revocations', `and ${listed - LISTED_PER_KIND} more revocations`);
  }
  if (unfilled > 0) {
    context.note(
      'revocations',
      `${unfilled} revocation${unfilled === 1 ? '' : 's'} from before rids were kept get theirs when the revocation list is next served`,
    );
  }
}

/**
 * The scan log as src/store/admin-sql.ts keeps it:
 * - one scanner key at most (scannerKey deletes every other day's before making today's);
 * - no scanner hash of a day whose key is gone: endScanDays folds a day's hashes into scan_days
 *   and deletes them with its key, in one transaction (a scan just after midnight may delete the
 *   key a second before that fold runs: the message says so);
 * - no aggregator sketch of a day whose key is gone (a sketch is written only while its day's
 *   key exists, and deleted with it);
 * - every count at least 1 (counts are only ever added to) and every day's scanners at least 0.
 */
export async function checkScans(context: CheckContext): Promise<void> {
  const { sql } = context.ports;
  const keys = await sql.all<{ day: string }>('SELECT day FROM scanner_keys ORDER BY day');
  if (keys.length > 1) {
    context.problem(
      'scanner_keys',
      `${keys.length} days keep a scanner key (${keys.map((k) => k.day).join(', ')}): only today's may`,
    );
  }
  const outliving = await sql.all<{ day: string; rows: number }>(
    `SELECT substr(minute, 1, 10) AS day, count(*) AS rows FROM scans
      WHERE scanner <> '' AND substr(minute, 1, 10) NOT IN (SELECT day FROM scanner_keys)
      GROUP BY day ORDER BY day LIMIT ?`,
    LISTED_PER_KIND,
  );
  for (const day of outliving) {
    context.problem(
      `scans ${day.day}`,
      `${day.rows} scan rows keep a scanner's hash of ${day.day}, whose key is gone: the day was not ended (the server ends it a second past midnight and at start)`,
    );
  }
  const sketches = await sql.all<{ day: string; n: number }>(
    `SELECT day, count(*) AS n FROM scan_sketches
      WHERE day NOT IN (SELECT day FROM scanner_keys) GROUP BY day ORDER BY day LIMIT ?`,
    LISTED_PER_KIND,
  );
  for (const day of sketches) {
    context.problem(
      `scan_sketches ${day.day}`,
      `${day.n} scanner sketches of ${day.day} outlive its key: they are deleted when the day ends`,
    );
  }
  const counts = await sql.first<{ scans: number; days: number }>(
    `SELECT (SELECT count(*) FROM scans WHERE count < 1) AS scans,
            (SELECT count(*) FROM scan_days WHERE scanners < 0) AS days`,
  );
  if (counts && counts.scans > 0) {
    context.problem('scans', `${counts.scans} scan rows count fewer than one scan`);
  }
  if (counts && counts.days > 0) {
    context.problem('scan_days', `${counts.days} days count fewer than zero scanners`);
  }
}

/**
 * The keys the registry needs on this machine:
 * - every key its cards were signed with is in jwks.json (else they verify as an unknown key);
 * - an active card key that signed cards here has its private half (its file, or
 *   CACHET_SIGNING_KEY): the registry mints under it again (full form: a key that signed no card
 *   here may belong to another machine);
 * - active receipt keys: at least one has its private half;
 * - with checkpoints, the log key's file, and the newest checkpoint signed by it.
 */
export async function checkKeys(context: CheckContext): Promise<void> {
  const keys = context.ports.keys;
  if (!keys) return;
  const { sql } = context.ports;
  const listed = new Set(keys.jwks.keys.map((k) => k.kid));
  const has = (kid: string) => keys.privateKids.has(kid) || (keys.suppliedKids?.has(kid) ?? false);
  if (!context.quick) {
    const kids = await sql.all<{ kid: string; n: number }>(
      'SELECT kid, count(*) AS n FROM cards GROUP BY kid ORDER BY kid',
    );
    for (const { kid, n } of kids) {
      if (!listed.has(kid)) {
        context.problem(
          kid,
          `${n} card${n === 1 ? ' is' : 's are'} signed by this key, which jwks.json does not list: they verify as signed by an unknown key`,
        );
      }
    }
  }
  for (const key of keys.jwks.keys) {
    if (key['status'] !== 'active' || key['purpose'] === 'receipt' || has(key.kid)) continue;
    const signed = await sql.first<{ one: number }>(
      'SELECT 1 AS one FROM cards WHERE kid = ? LIMIT 1',
      key.kid,
    );
    if (signed) {
      context.problem(
        key.kid,
        'the active card key that signed cards here has no private half (keys/private or CACHET_SIGNING_KEY): nothing more can be minted under it; restore it from a backup',
      );
    }
  }
  const receipts = keys.jwks.keys.filter(
    (k) => k['purpose'] === 'receipt' && k['status'] === 'active',
  );
  if (receipts.length > 0 && !receipts.some((k) => has(k.kid))) {
    context.problem(
      receipts.at(-1)!.kid,
      'no active receipt key has its private half (keys/private or CACHET_RECEIPT_KEY): receipts cannot be signed',
    );
  }
  if (context.latest && !keys.privateKids.has('log')) {
    context.problem(
      'log',
      'the log has signed checkpoints but its key keys/private/log.jwk is missing: a new key would make monitors see another log; restore it from a backup',
    );
  }
  for (const subject of context.shared.logKeyMismatch) {
    if (!keys.privateKids.has('log')) break;
    context.problem(
      subject,
      "the checkpoint is not signed by this machine's log key (keys/private/log.jwk): the key was replaced",
    );
  }
}
