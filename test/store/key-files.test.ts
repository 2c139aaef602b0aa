// Keys on disk: which key signs new cards when several are there, and who may write them.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/core/index.js';
import { loadKeyring, loadSigner, storeKeyPair } from '../../src/store/key-files.js';
import { CACHET_BIN } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';
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

describe('the keys folder on disk', () => {
  /** `cachet keygen` run by a shell whose umask takes nothing away. */
  const keygenUnderUmask0 = (cwd: string) =>
    spawnSync('sh', ['-c', `umask 000; exec "$0" "$1" keygen`, process.execPath, CACHET_BIN], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...clockEnv() },
      encoding: 'utf8',
    });
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('never lets another user write jwks.json or its folder, whatever the umask', () => {
    const cwd = tempDir();
    const made = keygenUnderUmask0(cwd);
    expect(made.status, made.stderr).toBe(0);
    expect(modeOf(join(cwd, 'keys', 'jwks.json'))).toBe(0o644);
    expect(modeOf(join(cwd, 'keys')) & 0o022).toBe(0);
    for (const file of readdirSync(join(cwd, 'keys', 'private'))) {
      expect(modeOf(join(cwd, 'keys', 'private', file))).toBe(0o600);
    }
  });

  it('narrows a keys folder others could write to, and keeps a narrower one as it is', () => {
    const wide = tempDir();
    mkdirSync(join(wide, 'keys'));
    chmodSync(join(wide, 'keys'), 0o777);
    expect(keygenUnderUmask0(wide).status).toBe(0);
    expect(modeOf(join(wide, 'keys'))).toBe(0o755);
    const narrow = tempDir();
    mkdirSync(join(narrow, 'keys'));
    chmodSync(join(narrow, 'keys'), 0o700);
    expect(keygenUnderUmask0(narrow).status).toBe(0);
    expect(modeOf(join(narrow, 'keys'))).toBe(0o700);
  });
});
