// Checking cards with the server stopped: `cachet trust pull` saves the brand's trust from the
// built server, then `cachet verify --offline` says authentic for a genuine card and revoked,
// with its reason, for a revoked one; the saved list and bundle are checked every time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importKeyring, loadTrust, verifyTrustBundle } from '../../src/core/index.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, launchBuiltServer } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const cwd = tempDir('cachet-offline-cli-');
const env = {
  CACHET_DB: join(cwd, 'data/cachet.db'),
  CACHET_KEYS_DIR: join(cwd, 'keys'),
  CACHET_LOG_INTERVAL_MS: '100',
};
let server: LocalProcess | undefined;
let authentic: string;
let revoked: string;
const cli = (...args: string[]) => cachetAsync(args, { cwd, env });

beforeAll(async () => {
  server = await launchBuiltServer(cwd, env);
  authentic = /authentic\s+(\S+)/.exec(server.output())![1]!;
  revoked = /revoked\s+(\S+)/.exec(server.output())![1]!;
}, 60_000);
afterAll(() => server?.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server!.url}${path}`, { headers });

async function listCount(): Promise<number> {
  const bytes = new Uint8Array(await (await get('/.well-known/cachet/revocations')).arrayBuffer());
  return new DataView(bytes.buffer).getUint32(13);
}

describe('offline verification from the command line', () => {
  it('serves the list and the bundle with cache headers, and they check with the public JWKS alone', async () => {
    const list = await get('/.well-known/cachet/revocations');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('public, max-age=60');
    expect(list.headers.get('access-control-allow-origin')).toBe('*');
    const etag = list.headers.get('etag')!;
    const bytes = new Uint8Array(await list.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('CT1R');
    expect((await get('/.well-known/cachet/revocations', { 'if-none-match': etag })).status).toBe(
      304,
    );

    const jws = await (await get('/.well-known/cachet/trust.jws')).text();
    const jwks = await importKeyring(await (await get('/.well-known/jwks.json')).json());
    const now = new Date();
    const verified = await verifyTrustBundle(jws, { now, trusted: jwks });
    expect(verified.pinned).toBe(true);
    expect(verified.bundle.revocations.count).toBe(1); // the demo's revoked card
    expect(verified.bundle.log?.vkey).toBe(
      await (await get('/log/vkey')).text().then((t) => t.trim()),
    );
    await expect(loadTrust(jws, bytes, { now, trusted: jwks })).resolves.toBeTruthy();
    // A bundle checked against keys it does not come from is refused.
    const stranger = await importKeyring({ keys: [] });
    await expect(verifyTrustBundle(jws, { now, trusted: stranger })).rejects.toThrow(
      /not in the trusted JWK Set/,
    );
  });

  // About a dozen CLI processes and a server: 10 s alone, past 30 s beside the other suites.
  it('pulls the trust, and with the server stopped says authentic, revoked with its reason, and look-alike', async () => {
    // A card revoked now, with another reason than the demo's: the list is rebuilt within seconds.
    const minted = await cli('mint', '--boutique', 'PAR-SH', '--associate', '101', '--json');
    expect(minted.code, minted.stderr).toBe(0);
    const card = JSON.parse(minted.stdout) as { url: string; serial: string };
    const revoke = await cli('revoke', card.serial, '--reason', 'counterfeit');
    expect(revoke.code, revoke.stderr).toBe(0);
    const until = Date.now() + 15_000;
    while ((await listCount()) < 2 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 250));
    expect(await listCount()).toBe(2);

    const proof = await cli('log', 'proof', authentic);
    expect(proof.code, proof.stderr).toBe(0);
    writeFileSync(join(cwd, 'card.tlog-proof'), proof.stdout);
    const pull = await cli('trust', 'pull', server!.url);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toMatch(/revocations\s+2, as of/);
    await server!.close();
    server = undefined;

    const genuine = await cli('verify', '--offline', authentic);
    expect(genuine.code, genuine.stderr).toBe(0);
    expect(genuine.stdout).toMatch(/^authentic\n/);
    expect(genuine.stdout).toMatch(/checked\s+on this machine, with no network/);
    expect(genuine.stdout).toMatch(/revocations\s+as of .* ago\); the bundle expires/);

    const demoRevoked = await cli('verify', '--offline', '--json', revoked);
    expect(demoRevoked.code).toBe(1);
    expect(JSON.parse(demoRevoked.stdout)).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'lost-or-stolen' },
      checkedOffline: true,
    });
    const counterfeit = await cli('verify', '--offline', card.url);
    expect(counterfeit.code).toBe(1);
    expect(counterfeit.stdout).toMatch(/^revoked\n[\s\S]*revoked\s+counterfeit/);

    const logged = await cli('verify', '--offline', '--proof', 'card.tlog-proof', authentic);
    expect(logged.code, logged.stderr).toBe(0);
    expect(logged.stdout).toMatch(/log\s+entry \d+, logged /);
    const wrongProof = await cli('verify', '--offline', '--proof', 'card.tlog-proof', card.url);
    expect(wrongProof.stdout).toMatch(/log\s+proof refused: the proof is for another card/);

    const elsewhere = authentic.replace('127.0.0.1', 'verify.example.net');
    const lookAlike = await cli('verify', '--offline', '--trust', pulledDir(), elsewhere);
    expect(lookAlike.code).toBe(1);
    expect(lookAlike.stdout).toMatch(/^look-alike\n\s+leads to\s+verify\.example\.net/);
  }, 120_000);

  it('signs a new bundle with the new keys within seconds of a key rotation', async () => {
    const dir = tempDir('cachet-offline-rotate-');
    const rotEnv = {
      ...env,
      CACHET_DB: join(dir, 'cachet.db'),
      CACHET_KEYS_DIR: join(dir, 'keys'),
    };
    const own = await launchBuiltServer(dir, rotEnv);
    try {
      const kids = async () => {
        const jws = await (await fetch(`${own.url}/.well-known/cachet/trust.jws`)).text();
        const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString());
        return (payload.keys as { kid: string }[]).map((k) => k.kid);
      };
      const before = await kids();
      const rotated = await cachetAsync(['key', 'rotate', '--json'], { cwd: dir, env: rotEnv });
      expect(rotated.code, rotated.stderr).toBe(0);
      let after = before;
      for (let i = 0; i < 50 && after.length === before.length; i++) {
        await new Promise((r) => setTimeout(r, 200));
        after = await kids();
      }
      expect(after.length).toBe(before.length + 1);
      expect(after).toEqual(expect.arrayContaining(before));
    } finally {
      await own.close();
    }
  });

  it('refuses saved trust that was altered, rather than answer from it', async () => {
    const dir = pulledDir();
    const list = join(dir, 'revocations.ct1r');
    const bytes = readFileSync(list);
    // Dropping a record (the count and length kept consistent) is caught by the bundle's hash.
    const cut = Buffer.concat([
      bytes.subarray(0, 13),
      Buffer.from([0, 0, 0, 1]),
      bytes.subarray(17, 26),
    ]);
    writeFileSync(list, cut);
    const run = await cli('verify', '--offline', revoked);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not the one the bundle names/);
    writeFileSync(list, bytes);
    expect((await cli('verify', '--offline', revoked)).code).toBe(1);
    // A photo that is not there is said to be missing, not checked as a code.
    const missing = await cli('verify', '--offline', 'no-such-photo.jpg');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read no-such-photo\.jpg: no such file/);
  });
});

function pulledDir(): string {
  return join(cwd, 'cachet-trust', new URL(authentic).host.replace(':', '_'));
}
