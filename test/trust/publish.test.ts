// What the server publishes for checks without it: the bundle names only the hosts this server
// is configured for, whatever Host a request claims; a revocation reaches the list within the
// check interval; a server without verify hosts or a receipt key says why it signs no bundle.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app/app.js';
import {
  generateKeyPair,
  importKeyring,
  importSigner,
  loadTrust,
  verifyCardOffline,
  type Signer,
} from '../../src/core/index.js';
import { REVOCATION_CHECK_MS } from '../../src/services/trust.js';
import { makeFixture, type Fixture } from '../helpers/fixture.js';

let f: Fixture;
afterEach(() => f?.close());

async function setUp(verifyHosts: string[], withReceipt = true) {
  f = await makeFixture();
  const receipt = await generateKeyPair({ validFrom: '2020-01-01', receipt: true });
  const keyring = await importKeyring({
    keys: [...f.keyring.toJwks().keys, receipt.publicJwk],
  });
  const receiptSigner: Signer | null = withReceipt
    ? await importSigner(receipt.privateJwk, keyring)
    : null;
  let now = new Date();
  const app = createApp({ store: f.store, keyring, receiptSigner, verifyHosts, now: () => now });
  return {
    app,
    keyring,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    now: () => now,
  };
}

describe('the trust bundle and revocation list', () => {
  it('names the configured hosts only, whatever Host the request came to', async () => {
    const { app, keyring, now } = await setUp(['verify.brand.co']);
    const res = await app.request('http://evil.example/.well-known/cachet/trust.jws', {
      headers: { host: 'evil.example' },
    });
    expect(res.status).toBe(200);
    const list = await app.request('http://evil.example/.well-known/cachet/revocations');
    const trust = await loadTrust(await res.text(), new Uint8Array(await list.arrayBuffer()), {
      now: now(),
      trusted: keyring,
    });
    expect(trust.bundle.verifyHosts).toEqual(['verify.brand.co']);
    expect(trust.bundle.iss).toBe('https://verify.brand.co');
  });

  it('takes a revocation into the list within the check interval, and the bundle with it', async () => {
    const { app, keyring, advance, now } = await setUp(['verify.brand.co']);
    const card = await f.mint();
    const fetchTrust = async () =>
      loadTrust(
        await (await app.request('/.well-known/cachet/trust.jws')).text(),
        new Uint8Array(await (await app.request('/.well-known/cachet/revocations')).arrayBuffer()),
        { now: now(), trusted: keyring },
      );
    const before = await fetchTrust();
    expect((await verifyCardOffline(card.token, { ...before, now: now() })).status).toBe(
      'authentic',
    );
    await f.store.revokeCard(card.serial, { reason: 'counterfeit' }, now());
    // Within the interval the same list is served (no registry read per request)...
    expect((await fetchTrust()).revocations.count).toBe(0);
    advance(REVOCATION_CHECK_MS + 1);
    // ...and after it, the revoked card is in it.
    const after = await fetchTrust();
    expect(after.revocations.count).toBe(1);
    expect(await verifyCardOffline(card.token, { ...after, now: now() })).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'counterfeit' },
    });
  });

  it('says why it signs no bundle: no verify host, or no receipt key', async () => {
    const noHosts = await setUp([]);
    const res = await noHosts.app.request('/.well-known/cachet/trust.jws');
    expect(res.status).toBe(501);
    expect((await res.json()).error.message).toMatch(/CACHET_VERIFY_HOSTS or CACHET_PUBLIC_URL/);
    // The list itself needs neither.
    expect((await noHosts.app.request('/.well-known/cachet/revocations')).status).toBe(200);
    f.close();
    const noReceipt = await setUp(['verify.brand.co'], false);
    const refused = await noReceipt.app.request('/.well-known/cachet/trust.jws');
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe('ERR_NO_RECEIPT_KEY');
  });

  it('warns the brand of revoked cards it cannot list (their tokens were never kept)', async () => {
    const { app } = await setUp(['verify.brand.co']);
    const card = await f.mint();
    await f.store.sql.run('UPDATE cards SET token = NULL WHERE serial = ?', card.serial);
    await f.store.revokeCard(card.serial, { reason: 'counterfeit' }, new Date());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const list = await app.request('/.well-known/cachet/revocations');
      expect(new Uint8Array(await list.arrayBuffer()).length).toBe(17);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^cachet: 1 revoked card\(s\) are missing/),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
