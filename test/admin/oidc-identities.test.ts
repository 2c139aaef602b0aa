// Identity-provider sign-ins are people: a subject that names one, a token no older than the
// setting allows, and a disable by issuer and subject that cuts off tokens already handed out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { OIDC_ISSUER, startTestIdp, type TestIdp } from '../helpers/oidc-provider.js';

describe('OIDC identities', () => {
  let idp: TestIdp;
  let server: TestServer;
  let adminKey: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    idp = await startTestIdp();
    // Every refused token below counts against this client's sign-ins: room for all of them.
    server = await startTestServer(undefined, {
      ...idp.settings,
      CACHET_RATE_LIMITS: 'signin=100',
    });
    adminKey = await server.staffKey({ name: 'Ada Admin', role: 'admin' });
  });
  afterAll(async () => {
    await server?.close();
    idp?.close();
  });

  const call = async (credential: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1/admin${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const refusal = async (claims: Record<string, unknown>) => {
    const { status, body } = await call(await idp.sign({ groups: 'legal', ...claims }), '/me');
    return { status, message: body.error?.message as string, id: body.id as string | undefined };
  };

  it('refuses a subject that is not text of 1 to 255 characters', async () => {
    // Blank, with a control or invisible character, or half a surrogate pair (which the registry
    // would keep as U+FFFD, one person for several subjects): refused too.
    const hostile = ['   ', '\u202Egnp.exe', 'u\u200B1', '\ud800bob', 'bob\udc00'];
    // Nor one that reads exactly like another's: a joiner, an invisible musical format character,
    // white space at an end or any space but U+0020.
    hostile.push('u-42\u200c', 'u-42\u{1d173}', 'u-42 ', ' u-42', 'u-42\u00a0b', 'u-42\u3000');
    for (const sub of [{ a: 1 }, '', 42, ['u-1'], 'x'.repeat(256), ...hostile]) {
      const answer = await refusal({ sub });
      expect(answer, JSON.stringify(sub)).toMatchObject({ status: 401 });
      expect(answer.message).toContain('"sub" claim must be text of 1 to 255 characters');
    }
    // Text beyond ASCII is a subject like any other.
    expect(
      (await call(await idp.sign({ groups: 'legal', sub: 'léa|😀' }), '/me')).body,
    ).toMatchObject({ id: 'oidc:léa|😀' });
    expect(
      (await call(await idp.sign({ groups: 'legal', sub: 'x'.repeat(255) }), '/me')).body,
    ).toMatchObject({ id: `oidc:${'x'.repeat(255)}` });
  });

  it('keeps a name from the token to 200 characters, and names a blank one by its subject', async () => {
    const long = await call(await idp.sign({ groups: 'legal', name: 'Ä'.repeat(3000) }), '/me');
    expect(long.status).toBe(200);
    expect(Array.from(long.body.name as string)).toHaveLength(200);
    expect(long.body.name).toMatch(/^Ä+…$/);
    const blank = await call(await idp.sign({ groups: 'legal', sub: 'u-b', name: '  ' }), '/me');
    expect(blank.body.name).toBe('u-b');
  });

  it('bounds a token by its age, not its expiry: old, future and undated tokens are refused', async () => {
    const tenYears = now() + 10 * 366 * 86_400;
    const old = await refusal({ iat: now() - 3700, exp: tenYears });
    expect(old.status).toBe(401);
    expect(old.message).toMatch(
      /issued 37\d\d s ago, more than the 3600 s .*CACHET_OIDC_MAX_AGE_SECONDS/,
    );
    const future = await refusal({ iat: now() + 600, exp: tenYears });
    expect(future.status).toBe(401);
    expect(future.message).toMatch(/"iat" claim is \d+ s in the future/);
    const undated = await refusal({ iat: undefined });
    expect(undated.status).toBe(401);
    expect(undated.message).toContain('"iat"');
    // Within the hour, and a provider's clock a few seconds fast: both sign in.
    expect(await refusal({ iat: now() - 3000, exp: tenYears })).toMatchObject({ status: 200 });
    expect(await refusal({ iat: now() + 30 })).toMatchObject({ status: 200 });
  });

  it('disables an identity at once through the admin API, lists it, audits it, and enables it again', async () => {
    const token = await idp.sign({ groups: 'legal', sub: 'u-gone', name: 'Gone' });
    const colleague = await idp.sign({ groups: 'legal', sub: 'u-stays' });
    expect((await call(token, '/me')).status).toBe(200);

    // Only staff.manage may; legal may not, whatever its token.
    expect((await call(colleague, '/staff/oidc/disable', { subject: 'u-gone' })).status).toBe(403);
    const disabled = await call(adminKey, '/staff/oidc/disable', { subject: 'u-gone' });
    expect(disabled).toMatchObject({
      status: 200,
      body: { issuer: OIDC_ISSUER, subject: 'u-gone' },
    });
    expect(await call(token, '/me')).toMatchObject({
      status: 401,
      body: { error: { message: 'this identity was disabled' } },
    });
    expect((await call(colleague, '/me')).status).toBe(200);
    // Twice is a conflict. An issuer other than the one set up, even by a trailing slash, is
    // refused: its tokens never sign in here, so the disable would be said done and cut nobody off.
    expect((await call(adminKey, '/staff/oidc/disable', { subject: 'u-gone' })).status).toBe(409);
    for (const issuer of ['https://id.other.example', `${OIDC_ISSUER}/`]) {
      const elsewhere = await call(adminKey, '/staff/oidc/disable', { issuer, subject: 'u-stays' });
      expect(elsewhere.status, issuer).toBe(400);
      expect(elsewhere.body.error.message).toContain(
        `the identity provider set up here is ${OIDC_ISSUER} (CACHET_OIDC_ISSUER), exactly`,
      );
    }
    expect((await call(colleague, '/me')).status).toBe(200);

    const listed = await call(adminKey, '/staff');
    expect(listed.body.disabledIdentities).toEqual([
      expect.objectContaining({
        issuer: OIDC_ISSUER,
        subject: 'u-gone',
        disabledBy: expect.stringMatching(/^stf_/),
      }),
    ]);
    const audit = await call(adminKey, '/audit?limit=50');
    const actions = (audit.body.entries as any[]).map(
      (e) => `${e.action} ${e.target} ${e.outcome}`,
    );
    expect(actions).toContain('staff.disable oidc:u-gone 200');
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: 'staff.disable', detail: `issuer=${OIDC_ISSUER}` }),
    );
    expect(
      actions.filter((a) => a.startsWith('staff.sign-in credential:') && a.endsWith(' 401')),
    ).not.toHaveLength(0);

    expect((await call(adminKey, '/staff/oidc/enable', { subject: 'u-gone' })).status).toBe(200);
    expect((await call(token, '/me')).body).toMatchObject({ id: 'oidc:u-gone' });
    expect((await call(adminKey, '/staff/oidc/enable', { subject: 'u-gone' })).status).toBe(404);
  });

  it('reads CACHET_OIDC_MAX_AGE_SECONDS from a minute to a day, an hour unless set', () => {
    const oidc = { ...idp.settings, CACHET_OIDC_JWKS_URL: 'https://id.brand.example/jwks' };
    expect(readSettings(oidc).oidc?.maxAgeSeconds).toBe(3600);
    expect(readSettings({ ...oidc, CACHET_OIDC_MAX_AGE_SECONDS: '600' }).oidc?.maxAgeSeconds).toBe(
      600,
    );
    for (const bad of ['30', '86401', '1h']) {
      expect(() => readSettings({ ...oidc, CACHET_OIDC_MAX_AGE_SECONDS: bad }), bad).toThrow(
        expect.objectContaining({
          code: 'ERR_SETTING',
          message: `CACHET_OIDC_MAX_AGE_SECONDS must be a whole number from 60 to 86400, not "${bad}"`,
        }),
      );
    }
  });
});
