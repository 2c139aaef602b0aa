// Signs a receipt for a verdict the app has just given: the public API's `?receipt=1` and the
// evidence export both use this.
import { CachetError, signReceipt, tokenDigest, type Signer } from '../core/index.js';
import type { PublicVerdict } from './present.js';

/**
 * A compact JWS binding the token's digest to `verdict` at `at`.
 * @throws CachetError `ERR_NO_RECEIPT_KEY` when this server holds no receipt key.
 */
export async function receiptFor(
  verdict: PublicVerdict,
  digits: string,
  at: Date,
  issuer: string,
  signer: Signer | null,
): Promise<string> {
  if (!signer) {
    throw new CachetError('ERR_NO_RECEIPT_KEY', 'this server has no receipt key');
  }
  return signReceipt(
    {
      iss: issuer,
      iat: Math.floor(at.getTime() / 1000),
      checked_at: at.toISOString(),
      token_sha256: await tokenDigest(digits),
      serial: verdict.card?.serial ?? null,
      status: verdict.status,
      warnings: verdict.warnings,
      card_kid: verdict.key?.kid ?? null,
      revoked_at: verdict.revocation?.revokedAt ?? null,
    },
    signer,
  );
}
