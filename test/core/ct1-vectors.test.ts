// spec/vectors/ct1-vectors.json: the checked-in file is exactly what its script writes, and
// Cachet's verifier gives the expected answer, stage by stage, for every case.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cardUrl,
  checkReferenceProof,
  claimHandleHash,
  decodeClaimEntry,
  encodeClaimEntry,
  encodeClaims,
  encodeReferenceEntry,
  formatToken,
  leafHash,
  parseTokenText,
  parseVkey,
  signingInput,
  toHex,
  tokenLogHash,
  verifyEd25519,
} from '../../src/core/index.js';
import { qrText } from '../../src/print/qr.js';
import { renderQr } from '../../src/node/render-qr.js';
import { generateCt1Vectors, VECTORS_PATH } from '../../scripts/ct1-vectors.js';
import { loadCt1Vectors, runCt1Vector } from '../helpers/ct1-vectors.js';
import { independentVerdict } from '../helpers/independent-ct1.js';
import {
  claimNameHashIndependently,
  decodeClaimIndependently,
  decodeReferenceIndependently,
  independentlyProvenReference,
} from '../helpers/independent-log.js';
import { decodeQr } from '../helpers/qr-decode.js';
import { hex } from '../helpers/vectors.js';
import { base64url } from 'jose';

const file = loadCt1Vectors();

describe('CT1 vectors', () => {
  it('are what scripts/ct1-vectors.ts writes, byte for byte (npm run vectors)', async () => {
    expect(await generateCt1Vectors()).toBe(readFileSync(VECTORS_PATH, 'utf8'));
  });

  it('mark every key test-only', () => {
    for (const key of Object.values(file.keys)) expect(key.testOnly).toBe(true);
  });

  it('cover every way a token fails to decode, and the cases the spec names', () => {
    const decode = new Set(file.vectors.map((v) => v.expected.stages?.decode));
    for (const code of [
      'ERR_TOKEN_EMPTY',
      'ERR_TOKEN_CHARACTERS',
      'ERR_TOKEN_WIDTH',
      'ERR_TOKEN_OVERFLOW',
      'ERR_TOKEN_VERSION',
      'ERR_TOKEN_LENGTH',
      'ERR_TOKEN_FLAGS',
      'ERR_TOKEN_OCCASION',
    ]) {
      expect(decode, code).toContain(code);
    }
    const ids = file.vectors.map((v) => v.id);
    for (const id of [
      'signature-s-plus-l',
      'signature-r-small-order',
      'signature-r-non-canonical',
      'signature-wrong-context',
      'key-before-valid-from',
      'key-compromised-after',
      'revoked-counterfeit',
      'bundle-stale',
      'bundle-small-order-key',
      'bundle-non-canonical-key',
      'log-proof-tampered-path',
      'log-proof-foreign-checkpoint',
      'log-proof-reference-entry',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('follow the worked chain from the fields to the QR code a phone reads', async () => {
    const chain = file.chain as typeof file.chain & {
      bodyHex: string;
      signingInputHex: string;
      signatureHex: string;
      tokenHex: string;
      key: string;
    };
    const token = parseTokenText(chain.digits);
    expect(toHex(encodeClaims(token.claims))).toBe(chain.bodyHex);
    expect(toHex(signingInput(token.body))).toBe(chain.signingInputHex);
    expect(toHex(token.bytes)).toBe(chain.tokenHex);
    expect(formatToken(hex(chain.tokenHex))).toBe(chain.digits);
    expect(cardUrl('https://verify.example.com', chain.digits)).toBe(chain.url);
    expect(qrText(chain.url)).toBe(chain.qrText);
    const x = base64url.decode(file.keys[chain.key]!.jwk.x);
    expect(await verifyEd25519(x, hex(chain.signingInputHex), hex(chain.signatureHex))).toBe(true);
    // Drawn as the print files draw it, and read back by a real decoder.
    const { png } = await renderQr(chain.url);
    expect(await decodeQr(new Uint8Array(png))).toContain(chain.qrText);
  });

  for (const vector of file.vectors) {
    it(`${vector.id}: ${vector.comment}`, async () => {
      expect(await runCt1Vector(vector)).toEqual(vector.expected);
    });
  }

  it("hold a reference photo's entry (0x02): its bytes, leaf hash and proof, read by both checkers", async () => {
    const log = (
      file as unknown as {
        log: {
          vkey: string;
          reference: {
            input: string;
            loggedAt: number;
            tokenHashHex: string;
            photoHex: string;
            photoSha256Hex: string;
            fingerprintHex: string;
            fingerprintSha256Hex: string;
            entryHex: string;
            leafHashHex: string;
            index: number;
            logProof: string;
          };
        };
      }
    ).log;
    const r = log.reference;
    const sha = (h: string) => createHash('sha256').update(hex(h)).digest('hex');
    expect(sha(r.photoHex)).toBe(r.photoSha256Hex);
    expect(sha(r.fingerprintHex)).toBe(r.fingerprintSha256Hex);
    expect(toHex(await tokenLogHash(parseTokenText(r.input).bytes))).toBe(r.tokenHashHex);
    const entry = encodeReferenceEntry({
      loggedAt: r.loggedAt,
      tokenHash: hex(r.tokenHashHex),
      photoHash: hex(r.photoSha256Hex),
      fingerprintHash: hex(r.fingerprintSha256Hex),
    });
    expect(toHex(entry)).toBe(r.entryHex);
    expect(toHex(await leafHash(entry))).toBe(r.leafHashHex);
    expect(decodeReferenceIndependently(Buffer.from(r.entryHex, 'hex'))).toEqual({
      loggedAt: r.loggedAt,
      tokenHash: r.tokenHashHex,
      photoSha256: r.photoSha256Hex,
      fingerprintSha256: r.fingerprintSha256Hex,
    });
    const key = await parseVkey(log.vkey);
    expect(
      await checkReferenceProof(r.input, r.logProof, key, { photo: hex(r.photoHex) }),
    ).toMatchObject({ index: r.index, loggedAt: r.loggedAt, photo: 'matches' });
    expect(
      independentlyProvenReference(r.logProof, r.input, log.vkey, Buffer.from(r.photoHex, 'hex')),
    ).toBe(true);
    // The fingerprint's bytes are not the photo: refused by both.
    await expect(
      checkReferenceProof(r.input, r.logProof, key, { photo: hex(r.fingerprintHex) }),
    ).rejects.toThrow(/not the reference/);
    expect(
      independentlyProvenReference(
        r.logProof,
        r.input,
        log.vkey,
        Buffer.from(r.fingerprintHex, 'hex'),
      ),
    ).toBe(false);
  });

  it('hold a claimed, a changed, a released and a voided claim entry (0x03), read by both checkers', async () => {
    const claims = (
      file as unknown as {
        log: {
          claims: {
            input: string;
            loggedAt: number;
            tokenHashHex: string;
            event: 'claimed' | 'changed' | 'released' | 'voided';
            claim: number;
            shown: { handle: boolean; photo: boolean };
            handle: string | null;
            handleHashHex: string;
            entryHex: string;
            leafHashHex: string;
          }[];
        };
      }
    ).log.claims;
    expect(claims.map((c) => c.event)).toEqual(['claimed', 'changed', 'released', 'voided']);
    for (const c of claims) {
      const tokenHash = await tokenLogHash(parseTokenText(c.input).bytes);
      expect(toHex(tokenHash), c.event).toBe(c.tokenHashHex);
      const nameHash = c.handle
        ? await claimHandleHash(parseTokenText(c.input).bytes, c.handle)
        : new Uint8Array(32);
      expect(toHex(nameHash), c.event).toBe(c.handleHashHex);
      if (c.handle) {
        expect(claimNameHashIndependently(c.input, c.handle)).toBe(c.handleHashHex);
      }
      const entry = encodeClaimEntry({
        loggedAt: c.loggedAt,
        tokenHash,
        event: c.event,
        claim: c.claim,
        shown: c.shown,
        handleHash: nameHash,
      });
      expect(toHex(entry), c.event).toBe(c.entryHex);
      expect(entry.length).toBe(77);
      expect(toHex(await leafHash(entry)), c.event).toBe(c.leafHashHex);
      const decoded = {
        loggedAt: c.loggedAt,
        tokenHash: c.tokenHashHex,
        event: c.event,
        claim: c.claim,
        shown: c.shown,
        handleHash: c.handleHashHex,
      };
      const ours = decodeClaimEntry(hex(c.entryHex));
      expect({
        ...ours,
        tokenHash: toHex(ours.tokenHash),
        handleHash: toHex(ours.handleHash),
      }).toEqual(decoded);
      expect(decodeClaimIndependently(Buffer.from(c.entryHex, 'hex'))).toEqual(decoded);
    }
    // A name hash with no name shown is the wrong shape, for both readers.
    const odd = Buffer.from(claims[1]!.entryHex, 'hex');
    odd[76] = 1;
    expect(() => decodeClaimEntry(new Uint8Array(odd))).toThrow(/name hash/);
    expect(decodeClaimIndependently(odd)).toBeNull();
    // So is a released claim that still shows its photo.
    const showing = Buffer.from(claims[2]!.entryHex, 'hex');
    showing[44] = 2;
    expect(() => decodeClaimEntry(new Uint8Array(showing))).toThrow(/still shows/);
    expect(decodeClaimIndependently(showing)).toBeNull();
  });

  it('agree with a second verifier written from spec/ct1.md alone, on every case', () => {
    for (const vector of file.vectors) {
      const ctx = file.contexts[vector.context]!;
      expect(independentVerdict(ctx, vector.input, vector.logProof), vector.id).toEqual(
        vector.expected,
      );
    }
  });
});
