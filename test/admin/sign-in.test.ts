// Refused sign-ins: each one audited without the credential, and a client network that keeps
// guessing waits out the minute, whatever it sends next.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/services/access.js';
import { createStaff } from '../../src/services/staff.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let legalKey: string;
beforeAll(async () => {
  server = await startTestServer();
  const deps = { store: server.store, admin: server.store.admin() };
  const request = { name: 'Legal', role: 'legal' as const };
  ({ apiKey: legalKey } = await createStaff(deps, operator('test'), request, new Date()));
});
afterAll(() => server?.close());

const me = (credential: string) =>
  fetch(`${server.url}/api/v1/admin/me`, { headers: { authorization: `Bearer ${credential}` } });

describe('refused sign-ins', () => {
  it('are audited by a print of the credential, never the credential, then rate limited', async () => {
    const guesses = Array.from({ length: 20 }, (_, i) => `cachet_sk_guess${i}`);
    for (const guess of guesses) expect((await me(guess)).status).toBe(401);
    const blocked = await me('cachet_sk_one-more');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as any).error).toMatchObject({
      code: 'ERR_RATE_LIMITED',
      message: expect.stringContaining('too many refused sign-ins'),
    });
    // The network waits out the minute: a good key from it is not even looked at.
    expect((await me(legalKey)).status).toBe(429);

    const entries = await server.store.admin().listAudit({ limit: 100 });
    const signIns = entries.filter((e) => e.action === 'staff.sign-in');
    expect(signIns).toHaveLength(20);
    const print = (g: string) =>
      `credential:${createHash('sha256').update(g).digest('hex').slice(0, 12)}`;
    expect(signIns.map((e) => e.target).sort()).toEqual(guesses.map(print).sort());
    for (const e of signIns)
      expect(e).toMatchObject({ actor: 'unknown', outcome: 401, detail: 'ERR_UNAUTHENTICATED' });
    const stored = JSON.stringify(entries);
    for (const guess of guesses) expect(stored).not.toContain(guess);
  });
});
