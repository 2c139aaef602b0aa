// spec/vectors/ct1-vectors.json: the checked-in file is exactly what its script writes, and
// Cachet's verifier gives the expected answer, stage by stage, for every case.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cardUrl,
  encodeClaims,
  formatToken,
  parseTokenText,
  signingInput,
  toHex,
  verifyEd25519,
} from '../../src/core/index.js';
import { qrText } from '../../src/print/qr.js';
import { renderQr } from '../../src/node/render-qr.js';
import { generateCt1Vectors, VECTORS_PATH } from '../../scripts/ct1-vectors.js';
import { loadCt1Vectors, runCt1Vector } from '../helpers/ct1-vectors.js';
import { independentVerdict } from '../helpers/independent-ct1.js';
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

  it('agree with a second verifier written from spec/ct1.md alone, on every case', () => {
    for (const vector of file.vectors) {
      const ctx = file.contexts[vector.context]!;
      expect(independentVerdict(ctx, vector.input, vector.logProof), vector.id).toEqual(
        vector.expected,
      );
    }
  });
});
