// Runs one case of spec/vectors/ct1-vectors.json through Cachet's own verifier and answers in
// the vector's terms: the trust stage, then the verdict, its stages, warnings and revocation.
import { readFileSync } from 'node:fs';
import {
  importKeyring,
  isCachetError,
  loadTrust,
  parseTokenText,
  readCardInput,
  revocationId,
  toHex,
  verifyCardOffline,
} from '../../src/core/index.js';
import { VECTORS_PATH } from '../../scripts/ct1-vectors.js';
import { hex } from './vectors.js';

export interface Ct1Context {
  comment: string;
  now: string;
  jwks: { keys: unknown[] };
  trustBundle: string;
  revocationList: string;
}

export interface Ct1Expected {
  trust: string;
  status?: string;
  stages?: Record<string, string>;
  warnings?: string[];
  revocation?: { reason: string; rid: string };
}

export interface Ct1Vector {
  id: string;
  comment: string;
  context: string;
  input: string;
  logProof?: string;
  expected: Ct1Expected;
}

export interface Ct1File {
  contexts: Record<string, Ct1Context>;
  vectors: Ct1Vector[];
  chain: Record<string, unknown> & { digits: string; url: string; qrText: string };
  keys: Record<string, { testOnly: true; seedHex: string; jwk: { kid: string; x: string } }>;
}

let cached: Ct1File | undefined;
export function loadCt1Vectors(): Ct1File {
  cached ??= JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Ct1File;
  return cached;
}

export async function runCt1Vector(vector: Ct1Vector): Promise<Ct1Expected> {
  const ctx = loadCt1Vectors().contexts[vector.context]!;
  const now = new Date(ctx.now);
  let trust;
  try {
    trust = await loadTrust(ctx.trustBundle, hex(ctx.revocationList), {
      now,
      trusted: await importKeyring(ctx.jwks),
    });
  } catch (error) {
    if (isCachetError(error)) return { trust: error.code };
    throw error;
  }
  const digits = readCardInput(vector.input).digits;
  const verdict = await verifyCardOffline(digits, { ...trust, now, logProof: vector.logProof });
  return {
    trust: 'ok',
    status: verdict.status,
    stages: { ...verdict.stages },
    warnings: verdict.warnings,
    ...(verdict.revocation && {
      revocation: {
        reason: verdict.revocation.reason,
        rid: toHex(await revocationId(parseTokenText(digits))),
      },
    }),
  };
}
