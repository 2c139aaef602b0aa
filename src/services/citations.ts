// Citing a check: one citation per card code, verdict and warnings in a UTC day (citing it again
// that day gives the same id and keeps nothing new), and at most so many new citations from one
// client network a day, so nobody can fill the registry. A citation keeps nothing about who cited;
// the day's count keys on an HMAC of the network under that day's scanner key.
import {
  crockfordBase32,
  wideNetworkOf,
  toHex,
  type Citation,
  type Signer,
  type Store,
} from '../core/index.js';
import type { Mac } from './mac.js';
import type { PublicVerdict } from './present.js';
import { receiptFor } from './receipts.js';
import type { DayKeySource } from './scanner-hash.js';

export interface CiteDeps {
  store: Pick<Store, 'addCitation' | 'findCitationByFingerprint' | 'takeCitationQuota'>;
  receiptSigner: Signer | null;
  /** The day keys the network's count is hashed under (the distinct-scanner hash's). */
  scannerKeys: DayKeySource;
  mac: Mac;
  /** New citations one client network may make in a UTC day; 0: no limit. */
  perDay: number;
}

export interface CiteRequest {
  /** The card code's digits, already checked to be a CT1 token. */
  token: string;
  /** Its verdict now. */
  verdict: PublicVerdict;
  /** The origin the receipt names. */
  issuer: string;
  /** The client's address, from the runtime: only its network's keyed hash is counted. */
  client: string;
  at: Date;
}

/** A citation (made now, or the same one made earlier that day), or a refusal until tomorrow. */
export type Cited =
  { citation: Citation; created: boolean } | { refused: true; limit: number; retryAfter: number };

const encoder = new TextEncoder();

/**
 * Cites a check: the citation made today of the same code with the same verdict, or a new one
 * with its signed receipt, counted against the client network's day.
 * @throws CachetError `ERR_NO_RECEIPT_KEY` when this server holds no receipt key.
 */
export async function citeCheck(deps: CiteDeps, request: CiteRequest): Promise<Cited> {
  const { token, verdict, issuer, at } = request;
  const day = at.toISOString().slice(0, 10);
  const same = [day, issuer, token, verdict.status, verdict.warnings.join(',')].join('\u0000');
  const fingerprint = await sha256Hex(`cachet/citation/v1\u0000${same}`);
  const kept = await deps.store.findCitationByFingerprint(fingerprint);
  if (kept) return { citation: kept, created: false };
  const receipt = await receiptFor(verdict, token, at, issuer, deps.receiptSigner);
  if (deps.perDay > 0) {
    const network = await networkHash(deps, day, request.client);
    if (!(await deps.store.takeCitationQuota(day, network, deps.perDay))) {
      return { refused: true, limit: deps.perDay, retryAfter: secondsToNextDay(at) };
    }
  }
  const id = crockfordBase32(crypto.getRandomValues(new Uint8Array(10)));
  const citation = await deps.store.addCitation({
    id,
    token,
    receipt,
    createdAt: at.toISOString(),
    fingerprint,
  });
  return { citation, created: citation.id === id };
}

/** Seconds from `at` to the next 00:00 UTC, at least one. */
export function secondsToNextDay(at: Date): number {
  const next = Math.floor(at.getTime() / 86_400_000 + 1) * 86_400_000;
  return Math.max(1, Math.ceil((next - at.getTime()) / 1000));
}

/**
 * The network's key in the day's count: unlinkable once the day's key is deleted. An IPv6 client
 * counts by its /48 (`wideNetworkOf`).
 */
async function networkHash(deps: CiteDeps, day: string, client: string): Promise<string> {
  const key = await deps.scannerKeys(day);
  const wide = wideNetworkOf(client);
  const input = encoder.encode(`cachet/citation-quota\u0000${wide}`);
  return toHex((await deps.mac(key, input)).subarray(0, 16));
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}
