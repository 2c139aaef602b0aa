// `cachet staff disable --oidc-subject` cuts off an identity-provider sign-in on a running
// server at its next request; `staff list` shows it, `staff enable` lets it in again, and a
// staff id still disables an API key.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachetAsync } from '../helpers/cli.js';
import { OIDC_ISSUER, startTestIdp, type TestIdp } from '../helpers/oidc-provider.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('cachet staff and identity-provider sign-ins', () => {
  let idp: TestIdp;
  let server: TestServer;
  let registry: Record<string, string>;

  beforeAll(async () => {
    idp = await startTestIdp();
    server = await startTestServer(undefined, idp.settings);
    registry = {
      CACHET_DB: join(server.dir, 'cachet.db'),
      CACHET_KEYS_DIR: join(server.dir, 'keys'),
    };
  });
  afterAll(async () => {
    await server?.close();
    idp?.close();
  });

  /** `cachet ...args` on the server's registry, with the provider set up unless `bare`. */
  const cli = (args: string[], bare = false) =>
    cachetAsync(args, { cwd: server.dir, env: { ...registry, ...(bare ? {} : idp.settings) } });
  const me = async (credential: string) => {
    const res = await fetch(`${server.url}/api/v1/admin/me`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('disables and enables an identity by subject, its issuer the one set up unless named', async () => {
    const token = await idp.sign({ groups: 'legal', sub: 'u-cli' });
    expect((await me(token)).status).toBe(200);

    const off = await cli(['staff', 'disable', '--oidc-subject', 'u-cli']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain(`Disabled oidc:u-cli of ${OIDC_ISSUER}`);
    expect(await me(token)).toMatchObject({
      status: 401,
      body: { error: { message: 'this identity was disabled' } },
    });

    const listed = await cli(['staff', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`oidc:u-cli  ${OIDC_ISSUER}  \\(disabled .+ by cli:`));
    // Without CACHET_OIDC_ISSUER the issuer must be named.
    const unnamed = await cli(['staff', 'disable', '--oidc-subject', 'u-other'], true);
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.stderr).toContain('--oidc-issuer URL is needed');
    const named = await cli(
      ['staff', 'disable', '--oidc-subject', 'u-other', '--oidc-issuer', OIDC_ISSUER],
      true,
    );
    expect(named.code, named.stderr).toBe(0);
    expect((await me(await idp.sign({ groups: 'legal', sub: 'u-other' }))).status).toBe(401);

    const on = await cli(['staff', 'enable', '--oidc-subject', 'u-cli']);
    expect(on.code, on.stderr).toBe(0);
    expect(await me(token)).toMatchObject({ status: 200, body: { id: 'oidc:u-cli' } });
  }, 60_000);

  it('writes the override in a name it prints as its escape, never obeyed', async () => {
    const added = await cli(['staff', 'add', '--role', 'legal', '--name', 'Léa \u202Eyrt']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added Léa \\u202eyrt (legal)');
    const associate = await cli([
      'associate',
      'add',
      '--number',
      '661',
      '--boutique',
      'PAR-SH',
      '--name',
      'Anna \u202Egnp.exe',
    ]);
    expect(associate.code, associate.stderr).toBe(0);
    const listed = await cli(['associate', 'list', '--boutique', 'PAR-SH']);
    for (const out of [associate.stdout, listed.stdout]) {
      expect(out).toContain('Anna \\u202egnp.exe');
      expect(out).not.toContain('\u202E');
    }
  }, 30_000);

  it('still disables a staff member by id, and refuses a disable that names nobody', async () => {
    const key = await server.staffKey({ name: 'Temp', role: 'legal' });
    const id = (await me(key)).body.id as string;
    const off = await cli(['staff', 'disable', id]);
    expect(off.code, off.stderr).toBe(0);
    expect((await me(key)).status).toBe(401);
    const nobody = await cli(['staff', 'disable']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('missing <staff id>');
  }, 30_000);
});
