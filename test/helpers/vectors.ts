// Loads the published test vectors checked in under test/vectors (see SOURCE.md there).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function loadVector<T>(name: string): T {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`../vectors/${name}`, import.meta.url)), 'utf8'),
  ) as T;
}

export const hex = (text: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(Buffer.from(text, 'hex'));
