// Keys on disk: which key signs new cards when several are there.
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/core/index.js';
import { loadKeyring, loadSigner, storeKeyPair } from '../../src/store/key-files.js';
import { tempDir } from '../helpers/fixture.js';

describe('loadSigner', () => {
  it('prefers a production key to a development key, whatever their order and dates', async () => {
    const dir = tempDir();
    await storeKeyPair(dir, await generateKeyPair({ validFrom: '2026-01-01' }));
    const production = (await loadKeyring(dir)).keys[0]!.kid;
    await storeKeyPair(dir, await generateKeyPair({ validFrom: '2026-06-01', development: true }));
    const keyring = await loadKeyring(dir);
    expect(keyring.keys).toHaveLength(2);
    expect((await loadSigner(dir, keyring, undefined))?.key.kid).toBe(production);
  });

  it('takes the newest active production key, and none when no private key is on disk', async () => {
    const dir = tempDir();
    await storeKeyPair(dir, await generateKeyPair({ validFrom: '2025-01-01' }));
    await storeKeyPair(dir, await generateKeyPair({ validFrom: '2026-01-01' }));
    const keyring = await loadKeyring(dir);
    const newest = keyring.keys.find((k) => k.jwk.validFrom === '2026-01-01')!.kid;
    expect((await loadSigner(dir, keyring, undefined))?.key.kid).toBe(newest);
    const bare = tempDir();
    await storeKeyPair(bare, await generateKeyPair({ validFrom: '2026-01-01' }), {
      privateOut: false,
    });
    expect(await loadSigner(bare, await loadKeyring(bare), undefined)).toBeNull();
  });
});
