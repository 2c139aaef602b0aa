// A second CT1 verifier, written from spec/ct1.md alone and apart from src/: BigInt curve
// arithmetic for the strict encoding rules, node:crypto for hashes and the Ed25519 equation. The
// test's stand-in for a newsroom that implements the spec itself. It answers in the vectors'
// terms (trust, status, stages, warnings, revocation).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { noteSignedBy, rootFrom } from './independent-log.js';

const sha256 = (...parts: (Buffer | string)[]) =>
  createHash('sha256')
    .update(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))))
    .digest();
const b64u = (text: string) => Buffer.from(text, 'base64url');

// Section 4: the curve, for the encoding rules only.
const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const D = (-121665n * inverse(121666n)) % P;
function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}
function power(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = mod(r * b);
    b = mod(b * b);
    e >>= 1n;
  }
  return r;
}
function inverse(a: bigint): bigint {
  return power(a, P - 2n);
}
const littleEndian = (bytes: Buffer) => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);

type Point = [bigint, bigint, bigint, bigint]; // extended coordinates X, Y, Z, T
/** RFC 8032 §5.1.3, refusing a y that is not below p. */
function decodePoint(bytes: Buffer): Point | null {
  if (bytes.length !== 32) return null;
  const y = littleEndian(bytes) & ((1n << 255n) - 1n);
  const sign = bytes[31]! >> 7;
  if (y >= P) return null;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  if (mod(v * x * x) !== u) {
    if (mod(v * x * x) !== mod(-u)) return null;
    x = mod(x * power(2n, (P - 1n) / 4n));
  }
  if (x === 0n && sign === 1) return null;
  if (Number(x & 1n) !== sign) x = mod(-x);
  return [x, y, 1n, mod(x * y)];
}
function add([x1, y1, z1, t1]: Point, [x2, y2, z2, t2]: Point): Point {
  const a = mod((y1 - x1) * (y2 - x2));
  const b = mod((y1 + x1) * (y2 + x2));
  const c = mod(2n * t1 * t2 * D);
  const d = mod(2n * z1 * z2);
  const [e, f, g, h] = [b - a, d - c, d + c, b + a];
  return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
}
/** True for a point whose order divides 8: [8]P is the identity. */
function smallOrder(point: Point): boolean {
  let q = point;
  for (let i = 0; i < 3; i++) q = add(q, q);
  return mod(q[0]) === 0n && mod(q[1] - q[2]) === 0n;
}
function strictPoint(bytes: Buffer): boolean {
  const point = decodePoint(bytes);
  return point !== null && !smallOrder(point);
}
function ed25519(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64 || littleEndian(signature.subarray(32)) >= L) return false;
  if (!strictPoint(publicKey) || !strictPoint(signature.subarray(0, 32))) return false;
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  return verify(
    null,
    message,
    createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    signature,
  );
}

// Section 5: keys.
interface Key {
  kid: string;
  x: Buffer;
  status: string;
  validFrom: number;
  validTo?: number;
  compromisedSince?: number;
  development: boolean;
  receipt: boolean;
}
const dayOf = (date: string) =>
  (Date.parse(`${date}T00:00:00Z`) - Date.UTC(2000, 0, 1)) / 86_400_000;
function readKey(jwk: Record<string, unknown>): Key | null {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return null;
  const thumb = sha256(`{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`).toString('base64url');
  if (jwk.kid !== thumb || !['active', 'retired', 'compromised'].includes(jwk.status as string)) {
    return null;
  }
  const x = b64u(jwk.x);
  if (!strictPoint(x) || typeof jwk.validFrom !== 'string') return null;
  return {
    kid: thumb,
    x,
    status: jwk.status as string,
    validFrom: dayOf(jwk.validFrom),
    ...(typeof jwk.validTo === 'string' && { validTo: dayOf(jwk.validTo) }),
    ...(typeof jwk.compromisedSince === 'string' && {
      compromisedSince: dayOf(jwk.compromisedSince),
    }),
    development: jwk.development === true,
    receipt: jwk.purpose === 'receipt',
  };
}

export interface DeviceTrust {
  now: string;
  jwks: { keys: unknown[] };
  trustBundle: string;
  revocationList: string;
}
interface Answer {
  trust: string;
  status?: string;
  stages?: Record<string, string>;
  warnings?: string[];
  revocation?: { reason: string; rid: string };
}

const REASONS = [
  'other',
  'counterfeit',
  'lost-or-stolen',
  'issued-in-error',
  'client-request',
  'key-compromise',
];

/** Section 9: the bundle and list, or the code they are refused with. */
function openTrust(ctx: DeviceTrust) {
  const now = Date.parse(ctx.now) / 1000;
  const [h, p, s] = ctx.trustBundle.split('.') as [string, string, string];
  const header = JSON.parse(b64u(h).toString()) as Record<string, unknown>;
  const bundle = JSON.parse(b64u(p).toString()) as {
    iat: number;
    exp: number;
    verifyHosts: string[];
    keys: Record<string, unknown>[];
    log: { origin: string; vkey: string } | null;
    revocations: { sha256: string; generatedAt: number; count: number };
  };
  if (header.typ !== 'cachet-trust+jws' || header.alg !== 'EdDSA' || 'crit' in header) return null;
  const keys = bundle.keys.map(readKey);
  if (keys.some((k) => k === null)) return null;
  const trusted = (ctx.jwks.keys as Record<string, unknown>[]).map(readKey);
  const signer = trusted.find((k) => k?.kid === header.kid);
  if (!signer?.receipt || !ed25519(signer.x, Buffer.from(`${h}.${p}`), b64u(s))) return null;
  const iatDay = Math.floor(bundle.iat / 86400) - 10957; // 10957 days from 1970 to 2000
  if (signer.compromisedSince !== undefined && iatDay >= signer.compromisedSince) return null;
  if (now > bundle.exp) return 'stale' as const;
  const list = Buffer.from(ctx.revocationList, 'hex');
  if (sha256(list).toString('hex') !== bundle.revocations.sha256) return null;
  if (list.subarray(0, 4).toString() !== 'CT1R' || list[4] !== 1) return null;
  const generatedAt = Number(list.readBigUInt64BE(5));
  const count = list.readUInt32BE(13);
  if (list.length !== 17 + 9 * count || count !== bundle.revocations.count) return null;
  if (generatedAt !== bundle.revocations.generatedAt) return null;
  const revoked = new Map<string, string>();
  let previous = '';
  for (let i = 0; i < count; i++) {
    const rid = list.subarray(17 + 9 * i, 25 + 9 * i).toString('hex');
    const reason = REASONS[list[25 + 9 * i]!];
    if (rid <= previous || !reason) return null;
    revoked.set(rid, reason);
    previous = rid;
  }
  return { bundle, keys: keys as Key[], revoked, now };
}

/** Section 2: the token bytes of a pasted text, or the ERR_TOKEN_* code. */
function decode(input: string): Buffer | string {
  let text = input.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/c\/([^/]*)\/?$/i.exec(text);
  if (url) text = url[1]!;
  if (text === '') return 'ERR_TOKEN_EMPTY';
  if (!/^[0-9]+$/.test(text)) return 'ERR_TOKEN_CHARACTERS';
  const n = text.length === 208 ? 86 : text.length === 246 ? 102 : 0;
  if (n === 0) return 'ERR_TOKEN_WIDTH';
  const value = BigInt(text);
  if (value >= 256n ** BigInt(n)) return 'ERR_TOKEN_OVERFLOW';
  const bytes = Buffer.from(value.toString(16).padStart(2 * n, '0'), 'hex');
  if (bytes[0] !== 1) return 'ERR_TOKEN_VERSION';
  if (bytes[21]! & 0xfe) return 'ERR_TOKEN_FLAGS';
  if (bytes.length !== (bytes[21]! & 1 ? 102 : 86)) return 'ERR_TOKEN_LENGTH';
  if (bytes[20]! > 13) return 'ERR_TOKEN_OCCASION';
  return bytes;
}

/** Section 10: the log stage for a proof of this token. */
function logStage(proof: string, token: Buffer, vkey: string | undefined): string {
  if (!vkey) return 'ERR_LOG_PROOF';
  const blank = proof.indexOf('\n\n');
  const lines = proof.slice(0, blank).split('\n');
  const checkpoint = proof.slice(blank + 2);
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') return 'ERR_LOG_FORMAT';
  if (!lines[1]?.startsWith('extra ')) return 'ERR_LOG_PROOF';
  const entry = Buffer.from(lines[1].slice(6), 'base64');
  if (
    entry.length !== 47 ||
    !entry.subarray(15).equals(sha256('cachet/log/v1\0', token)) ||
    !entry.subarray(11, 15).equals(token.subarray(1, 5)) ||
    !entry.subarray(9, 11).equals(token.subarray(13, 15))
  ) {
    return 'ERR_LOG_PROOF';
  }
  if (!noteSignedBy(checkpoint, vkey)) return 'ERR_LOG_SIGNATURE';
  const [origin, size, root] = checkpoint.split('\n');
  if (origin !== vkey.split('+')[0]) return 'ERR_LOG_PROOF';
  const index = Number(/^index (\d+)$/.exec(lines[2] ?? '')?.[1] ?? NaN);
  const path = lines.slice(3).map((l) => Buffer.from(l, 'base64'));
  const computed = rootFrom(sha256(Buffer.from([0]), entry), index, Number(size), path);
  return computed?.toString('base64') === root ? 'included' : 'ERR_LOG_PROOF';
}

/** Section 7: the answer for `input` on a device holding `ctx`. */
export function independentVerdict(ctx: DeviceTrust, input: string, proof?: string): Answer {
  const trust = openTrust(ctx);
  if (trust === null) return { trust: 'ERR_TRUST_INVALID' };
  if (trust === 'stale') return { trust: 'ERR_TRUST_STALE' };
  const stages = {
    decode: 'ok',
    signature: 'ok',
    keyDates: 'ok',
    revocation: 'skipped',
    log: 'skipped',
  };
  const token = decode(input);
  if (typeof token === 'string') {
    return {
      trust: 'ok',
      status: 'malformed',
      stages: { ...stages, decode: token, signature: 'skipped', keyDates: 'skipped' },
      warnings: [],
    };
  }
  const body = token.subarray(0, token.length - 64);
  const signature = token.subarray(token.length - 64);
  const id = token.subarray(1, 5).toString('hex');
  const candidates = trust.keys.filter(
    (k) => !k.receipt && b64u(k.kid).subarray(0, 4).toString('hex') === id,
  );
  if (candidates.length === 0) {
    return {
      trust: 'ok',
      status: 'unknown-key',
      stages: { ...stages, signature: 'key-id-unknown', keyDates: 'skipped' },
      warnings: [],
    };
  }
  const message = Buffer.concat([Buffer.from('cachet/card/v1\0'), body]);
  const key = candidates.find((k) => ed25519(k.x, message, signature));
  if (!key) {
    return {
      trust: 'ok',
      status: 'forged',
      stages: { ...stages, signature: 'signature-invalid', keyDates: 'skipped' },
      warnings: [],
    };
  }
  const day = token.readUInt16BE(13);
  const refused =
    (key.compromisedSince !== undefined && day >= key.compromisedSince) ||
    (key.status === 'compromised' && key.compromisedSince === undefined) ||
    day < key.validFrom ||
    (key.validTo !== undefined && day > key.validTo);
  if (refused) {
    const reason = key.status === 'compromised' ? 'key-compromised' : 'key-not-valid-for-date';
    return { trust: 'ok', status: 'forged', stages: { ...stages, keyDates: reason }, warnings: [] };
  }
  const warnings: string[] = [];
  if (key.development) warnings.push('development-key');
  if (key.status === 'compromised') warnings.push('key-compromised');
  if (day > Math.floor(trust.now / 86400) - 10957 + 1) warnings.push('issued-in-future');
  const log = proof ? logStage(proof, token, trust.bundle.log?.vkey) : 'not-checked';
  const rid = sha256('cachet/rid/v1\0', token.subarray(1, 5), signature)
    .subarray(0, 8)
    .toString('hex');
  const reason = trust.revoked.get(rid);
  return {
    trust: 'ok',
    status: reason ? 'revoked' : 'authentic',
    stages: { ...stages, revocation: reason ? `revoked:${reason}` : 'ok', log },
    warnings,
    ...(reason && { revocation: { reason, rid } }),
  };
}
