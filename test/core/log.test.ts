// The issuance log's pure core against published vectors: RFC 6962 tree heads and proofs
// (transparency-dev/merkle), Go's signed note, and the C2SP tlog-tiles and tlog-proof texts.
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  cosigner,
  decodeEntryBundle,
  decodeAnyEntry,
  decodeLogEntry,
  ed25519NoteSigner,
  encodeEntryBundle,
  encodeLogEntry,
  encodeReferenceEntry,
  entryTypeName,
  formatCheckpoint,
  formatTlogProof,
  formatVkey,
  fromBase64,
  inclusionProof,
  leafHash,
  memoryReader,
  noteKey,
  openNote,
  parseCheckpoint,
  parseTilePath,
  parseTlogProof,
  parseVkey,
  rootHash,
  SIG_COSIGNATURE_V1,
  signNote,
  tileIndexPath,
  tilePath,
  tilesAt,
  toHex,
  tokenLogHash,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/index.js';
import { hex, loadVector } from '../helpers/vectors.js';

interface MerkleVectors {
  leaves: string[];
  roots: string[];
  nodeHashes: string[][];
  inclusion: { leaf: number; size: number; proof: string[] }[];
  consistency: { size1: number; size2: number; proof: string[] }[];
}
const v = loadVector<MerkleVectors>('rfc6962_merkle.json');
const hexes = (list: Uint8Array[]) => list.map(toHex);

async function referenceTree() {
  const leaves = await Promise.all(v.leaves.map((l) => leafHash(hex(l))));
  return { leaves, read: memoryReader(leaves) };
}

/** A proof with one bit flipped in one of its hashes, or with a hash added or taken away. */
function corruptions(proof: Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  proof.forEach((_, i) => {
    const flipped = proof.map((p) => p.slice());
    flipped[i]![0]! ^= 8;
    out.push(flipped);
  });
  if (proof.length > 0) out.push(proof.slice(0, -1), [proof[0]!, ...proof]);
  out.push([...proof, new Uint8Array(32)]);
  return out;
}

describe('RFC 6962 Merkle trees (transparency-dev/merkle vectors)', () => {
  it('gives the published tree head for every size 0 to 8, and every node hash', async () => {
    const { read } = await referenceTree();
    for (let size = 0; size <= 8; size++) {
      expect(toHex(await rootHash(size, read)), `size ${size}`).toBe(v.roots[size]);
    }
    for (const [level, row] of v.nodeHashes.entries()) {
      for (const [index, hash] of row.entries()) {
        expect(toHex(await read(level, index)), `${level}/${index}`).toBe(hash);
      }
    }
  });

  it('makes the published inclusion proofs, which verify, and refuses every corruption', async () => {
    const { leaves, read } = await referenceTree();
    for (const c of v.inclusion) {
      const index = c.leaf - 1;
      const root = hex(v.roots[c.size]!);
      const proof = await inclusionProof(index, c.size, read);
      expect(hexes(proof)).toEqual(c.proof);
      expect(await verifyInclusion(leaves[index]!, index, c.size, proof, root)).toBe(true);
      for (const bad of corruptions(proof)) {
        expect(await verifyInclusion(leaves[index]!, index, c.size, bad, root)).toBe(false);
      }
      for (const [i, n] of [
        [index + 1, c.size],
        [index ^ 2, c.size],
        [index, c.size * 2],
        [index, Math.floor(c.size / 2)],
      ] as const) {
        if (i === index && n === c.size) continue;
        expect(await verifyInclusion(leaves[index]!, i, n, proof, root), `${i} of ${n}`).toBe(
          false,
        );
      }
      expect(await verifyInclusion(hex('00'.repeat(32)), index, c.size, proof, root)).toBe(false);
    }
  });

  it('makes the published consistency proofs, which verify, and refuses every corruption', async () => {
    const { read } = await referenceTree();
    for (const c of v.consistency) {
      const [root1, root2] = [hex(v.roots[c.size1]!), hex(v.roots[c.size2]!)];
      const proof = await consistencyProof(c.size1, c.size2, read);
      expect(hexes(proof)).toEqual(c.proof);
      expect(await verifyConsistency(c.size1, c.size2, proof, root1, root2)).toBe(true);
      if (proof.length === 0) continue;
      for (const bad of corruptions(proof)) {
        expect(await verifyConsistency(c.size1, c.size2, bad, root1, root2)).toBe(false);
      }
      expect(await verifyConsistency(c.size1, c.size2, proof, root2, root1)).toBe(false);
      expect(await verifyConsistency(c.size1 + 1, c.size2, proof, root1, root2)).toBe(false);
      expect(await verifyConsistency(c.size1, c.size2, [], root1, root2)).toBe(false);
    }
  });

  it('proves every leaf in every tree up to 40 leaves, and every tree consistent with every later one', async () => {
    const leaves = await Promise.all(
      Array.from({ length: 40 }, (_, i) => leafHash(new Uint8Array([i, 7 * i]))),
    );
    const read = memoryReader(leaves);
    const roots = [];
    for (let n = 0; n <= leaves.length; n++) roots.push(await rootHash(n, read));
    for (let n = 1; n <= leaves.length; n++) {
      for (let i = 0; i < n; i++) {
        const proof = await inclusionProof(i, n, read);
        expect(await verifyInclusion(leaves[i]!, i, n, proof, roots[n]!), `${i} in ${n}`).toBe(
          true,
        );
        expect(await verifyInclusion(leaves[i]!, i, n, proof, roots[n - 1]!)).toBe(false);
      }
      for (let m = 0; m <= n; m++) {
        const proof = await consistencyProof(m, n, read);
        expect(await verifyConsistency(m, n, proof, roots[m]!, roots[n]!), `${m} to ${n}`).toBe(
          true,
        );
        if (m > 0 && m < n) {
          expect(await verifyConsistency(m, n, proof, roots[m - 1]!, roots[n]!)).toBe(false);
        }
      }
    }
  }, 60_000);
});

describe('tlog-tiles paths and entry bundles', () => {
  it("writes tile indexes in the spec's three-digit groups, and reads back only that spelling", () => {
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(5)).toBe('005');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 'entries', index: 3, width: 17 })).toBe('tile/entries/003.p/17');
    for (const ref of [
      { level: 2, index: 999_999_999, width: 1 },
      { level: 'entries' as const, index: 0, width: 256 },
      { level: 63, index: 1000, width: 255 },
    ]) {
      expect(parseTilePath(tilePath(ref))).toEqual(ref);
    }
    for (const bad of [
      'tile/0/1',
      'tile/00/001',
      'tile/0/x000/001',
      'tile/0/001.p/256',
      'tile/0/001.p/0',
      'tile/0/001.p/017',
      'tile/64/001',
      'tile/0/001/',
      'tile/0/x001',
      '/tile/0/001',
    ]) {
      expect(parseTilePath(bad), bad).toBeNull();
    }
  });

  it('counts the tiles of a tree of 70,000 as the spec does', () => {
    expect(tilesAt(0, 70_000)).toEqual({ full: 273, partial: 112 });
    expect(tilesAt(1, 70_000)).toEqual({ full: 1, partial: 17 });
    expect(tilesAt(2, 70_000)).toEqual({ full: 0, partial: 1 });
    expect(tilesAt(1, 256)).toEqual({ full: 0, partial: 1 });
  });

  it('bundles entries with a big-endian length before each, and refuses a cut bundle', () => {
    const entries = [new Uint8Array(47).fill(1), new Uint8Array(0), new Uint8Array(300).fill(9)];
    const bundle = encodeEntryBundle(entries);
    expect([...bundle.subarray(0, 2)]).toEqual([0, 47]);
    expect([...bundle.subarray(49, 53)]).toEqual([0, 0, 1, 44]);
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1))).toThrow(/cut/);
  });
});

describe('log entries', () => {
  it('are 47 bytes: kind, logged-at, day, key id, token hash; and say nothing else', async () => {
    const token = new Uint8Array(86).fill(7);
    const tokenHash = await tokenLogHash(token);
    const entry = { loggedAt: 1_796_083_200, day: 9830, keyId: hex('a1b2c3d4'), tokenHash };
    const bytes = encodeLogEntry(entry);
    expect(bytes.length).toBe(47);
    expect(toHex(bytes.subarray(0, 15))).toBe('01000000006b0e0e002666a1b2c3d4');
    expect(decodeLogEntry(bytes)).toEqual(entry);
    expect(() => decodeLogEntry(bytes.subarray(1))).toThrow(/47 bytes/);
    expect(() => decodeLogEntry(new Uint8Array([2, ...bytes.subarray(1)]))).toThrow(/47 bytes/);
    // The token itself never appears: only its domain-separated hash.
    expect(toHex(bytes)).not.toContain(toHex(token.subarray(0, 8)));
    expect(toHex(tokenHash)).not.toBe(toHex(await leafHash(token)));
  });

  it('read every type: an issuance, a reference photo (105 bytes, hashes only), or an unknown type said as such', async () => {
    const tokenHash = await tokenLogHash(new Uint8Array(86).fill(7));
    const reference = {
      loggedAt: 1_796_083_200,
      tokenHash,
      photoHash: new Uint8Array(32).fill(0xaa),
      fingerprintHash: new Uint8Array(32).fill(0xbb),
    };
    const bytes = encodeReferenceEntry(reference);
    expect(bytes.length).toBe(105);
    expect(toHex(bytes.subarray(0, 9))).toBe('02000000006b0e0e00');
    expect(toHex(bytes.subarray(9, 41))).toBe(toHex(tokenHash));
    expect(decodeAnyEntry(bytes)).toEqual({ type: 'reference', ...reference });
    const issuance = encodeLogEntry({ loggedAt: 5, day: 1, keyId: hex('a1b2c3d4'), tokenHash });
    expect(decodeAnyEntry(issuance)).toMatchObject({ type: 'issuance', loggedAt: 5, day: 1 });
    expect(decodeAnyEntry(hex('09c0ffee'))).toEqual({ type: 'unknown', byte: 9, length: 4 });
    expect(entryTypeName(9)).toBe('unknown type 0x09');
    // A known type of the wrong shape is refused, never read as another.
    expect(() => decodeAnyEntry(bytes.subarray(0, 104))).toThrow(/105 bytes starting 0x02/);
    expect(() => decodeAnyEntry(issuance.subarray(0, 46))).toThrow(/47 bytes/);
    expect(() => decodeAnyEntry(new Uint8Array())).toThrow(/never empty/);
  });
});

describe('signed notes (Go sumdb/note vector) and witness cosignatures', () => {
  const go = loadVector<{ vkey: string; skey: string; text: string; note: string }>(
    'sumdb_note.json',
  );

  it("signs Go's example text into Go's published note, and opens it with the verifier key", async () => {
    const key = await parseVkey(go.vkey);
    expect(toHex(key.keyId)).toBe('c74f20a3');
    expect(formatVkey(key)).toBe(go.vkey);
    const seed = fromBase64(go.skey.split('+').slice(4).join('+')).slice(1);
    const privateKey = await crypto.subtle.importKey(
      'jwk',
      { kty: 'OKP', crv: 'Ed25519', d: base64url.encode(seed), x: base64url.encode(key.publicKey) },
      { name: 'Ed25519' },
      false,
      ['sign'],
    );
    const signer = await ed25519NoteSigner('PeterNeumann', key.publicKey, privateKey);
    expect(await signNote(go.text, [signer])).toBe(go.note);
    expect((await openNote(go.note, [key])).text).toBe(go.text);
  });

  it('refuses a changed text, a note no trusted key signed, and malformed notes', async () => {
    const key = await parseVkey(go.vkey);
    await expect(openNote(go.note.replace('cryptography', 'cryptographY'), [key])).rejects.toThrow(
      /does not verify/,
    );
    const stranger = await noteKey('PeterNeumann', 1, new Uint8Array(32).fill(9));
    await expect(openNote(go.note, [stranger])).rejects.toThrow(/no key this client trusts/);
    for (const bad of [
      go.text,
      go.note.replace('\n\n', '\n'),
      go.note.replace('—', '-'),
      `${go.note}\u0007`,
    ]) {
      await expect(openNote(bad, [key])).rejects.toThrow();
    }
    await expect(parseVkey(go.vkey.replace('c74f20a3', 'c74f20a4'))).rejects.toThrow(/key ID/);
  });

  it("a witness's timestamped cosignature verifies over the checkpoint, and only with its time", async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const witness = await cosigner(
      'witness.example/w1',
      publicKey,
      pair.privateKey,
      () => 1_700_000_000,
    );
    expect(witness.key.type).toBe(SIG_COSIGNATURE_V1);
    const text = formatCheckpoint({
      origin: 'verify.example.com/log',
      size: 8,
      root: hex(v.roots[8]!),
    });
    const note = await signNote(text, [witness]);
    const opened = await openNote(note, [witness.key]);
    expect(opened.verified[0]!.timestamp).toBe(1_700_000_000);
    // Another time in the same signature: the signed message changes, the signature fails.
    const line = note.split('\n').at(-2)!;
    const sig = fromBase64(line.split(' ')[2]!);
    sig[11] ^= 1;
    const moved = note.replace(line, `— witness.example/w1 ${Buffer.from(sig).toString('base64')}`);
    await expect(openNote(moved, [witness.key])).rejects.toThrow(/does not verify/);
  });
});

describe('checkpoints and tlog-proof texts', () => {
  it('writes and reads a checkpoint, and refuses other spellings', () => {
    const text = formatCheckpoint({
      origin: 'verify.example.com/log',
      size: 70_000,
      root: hex(v.roots[8]!),
    });
    expect(text).toBe(
      'verify.example.com/log\n70000\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n',
    );
    expect(parseCheckpoint(text)).toEqual({
      origin: 'verify.example.com/log',
      size: 70_000,
      root: hex(v.roots[8]!),
      extensions: [],
    });
    for (const bad of [
      text.slice(0, -1),
      text.replace('70000', '070000'),
      text.replace('70000', '-1'),
      text.replace('\n70000', '\n\n70000'),
      text.replace('=\n', '\n'),
    ]) {
      expect(() => parseCheckpoint(bad), JSON.stringify(bad)).toThrow();
    }
  });

  it("reads the spec's example proof, and writes what it reads", () => {
    const example = [
      'c2sp.org/tlog-proof@v1',
      'extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ',
      'index 73894',
      'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
      'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=',
      '',
      'example.com/fancylog',
      '109482',
      'sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=',
      '',
      '— example.com/fancylog hI2DJw[...]1roloI=',
      '',
    ].join('\n');
    const proof = parseTlogProof(example);
    expect(proof.index).toBe(73894);
    expect(proof.proof).toHaveLength(2);
    expect(proof.checkpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true);
    expect(formatTlogProof(proof)).toBe(example);
    expect(() => parseTlogProof(example.replace('index 73894', 'index 073894'))).toThrow();
    expect(() => parseTlogProof(example.replace('c2sp.org', 'c2sp.com'))).toThrow();
  });
});
