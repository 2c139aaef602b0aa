// The origins file beside the registry is only a hint: whatever is in it (JSON of another shape,
// null, a list), the server and the CLI read what is well formed and ignore the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteServedOrigin, readOrigins } from '../../src/node/origin-file.js';
import { tempDir } from '../helpers/fixture.js';

const served = { origin: 'https://verify.example', hosts: ['verify.example'] };

describe('the origins file', () => {
  it('reads nothing from a file of another shape, and never throws', () => {
    const db = join(tempDir(), 'cachet.db');
    for (const text of ['null', '[]', '7', '"x"', '{"served":null,"minted":5}', '{"served":{}}']) {
      writeFileSync(`${db}.origins.json`, text);
      expect(readOrigins(db), text).toEqual({});
    }
    writeFileSync(`${db}.origins.json`, '{"served":{"origin":"https://a.example","hosts":"a"}}');
    expect(readOrigins(db)).toEqual({});
  });

  it('keeps the well-formed half of a half-damaged file', () => {
    const db = join(tempDir(), 'cachet.db');
    writeFileSync(`${db}.origins.json`, '{"served":7,"minted":"https://verify.example"}');
    expect(readOrigins(db)).toEqual({ minted: 'https://verify.example' });
  });

  it('is written anew over a damaged file by the next server', () => {
    const db = join(tempDir(), 'cachet.db');
    writeFileSync(`${db}.origins.json`, 'null');
    expect(noteServedOrigin(db, served)).toBeUndefined();
    expect(readOrigins(db)).toEqual({ served });
  });
});
