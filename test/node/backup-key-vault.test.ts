// keys.enc: private keys sealed under a passphrase (Argon2id, then AES-256-GCM) open with that
// passphrase only, refuse any altered byte, keep their KDF's parameters, and never stall the
// event loop while the KDF runs (the server seals its scheduled backups too).
import { describe, expect, it } from 'vitest';
import { CachetError } from '../../src/core/index.js';
import { MIN_PASSPHRASE, openKeys, sealKeys, VAULT_FORMAT } from '../../src/node/key-vault.js';

const FILES = [
  { path: 'private/abc.jwk', text: '{"kty":"OKP","crv":"Ed25519","d":"secret-one"}\n' },
  { path: 'private/log.jwk', text: '{"kty":"OKP","purpose":"log","d":"secret-two"}\n' },
];
const PASSPHRASE = 'correct horse battery staple';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'opened',
    (error: unknown) => (error instanceof CachetError ? error.code : String(error)),
  );

describe('the key vault', () => {
  it('opens with its passphrase, and records Argon2id at RFC 9106 second setting', async () => {
    const sealed = await sealKeys(FILES, PASSPHRASE);
    expect(sealed).not.toContain('secret-one');
    const parsed = JSON.parse(sealed);
    expect(parsed).toMatchObject({
      format: VAULT_FORMAT,
      kdf: { name: 'argon2id', passes: 3, memory: 65536, parallelism: 4, tagLength: 32 },
      cipher: { name: 'aes-256-gcm' },
      files: ['private/abc.jwk', 'private/log.jwk'],
    });
    expect(Buffer.from(parsed.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(parsed.cipher.iv, 'base64')).toHaveLength(12);
    expect(await openKeys(sealed, PASSPHRASE)).toEqual(FILES);
    // A new salt and iv every time: two seals of the same keys share nothing.
    const again = JSON.parse(await sealKeys(FILES, PASSPHRASE));
    expect(again.kdf.salt).not.toBe(parsed.kdf.salt);
    expect(again.data).not.toBe(parsed.data);
  });

  it('refuses a wrong passphrase and every altered part with ERR_PASSPHRASE', async () => {
    const sealed = await sealKeys(FILES, PASSPHRASE);
    expect(await codeOf(openKeys(sealed, `${PASSPHRASE}!`))).toBe('ERR_PASSPHRASE');
    const parsed = JSON.parse(sealed);
    const data = Buffer.from(parsed.data, 'base64');
    data[3] ^= 1;
    const alterations = [
      { ...parsed, data: data.toString('base64') },
      { ...parsed, files: ['private/other.jwk', 'private/log.jwk'] },
      // The KDF's parameters are read from the file: changed, they give another key.
      { ...parsed, kdf: { ...parsed.kdf, passes: 2 } },
    ];
    for (const altered of alterations) {
      expect(await codeOf(openKeys(JSON.stringify(altered), PASSPHRASE))).toBe('ERR_PASSPHRASE');
    }
    const error = await openKeys(sealed, 'not the passphrase').catch((e: CachetError) => e);
    expect((error as CachetError).message).toMatch(/^[^\n]+passphrase[^\n]+$/);
  });

  it(`refuses to seal under a passphrase shorter than ${MIN_PASSPHRASE} characters`, async () => {
    expect(await codeOf(sealKeys(FILES, 'x'.repeat(MIN_PASSPHRASE - 1)))).toBe('ERR_PASSPHRASE');
  });

  it('runs the KDF off the event loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    await sealKeys(FILES, PASSPHRASE);
    clearInterval(timer);
    const elapsed = Date.now() - started;
    // A synchronous KDF would give no tick at all while it ran.
    expect(ticks).toBeGreaterThanOrEqual(Math.min(3, Math.floor(elapsed / 20)));
    expect(ticks).toBeGreaterThan(0);
  });
});
