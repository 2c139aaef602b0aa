// `cachet verify --offline`: the saved trust only; the same steps a phone takes with no network.
import { readFileSync, statSync } from 'node:fs';
import {
  CachetError,
  dayToDate,
  occasionName,
  readCardInput,
  toHex,
  verifyCardOffline,
  type OfflineVerdict,
} from '../../core/index.js';
import { readImageOnNode } from '../../image/read-image-node.js';
import { freshness, loadTrustDir, pickTrustDir } from '../trust-dir.js';
import { IMAGE_FILE, kindOfInput } from './input.js';
import { describeVerdict, offlineView } from './verdict-view.js';

/** What --offline takes besides the card. */
export interface OfflineOptions {
  trust?: string | undefined;
  proof?: string | undefined;
  at?: string | undefined;
  json?: boolean | undefined;
}

/**
 * Checks one card URL, token or image with the trust saved by `cachet trust pull`, and prints
 * the verdict.
 * @returns 0 when authentic, 1 otherwise.
 */
export async function verifyOffline(input: string, options: OfflineOptions): Promise<number> {
  let text = input;
  // A file, or what can only be a file's name, is read as one (a missing photo is said to be
  // missing); any other text is checked as a code, and the verdict says what is wrong with it.
  const fileLike = statSync(input, { throwIfNoEntry: false }) || IMAGE_FILE.test(input);
  if (fileLike && kindOfInput(input) === 'image') {
    const codes = await readImageOnNode(new Uint8Array(readFileSync(input)));
    if (codes.length === 0) throw new CachetError('ERR_IMAGE_UNREADABLE', `no QR code in ${input}`);
    text = codes[0]!;
  }
  const card = readCardInput(text);
  const now = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(now.getTime())) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--at ${options.at} is not a time like 2026-06-02T12:00:00Z`,
    );
  }
  const trust = await loadTrustDir(pickTrustDir(options.trust, card.host), now);
  const logProof = options.proof ? readFileSync(options.proof, 'utf8') : undefined;
  // The link is read by the server's rule: a look-alike gets no further check.
  const verdict = await verifyCardOffline(text, { ...trust, now, logProof });
  if (options.json) {
    const expected = verdict.leadsTo === undefined ? {} : { expected: trust.bundle.verifyHosts };
    console.log(JSON.stringify({ ...offlineJson(verdict), ...expected }));
  } else {
    const view = offlineView(verdict, trust.bundle.verifyHosts.join(', '), [
      ['checked', 'on this machine, with no network'],
      ['revocations', `as of ${freshness(trust, now)}`],
    ]);
    console.log(describeVerdict(view));
  }
  return verdict.status === 'authentic' ? 0 : 1;
}

/** An offline verdict as JSON: the key by kid, the claims in words. */
function offlineJson(v: OfflineVerdict) {
  const { key, claims, ...rest } = v;
  return {
    ...rest,
    ...(key && { key: { kid: key.kid, status: key.status } }),
    ...(claims && {
      card: {
        serial: toHex(claims.serial),
        issued: dayToDate(claims.issued),
        boutique: claims.boutique,
        associate: claims.associate,
        occasion: occasionName(claims.occasion),
      },
    }),
  };
}
