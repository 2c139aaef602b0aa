// Cards minted with a claim slip, through the registry's own insertCards (the slip code's salted
// hash kept with the card), and a reference photo recorded for a card: what claim suites start from.
import { createHash } from 'node:crypto';
import {
  encodeReferenceEntry,
  parseTokenText,
  tokenLogHash,
  type SigningKeys,
} from '../../src/core/index.js';
import { newClaimCode } from '../../src/services/claims.js';
import { newCardRow, resolveJob, signClaims } from '../../src/services/mint.js';
import type { SqlStore } from '../../src/store/registry-sql.js';
import { ORIGIN } from './fixture.js';

/** A card of the demo brand (Paris, associate 101 unless asked) minted with a claim slip. */
export async function mintWithSlip(
  f: { store: SqlStore; signers: SigningKeys; origin?: string },
  req: { boutique?: string; associate?: number } = {},
): Promise<{ serial: string; token: string; code: string }> {
  const ctx = {
    store: f.store,
    signers: f.signers,
    origin: f.origin ?? ORIGIN,
    now: new Date(),
  };
  const job = await resolveJob({ boutique: 'PAR-SH', associate: 101, ...req }, ctx);
  const signed = await signClaims(job.claims, ctx);
  const slip = await newClaimCode(f.store.claims());
  const row = { ...newCardRow(signed, undefined, ctx), claimCodeHash: slip.codeHash };
  const [inserted] = await f.store.insertCards([row]);
  if (!inserted) throw new Error('the card was not registered');
  return { serial: row.serial, token: row.token!, code: slip.code };
}

/** Records `photo` as the card's reference (as the reference service keeps one, entry and all). */
export async function recordPhoto(
  store: SqlStore,
  card: { serial: string; token: string },
  photo: Uint8Array,
): Promise<void> {
  const sha = async (bytes: Uint8Array) =>
    new Uint8Array(createHash('sha256').update(bytes).digest());
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const fingerprint = new Uint8Array([1, 2, 3, 4]);
  const recordedAt = Math.floor(Date.now() / 1000);
  await store.admin().recordReference({
    serial: card.serial,
    type: 'image/png',
    photo,
    fingerprint,
    photoSha256: hex(await sha(photo)),
    fingerprintSha256: hex(await sha(fingerprint)),
    recordedAt,
    recordedBy: 'stf_test',
    logEntry: encodeReferenceEntry({
      loggedAt: recordedAt,
      tokenHash: await tokenLogHash(parseTokenText(card.token).bytes),
      photoHash: await sha(photo),
      fingerprintHash: await sha(fingerprint),
    }),
  });
}
