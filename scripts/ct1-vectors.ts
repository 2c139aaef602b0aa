// Writes spec/vectors/ct1-vectors.json: CT1 test vectors from test-only keys derived from fixed
// seeds, so that every run writes the same bytes (Ed25519 signing is deterministic).
//
//   npm run vectors          write the file
//   npm run vectors -- --check   exit 1 when the file differs from what this script writes
//
// The expected result of each case is written here by hand, from spec/ct1.md: the test suite
// runs Cachet against the file, so a vector must never be made by asking the verifier.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as ed from '@noble/ed25519';
import { base64url } from 'jose';
import {
  cardUrl,
  claimHandleHash,
  concatBytes,
  dateToDay,
  encodeClaimEntry,
  encodeClaims,
  encodeLogEntry,
  encodeReferenceEntry,
  encodeRevocationList,
  ed25519NoteSigner,
  formatCheckpoint,
  formatToken,
  formatTlogProof,
  formatVkey,
  importEd25519PrivateJwk,
  importTrustedKey,
  inclusionProof,
  leafHash,
  memoryReader,
  revocationId,
  rootHash,
  signCard,
  signEd25519,
  signingInput,
  signNote,
  signTrustBundle,
  thumbprint,
  toHex,
  tokenLogHash,
  type CardClaims,
  type ClaimEvent,
  type PublicKeyJwk,
  type RevocationReason,
  type TrustBundle,
} from '../src/core/index.js';
import { qrSegments, qrText } from '../src/print/qr.js';
import { findProjectFile } from '../src/store/project-files.js';

export const VECTORS_PATH = findProjectFile(
  'spec/vectors/ct1-vectors.json',
  fileURLToPath(import.meta.url),
);

const ORIGIN = 'https://verify.example.com';
const HOST = 'verify.example.com';
const LOG_ORIGIN = `${HOST}/log`;
/** Every time in the vectors: the bundle is signed at T0 and checked a day and a half later. */
const T0 = Date.parse('2026-06-01T00:00:00Z') / 1000;
const NOW = '2026-06-02T12:00:00Z';
const LIFETIME = 7 * 24 * 3600;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

interface TestKey {
  name: string;
  seed: Uint8Array;
  x: string;
  kid: string;
  privateKey: CryptoKey;
  jwk: PublicKeyJwk;
}

/** A test-only key: its seed is SHA-256 of a fixed text, public so anyone can re-derive it. */
async function testKey(name: string, fields: Partial<PublicKeyJwk>): Promise<TestKey> {
  const seed = sha256(`cachet ct1 test key, never for real cards: ${name}`);
  const x = base64url.encode(await ed.getPublicKeyAsync(seed));
  const kid = await thumbprint(x);
  const jwk: PublicKeyJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x,
    kid,
    alg: 'EdDSA',
    use: 'sig',
    status: 'active',
    validFrom: '2026-01-01',
    ...fields,
  };
  const privateKey = await importEd25519PrivateJwk(x, base64url.encode(seed));
  return { name, seed, x, kid, privateKey, jwk };
}

const keyId = (key: TestKey) => base64url.decode(key.kid).slice(0, 4);

function claims(key: TestKey, over: Partial<CardClaims> & { date?: string } = {}): CardClaims {
  const { date, ...rest } = over;
  return {
    keyId: keyId(key),
    serial: sha256(`serial ${JSON.stringify(over)} ${key.name}`).subarray(0, 8),
    issued: dateToDay(date ?? '2026-05-20'),
    boutique: 12,
    associate: 4051,
    occasion: 1,
    ...rest,
  };
}

/** The token with its signature's S replaced by S + L (the malleable twin). */
function addL(token: Uint8Array): Uint8Array {
  const out = token.slice();
  const at = out.length - 32;
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(out[at + i]!);
  s += 2n ** 252n + 27742317777372353535851937790883648493n;
  for (let i = 0; i < 32; i++) {
    out[at + i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

/** The token with its signature's R replaced by `r` (hex). */
function withR(token: Uint8Array, r: string): Uint8Array {
  const out = token.slice();
  out.set(Buffer.from(r, 'hex'), out.length - 64);
  return out;
}

type Stage = string;
interface Expected {
  /** `ok`, or the error code with which the bundle and list are refused (no verdict then). */
  trust: string;
  status?: string;
  stages?: { decode: Stage; signature: Stage; keyDates: Stage; revocation: Stage; log: Stage };
  warnings?: string[];
  /** For a revoked card: its reason, and the rid the list holds. */
  revocation?: { reason: RevocationReason; rid: string };
}

const stages = (over: Partial<NonNullable<Expected['stages']>> = {}) => ({
  decode: 'ok',
  signature: 'ok',
  keyDates: 'ok',
  revocation: 'ok',
  log: 'not-checked',
  ...over,
});
const skipped = { revocation: 'skipped', log: 'skipped' };

export async function generateCt1Vectors(): Promise<string> {
  const card = await testKey('card-2026', {});
  const retired = await testKey('card-2025', {
    status: 'retired',
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
  });
  const compromised = await testKey('card-compromised', {
    status: 'compromised',
    validFrom: '2025-06-01',
    compromisedSince: '2026-03-01',
  });
  const development = await testKey('card-development', { development: true });
  const receipt = await testKey('receipt', { purpose: 'receipt' });
  const stranger = await testKey('stranger', {});
  const rogueReceipt = await testKey('rogue-receipt', { purpose: 'receipt' });
  const logKey = await testKey('log', {});
  const brandKeys = [card, retired, compromised, development, receipt];
  const jwks = { keys: brandKeys.map((k) => k.jwk) };

  const sign = (c: CardClaims, key: TestKey) => signCard(c, key.privateKey);

  // The worked chain, step by step.
  const chainClaims = claims(card, { occasion: 2 });
  const chainBody = encodeClaims(chainClaims);
  const chainToken = await sign(chainClaims, card);
  const chainDigits = formatToken(chainToken);
  const chainUrl = cardUrl(ORIGIN, chainDigits);
  const chain = {
    comment:
      'One card from its fields to the text of its QR code. Each field is big-endian; the signature covers the context string, a 0x00 and every token byte before it.',
    key: card.name,
    fields: {
      version: 1,
      keyId: toHex(chainClaims.keyId),
      serial: toHex(chainClaims.serial),
      issued: { date: '2026-05-20', days: chainClaims.issued },
      boutique: chainClaims.boutique,
      associate: chainClaims.associate,
      occasion: { code: chainClaims.occasion, name: 'anniversary' },
      flags: 0,
    },
    bodyHex: toHex(chainBody),
    signingInputHex: toHex(signingInput(chainBody)),
    signatureHex: toHex(chainToken.subarray(chainBody.length)),
    tokenHex: toHex(chainToken),
    digits: chainDigits,
    url: chainUrl,
    qrText: qrText(chainUrl),
    qrSegments: qrSegments(chainUrl).map((s) => ({
      mode: s.mode,
      data: typeof s.data === 'string' ? s.data : new TextDecoder().decode(s.data as Uint8Array),
    })),
  };

  // The cards of the vectors.
  const tokens = {
    authentic: chainToken,
    addressee: await sign(
      claims(card, { addressee: sha256('addressee commitment').subarray(0, 16) }),
      card,
    ),
    revokedCounterfeit: await sign(claims(card, { boutique: 3 }), card),
    revokedLost: await sign(claims(card, { boutique: 4 }), card),
    retiredInWindow: await sign(claims(retired, { date: '2025-07-14' }), retired),
    retiredAfter: await sign(claims(retired, { date: '2026-02-01' }), retired),
    beforeValidFrom: await sign(claims(card, { date: '2025-12-31' }), card),
    compromisedBefore: await sign(claims(compromised, { date: '2026-02-28' }), compromised),
    compromisedAfter: await sign(claims(compromised, { date: '2026-03-01' }), compromised),
    development: await sign(claims(development), development),
    future: await sign(claims(card, { date: '2026-06-10' }), card),
    stranger: await sign(claims(stranger), stranger),
  };
  // Signatures over other messages than the CT1 signing input.
  const body = encodeClaims(claims(card, { boutique: 7 }));
  const noContext = concatBytes(body, await signEd25519(card.privateKey, body));
  const otherContext = concatBytes(
    body,
    await signEd25519(
      card.privateKey,
      concatBytes(new TextEncoder().encode('cachet/card/v2\0'), body),
    ),
  );
  const receiptSigned = concatBytes(
    body,
    await signEd25519(receipt.privateKey, signingInput(body)),
  );

  // The revocation list and the log.
  const revoked: [Uint8Array, RevocationReason][] = [
    [tokens.revokedCounterfeit, 'counterfeit'],
    [tokens.revokedLost, 'lost-or-stolen'],
  ];
  const ridOf = async (token: Uint8Array) =>
    revocationId({
      claims: { keyId: token.subarray(1, 5) } as CardClaims,
      signature: token.subarray(token.length - 64),
    });
  const records = await Promise.all(
    revoked.map(async ([t, reason]) => ({ rid: await ridOf(t), reason })),
  );
  const list = encodeRevocationList(T0, records);

  const logged = [tokens.authentic, tokens.addressee, tokens.revokedCounterfeit];
  const entries = await Promise.all(
    logged.map(async (t, i) =>
      encodeLogEntry({
        loggedAt: T0 - 86400 + i,
        day: (t[13]! << 8) | t[14]!,
        keyId: t.subarray(1, 5),
        tokenHash: await tokenLogHash(t),
      }),
    ),
  );
  // A reference photo of the authentic card, recorded after the three cards: its entry (0x02)
  // holds the card's token hash and the SHA-256 of the photo and of its fingerprint. The bytes
  // stand for a stored photo and fingerprint: only their hashes enter the log.
  const referencePhoto = new TextEncoder().encode(
    'CT1 test vector: the bytes of the reference photo of the authentic card',
  );
  const referenceFingerprint = new TextEncoder().encode(
    'CT1 test vector: the bytes of its fingerprint',
  );
  const sha256Of = (bytes: Uint8Array) =>
    new Uint8Array(createHash('sha256').update(bytes).digest());
  const reference = {
    loggedAt: T0 - 86400 + logged.length,
    tokenHash: await tokenLogHash(tokens.authentic),
    photoHash: sha256Of(referencePhoto),
    fingerprintHash: sha256Of(referenceFingerprint),
  };
  entries.push(encodeReferenceEntry(reference));
  const referenceIndex = entries.length - 1;
  const leaves = await Promise.all(entries.map(leafHash));
  const read = memoryReader(leaves);
  const root = await rootHash(leaves.length, read);
  const checkpointText = formatCheckpoint({ origin: LOG_ORIGIN, size: leaves.length, root });
  const logSigner = await ed25519NoteSigner(
    LOG_ORIGIN,
    base64url.decode(logKey.x),
    logKey.privateKey,
  );
  const signedCheckpoint = await signNote(checkpointText, [logSigner]);
  const proofOf = async (index: number, checkpoint = signedCheckpoint) =>
    formatTlogProof({
      extra: entries[index]!,
      index,
      proof: await inclusionProof(index, leaves.length, read),
      checkpoint,
    });
  const vkey = formatVkey(logSigner.key);

  // Claim entries (0x03) of the authentic card: its first holder claims it showing a name and
  // the photo, then shows the photo alone, then releases it; the next holder's claim is voided.
  // Examples of each event, worked from their inputs: they are not in the checkpoint above.
  const claimStory: {
    comment: string;
    event: ClaimEvent;
    claim: number;
    shown: { handle: boolean; photo: boolean };
    handle: string | null;
  }[] = [
    {
      comment: 'Claimed: claim 1, showing the public name "Élise ✿" (NFC) and the photo.',
      event: 'claimed',
      claim: 1,
      shown: { handle: true, photo: true },
      handle: 'Élise ✿',
    },
    {
      comment: 'Changed: claim 1 now shows the photo alone; the name hash is zeros.',
      event: 'changed',
      claim: 1,
      shown: { handle: false, photo: true },
      handle: null,
    },
    {
      comment: 'Released by its holder, to pass the card on: it shows nothing.',
      event: 'released',
      claim: 1,
      shown: { handle: false, photo: false },
      handle: null,
    },
    {
      comment: "Voided by the brand: the next holder's claim 2 (made with the transfer code).",
      event: 'voided',
      claim: 2,
      shown: { handle: false, photo: false },
      handle: null,
    },
  ];
  const authenticHash = await tokenLogHash(tokens.authentic);
  const claimVectors = await Promise.all(
    claimStory.map(async (c, i) => {
      const handleHash = c.handle
        ? await claimHandleHash(tokens.authentic, c.handle)
        : new Uint8Array(32);
      const loggedAt = T0 + 3600 * (i + 1);
      const entry = encodeClaimEntry({
        loggedAt,
        tokenHash: authenticHash,
        event: c.event,
        claim: c.claim,
        shown: c.shown,
        handleHash,
      });
      return {
        comment: c.comment,
        input: chain.digits,
        loggedAt,
        tokenHashHex: toHex(authenticHash),
        event: c.event,
        claim: c.claim,
        shown: c.shown,
        handle: c.handle,
        handleHashHex: toHex(handleHash),
        entryHex: toHex(entry),
        leafHashHex: toHex(await leafHash(entry)),
      };
    }),
  );
  const strangerSigner = await ed25519NoteSigner(
    LOG_ORIGIN,
    base64url.decode(stranger.x),
    stranger.privateKey,
  );
  const proofs = {
    authentic: await proofOf(0),
    counterfeit: await proofOf(2),
    reference: await proofOf(referenceIndex),
    tamperedPath: (await proofOf(0)).replace(
      /\nindex 0\n(.)/,
      (_, c: string) => `\nindex 0\n${c === 'A' ? 'B' : 'A'}`,
    ),
    foreignCheckpoint: await proofOf(0, await signNote(checkpointText, [strangerSigner])),
  };

  // Trust bundles.
  const bundleOf = (over: Partial<TrustBundle> = {}, listBytes = list): Promise<TrustBundle> =>
    (async () => ({
      iss: ORIGIN,
      iat: T0,
      exp: T0 + LIFETIME,
      verifyHosts: [HOST],
      keys: jwks.keys,
      log: { origin: LOG_ORIGIN, vkey },
      revocations: {
        sha256: createHash('sha256').update(listBytes).digest('hex'),
        generatedAt: T0,
        count: records.length,
        ...over.revocations,
      },
      ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'revocations')),
    }))();
  const signer = async (key: TestKey) => ({
    key: { ...(await importTrustedKey(key.jwk)), purpose: 'receipt' as const },
    privateKey: key.privateKey,
  });
  const signBundle = async (bundle: TrustBundle, key = receipt) =>
    signTrustBundle(bundle, await signer(key));
  const smallOrderX = base64url.encode(Buffer.from('01'.padEnd(64, '0'), 'hex'));
  const nonCanonicalX = base64url.encode(
    Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'),
  );
  const badKey = async (x: string) => ({ ...card.jwk, x, kid: await thumbprint(x) });
  const listHex = toHex(list);
  const contexts = {
    brand: {
      comment: 'The brand as a device holds it: a fresh bundle, its list and the JWK Set.',
      now: NOW,
      jwks,
      trustBundle: await signBundle(await bundleOf()),
      revocationList: listHex,
    },
    stale: {
      comment: 'The same bundle a second past its exp: a device refuses it.',
      now: new Date((T0 + LIFETIME + 1) * 1000).toISOString(),
      jwks,
      trustBundle: await signBundle(await bundleOf()),
      revocationList: listHex,
    },
    listAltered: {
      comment:
        'A list with the counterfeit record dropped: well formed, but not the one the bundle names.',
      now: NOW,
      jwks,
      trustBundle: await signBundle(await bundleOf()),
      revocationList: toHex(encodeRevocationList(T0, records.slice(1))),
    },
    signedByCardKey: {
      comment: 'A bundle signed by a card key: only the receipt (statement) key signs bundles.',
      now: NOW,
      jwks,
      trustBundle: await signBundle(await bundleOf(), card),
      revocationList: listHex,
    },
    signerNotTrusted: {
      comment:
        'A bundle that names a second receipt key and is signed by it: the JWK Set the device trusts does not hold that key.',
      now: NOW,
      jwks,
      trustBundle: await signBundle(
        await bundleOf({ keys: [...jwks.keys, rogueReceipt.jwk] }),
        rogueReceipt,
      ),
      revocationList: listHex,
    },
    smallOrderKey: {
      comment: 'A bundle naming a key whose x is a point of small order (the identity).',
      now: NOW,
      jwks,
      trustBundle: await signBundle(
        await bundleOf({ keys: [...jwks.keys, await badKey(smallOrderX)] }),
      ),
      revocationList: listHex,
    },
    nonCanonicalKey: {
      comment: 'A bundle naming a key whose x encodes y = p (not reduced mod p).',
      now: NOW,
      jwks,
      trustBundle: await signBundle(
        await bundleOf({ keys: [...jwks.keys, await badKey(nonCanonicalX)] }),
      ),
      revocationList: listHex,
    },
  };

  const digits = (t: Uint8Array) => formatToken(t);
  const ok = (status: string, over: Partial<Expected> = {}): Expected => ({
    trust: 'ok',
    status,
    stages: stages(),
    warnings: [],
    ...over,
  });
  const malformed = (code: string): Expected => ({
    trust: 'ok',
    status: 'malformed',
    stages: stages({ decode: code, signature: 'skipped', keyDates: 'skipped', ...skipped }),
    warnings: [],
  });
  const forged = (code: string, stage: 'signature' | 'keyDates'): Expected => ({
    trust: 'ok',
    status: 'forged',
    stages: stages(
      stage === 'signature'
        ? { signature: code, keyDates: 'skipped', ...skipped }
        : { keyDates: code, ...skipped },
    ),
    warnings: [],
  });
  const ridHex = async (t: Uint8Array) => toHex(await ridOf(t));
  const wrongVersion = tokens.authentic.slice();
  wrongVersion[0] = 2;
  const unknownFlags = tokens.authentic.slice();
  unknownFlags[21] = 2;
  const flagsWithoutAddressee = tokens.authentic.slice();
  flagsWithoutAddressee[21] = 1;
  const unknownOccasion = tokens.authentic.slice();
  unknownOccasion[20] = 200;
  const width = digits(tokens.authentic).length;

  const vectors: {
    id: string;
    comment: string;
    context: keyof typeof contexts;
    input: string;
    logProof?: string;
    expected: Expected;
  }[] = [
    {
      id: 'authentic',
      comment: 'The worked chain card: genuine, not revoked.',
      context: 'brand',
      input: chain.digits,
      expected: ok('authentic'),
    },
    {
      id: 'authentic-url',
      comment: 'The same card as the link its QR code holds, upper-cased as the code writes it.',
      context: 'brand',
      input: chain.qrText,
      expected: ok('authentic'),
    },
    {
      id: 'authentic-addressee',
      comment: 'Flags bit 0: a 16-byte addressee commitment, 102 bytes in all.',
      context: 'brand',
      input: digits(tokens.addressee),
      expected: ok('authentic'),
    },
    {
      id: 'authentic-logged',
      comment: 'With the tlog-proof of its entry: included at index 0.',
      context: 'brand',
      input: chain.digits,
      logProof: proofs.authentic,
      expected: ok('authentic', { stages: stages({ log: 'included' }) }),
    },
    {
      id: 'revoked-counterfeit',
      comment: 'Its rid is in the list with reason code 1.',
      context: 'brand',
      input: digits(tokens.revokedCounterfeit),
      expected: ok('revoked', {
        stages: stages({ revocation: 'revoked:counterfeit' }),
        revocation: { reason: 'counterfeit', rid: await ridHex(tokens.revokedCounterfeit) },
      }),
    },
    {
      id: 'revoked-lost-or-stolen',
      comment: 'Reason code 2.',
      context: 'brand',
      input: digits(tokens.revokedLost),
      expected: ok('revoked', {
        stages: stages({ revocation: 'revoked:lost-or-stolen' }),
        revocation: { reason: 'lost-or-stolen', rid: await ridHex(tokens.revokedLost) },
      }),
    },
    {
      id: 'revoked-logged',
      comment: 'A revoked card stays in the log: its proof holds, and it is still revoked.',
      context: 'brand',
      input: digits(tokens.revokedCounterfeit),
      logProof: proofs.counterfeit,
      expected: ok('revoked', {
        stages: stages({ revocation: 'revoked:counterfeit', log: 'included' }),
        revocation: { reason: 'counterfeit', rid: await ridHex(tokens.revokedCounterfeit) },
      }),
    },
    {
      id: 'revoked-list-dropped',
      comment:
        'The counterfeit card against a list without its record: the list is refused, not believed.',
      context: 'listAltered',
      input: digits(tokens.revokedCounterfeit),
      expected: { trust: 'ERR_TRUST_INVALID' },
    },
    {
      id: 'token-empty',
      comment: 'No digits.',
      context: 'brand',
      input: '',
      expected: malformed('ERR_TOKEN_EMPTY'),
    },
    {
      id: 'token-characters',
      comment: 'A letter among the digits.',
      context: 'brand',
      input: `${chain.digits.slice(0, 10)}a${chain.digits.slice(11)}`,
      expected: malformed('ERR_TOKEN_CHARACTERS'),
    },
    {
      id: 'token-width',
      comment: 'One digit short: neither 208 nor 246 digits.',
      context: 'brand',
      input: chain.digits.slice(1),
      expected: malformed('ERR_TOKEN_WIDTH'),
    },
    {
      id: 'token-overflow',
      comment: '208 nines: more than 86 bytes hold.',
      context: 'brand',
      input: '9'.repeat(width),
      expected: malformed('ERR_TOKEN_OVERFLOW'),
    },
    {
      id: 'token-version',
      comment: 'Byte 0 is 2.',
      context: 'brand',
      input: digits(wrongVersion),
      expected: malformed('ERR_TOKEN_VERSION'),
    },
    {
      id: 'token-flags',
      comment: 'Flags bit 1 set.',
      context: 'brand',
      input: digits(unknownFlags),
      expected: malformed('ERR_TOKEN_FLAGS'),
    },
    {
      id: 'token-length',
      comment: 'Flags bit 0 set in an 86-byte token: the commitment is missing.',
      context: 'brand',
      input: digits(flagsWithoutAddressee),
      expected: malformed('ERR_TOKEN_LENGTH'),
    },
    {
      id: 'token-occasion',
      comment: 'Occasion code 200 is not in the table.',
      context: 'brand',
      input: digits(unknownOccasion),
      expected: malformed('ERR_TOKEN_OCCASION'),
    },
    {
      id: 'signature-s-plus-l',
      comment: 'S replaced by S + L: lax verifiers accept it, a strict one refuses S ≥ L.',
      context: 'brand',
      input: digits(addL(tokens.authentic)),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'signature-r-small-order',
      comment: 'R is the identity point (small order).',
      context: 'brand',
      input: digits(withR(tokens.authentic, '01'.padEnd(64, '0'))),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'signature-r-non-canonical',
      comment: 'R encodes y = p + 1 (not reduced mod p).',
      context: 'brand',
      input: digits(
        withR(tokens.authentic, 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'),
      ),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'signature-no-context',
      comment: 'Signed over the token bytes alone, without "cachet/card/v1" and 0x00.',
      context: 'brand',
      input: digits(noContext),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'signature-wrong-context',
      comment: 'Signed under the context "cachet/card/v2".',
      context: 'brand',
      input: digits(otherContext),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'signature-by-receipt-key',
      comment:
        'The key id of the card key, the signature by the receipt key: receipt keys never sign cards.',
      context: 'brand',
      input: digits(receiptSigned),
      expected: forged('signature-invalid', 'signature'),
    },
    {
      id: 'key-unknown',
      comment: 'Signed by a key the bundle does not name.',
      context: 'brand',
      input: digits(tokens.stranger),
      expected: {
        trust: 'ok',
        status: 'unknown-key',
        stages: stages({ signature: 'key-id-unknown', keyDates: 'skipped', ...skipped }),
        warnings: [],
      },
    },
    {
      id: 'key-retired-within-dates',
      comment: 'A retired key, for a card dated inside its window: still authentic.',
      context: 'brand',
      input: digits(tokens.retiredInWindow),
      expected: ok('authentic'),
    },
    {
      id: 'key-retired-after-dates',
      comment: 'A retired key, for a card dated after its validTo.',
      context: 'brand',
      input: digits(tokens.retiredAfter),
      expected: forged('key-not-valid-for-date', 'keyDates'),
    },
    {
      id: 'key-before-valid-from',
      comment: 'A card dated the day before its key may sign.',
      context: 'brand',
      input: digits(tokens.beforeValidFrom),
      expected: forged('key-not-valid-for-date', 'keyDates'),
    },
    {
      id: 'key-compromised-after',
      comment: 'A compromised key, for a card dated on its compromisedSince.',
      context: 'brand',
      input: digits(tokens.compromisedAfter),
      expected: forged('key-compromised', 'keyDates'),
    },
    {
      id: 'key-compromised-before',
      comment: 'A compromised key, for a card dated the day before: authentic, with a warning.',
      context: 'brand',
      input: digits(tokens.compromisedBefore),
      expected: ok('authentic', { warnings: ['key-compromised'] }),
    },
    {
      id: 'key-development',
      comment: 'A development key: authentic, with a warning.',
      context: 'brand',
      input: digits(tokens.development),
      expected: ok('authentic', { warnings: ['development-key'] }),
    },
    {
      id: 'issued-in-future',
      comment: 'Dated more than a day after the time of the check.',
      context: 'brand',
      input: digits(tokens.future),
      expected: ok('authentic', { warnings: ['issued-in-future'] }),
    },
    {
      id: 'bundle-stale',
      comment: 'Past the bundle exp: no verdict from it.',
      context: 'stale',
      input: chain.digits,
      expected: { trust: 'ERR_TRUST_STALE' },
    },
    {
      id: 'bundle-signed-by-card-key',
      comment: 'No verdict from a bundle signed by a card key.',
      context: 'signedByCardKey',
      input: chain.digits,
      expected: { trust: 'ERR_TRUST_INVALID' },
    },
    {
      id: 'bundle-signer-not-trusted',
      comment: 'No verdict from a bundle whose signer the device does not already trust.',
      context: 'signerNotTrusted',
      input: chain.digits,
      expected: { trust: 'ERR_TRUST_INVALID' },
    },
    {
      id: 'bundle-small-order-key',
      comment: 'No verdict from a bundle naming a small-order key.',
      context: 'smallOrderKey',
      input: chain.digits,
      expected: { trust: 'ERR_TRUST_INVALID' },
    },
    {
      id: 'bundle-non-canonical-key',
      comment: 'No verdict from a bundle naming a non-canonical key.',
      context: 'nonCanonicalKey',
      input: chain.digits,
      expected: { trust: 'ERR_TRUST_INVALID' },
    },
    {
      id: 'log-proof-other-card',
      comment:
        "The counterfeit card's proof given for the authentic card: the entry is another token's.",
      context: 'brand',
      input: chain.digits,
      logProof: proofs.counterfeit,
      expected: ok('authentic', { stages: stages({ log: 'ERR_LOG_PROOF' }) }),
    },
    {
      id: 'log-proof-tampered-path',
      comment: 'One byte of the inclusion path changed: it no longer leads to the signed root.',
      context: 'brand',
      input: chain.digits,
      logProof: proofs.tamperedPath,
      expected: ok('authentic', { stages: stages({ log: 'ERR_LOG_PROOF' }) }),
    },
    {
      id: 'log-proof-foreign-checkpoint',
      comment: "The checkpoint signed under the log's name by another key.",
      context: 'brand',
      input: chain.digits,
      logProof: proofs.foreignCheckpoint,
      expected: ok('authentic', { stages: stages({ log: 'ERR_LOG_SIGNATURE' }) }),
    },
    {
      id: 'log-proof-reference-entry',
      comment:
        "The proof of the card's reference photo (a 0x02 entry) given as its log proof: a valid proof, but not of the card's issuance.",
      context: 'brand',
      input: chain.digits,
      logProof: proofs.reference,
      expected: ok('authentic', { stages: stages({ log: 'ERR_LOG_PROOF' }) }),
    },
  ];

  const file = {
    title: 'CT1 test vectors',
    spec: 'spec/ct1.md, version 1.2.0',
    license: 'CC0-1.0',
    generatedBy: 'scripts/ct1-vectors.ts (npm run vectors)',
    testOnly:
      'Every key below is derived from a published seed and is for tests only: never trust it for a card.',
    keys: Object.fromEntries(
      [...brandKeys, stranger, rogueReceipt, logKey].map((k) => [
        k.name,
        { testOnly: true, seedHex: toHex(k.seed), jwk: k.jwk },
      ]),
    ),
    log: {
      origin: LOG_ORIGIN,
      vkey,
      checkpoint: signedCheckpoint,
      reference: {
        comment:
          "A reference photo entry (section 10): the authentic card's, at its index in the checkpoint above. The photo and fingerprint bytes stand for the stored ones.",
        input: chain.digits,
        loggedAt: reference.loggedAt,
        tokenHashHex: toHex(reference.tokenHash),
        photoHex: toHex(referencePhoto),
        photoSha256Hex: toHex(reference.photoHash),
        fingerprintHex: toHex(referenceFingerprint),
        fingerprintSha256Hex: toHex(reference.fingerprintHash),
        entryHex: toHex(entries[referenceIndex]!),
        leafHashHex: toHex(leaves[referenceIndex]!),
        index: referenceIndex,
        logProof: proofs.reference,
      },
      claims: claimVectors,
    },
    chain,
    contexts,
    vectors,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await generateCt1Vectors();
  if (process.argv.includes('--check')) {
    const same = readFileSync(VECTORS_PATH, 'utf8') === text;
    console.log(
      same ? `${VECTORS_PATH} is up to date` : `${VECTORS_PATH} differs: npm run vectors`,
    );
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(VECTORS_PATH, text);
    console.log(`Wrote ${VECTORS_PATH}`);
  }
}
