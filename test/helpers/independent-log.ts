// A second implementation of what a card's log proof claims, written apart from src/core from
// RFC 9162, C2SP signed-note, tlog-checkpoint and tlog-proof alone, on node:crypto: the test's
// stand-in for a journalist's own tool. True only if every part holds.
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null. */
export function rootFrom(leaf: Buffer, index: number, size: number, path: Buffer[]): Buffer | null {
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return null;
    if (fn & 1n || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while (!(fn & 1n) && fn !== 0n) [fn, sn] = [fn >> 1n, sn >> 1n];
    } else r = sha(Buffer.from([1]), r, p);
    [fn, sn] = [fn >> 1n, sn >> 1n];
  }
  return sn === 0n ? r : null;
}

/** Whether `note` carries a valid Ed25519 signature (type 0x01) by the key of `vkey`. */
export function noteSignedBy(note: string, vkey: string): boolean {
  // name+id+base64(type ‖ key); the base64 may hold '+' itself.
  const [name, id, ...rest] = vkey.trim().split('+') as [string, string, ...string[]];
  const material = Buffer.from(rest.join('+'), 'base64');
  if (
    material[0] !== 1 ||
    sha(Buffer.from(`${name}\n`), material)
      .subarray(0, 4)
      .toString('hex') !== id
  ) {
    return false;
  }
  const split = note.lastIndexOf('\n\n');
  const body = Buffer.from(note.slice(0, split + 1));
  const spki = Buffer.concat([
    Buffer.from('302a300506032b6570032100', 'hex'),
    material.subarray(1),
  ]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  return note
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.startsWith(`— ${name} `))
    .some((line) => {
      const sig = Buffer.from(line.slice(`— ${name} `.length), 'base64');
      return sig.subarray(0, 4).toString('hex') === id && verify(null, body, key, sig.subarray(4));
    });
}

/** Whether `proof` shows the card of `digits` in the log of `vkey`. */
export function independentlyProven(proof: string, digits: string, vkey: string): boolean {
  const blank = proof.indexOf('\n\n');
  const lines = proof.slice(0, blank).split('\n');
  const checkpoint = proof.slice(blank + 2);
  if (lines[0] !== 'c2sp.org/tlog-proof@v1' || !lines[1]?.startsWith('extra ')) return false;
  const entry = Buffer.from(lines[1].slice(6), 'base64');
  const index = Number(/^index (\d+)$/.exec(lines[2] ?? '')?.[1] ?? NaN);
  const path = lines.slice(3).map((l) => Buffer.from(l, 'base64'));
  // The entry: 0x01, u64 logged-at, u16 day, 4-byte key id, SHA-256("cachet/log/v1\0" ‖ token).
  const tokenBytes = Buffer.from(
    BigInt(digits)
      .toString(16)
      .padStart(digits.length === 208 ? 172 : 204, '0'),
    'hex',
  );
  if (entry.length !== 47 || entry[0] !== 1) return false;
  if (!entry.subarray(11, 15).equals(tokenBytes.subarray(1, 5))) return false;
  if (!entry.subarray(9, 11).equals(tokenBytes.subarray(13, 15))) return false;
  if (!entry.subarray(15).equals(sha(Buffer.from('cachet/log/v1\0'), tokenBytes))) return false;
  const [, size, root] = checkpoint.split('\n');
  const computed = rootFrom(sha(Buffer.from([0]), entry), index, Number(size), path);
  return (
    computed !== null && computed.toString('base64') === root && noteSignedBy(checkpoint, vkey)
  );
}
