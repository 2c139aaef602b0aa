// The `cachet` command end to end: keygen, boutiques, associates, mint (QR read back), verify, revoke.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { renderQr } from '../../src/node/render-qr.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbprint } from '../../src/core/index.js';
import { cachet, cachetAsync, cliFolder, type Run } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { decodeQr } from '../helpers/qr-decode.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { daysFromToday } from '../helpers/dates.js';

const { dir, env, run } = cliFolder('cachet-cli-', {
  CACHET_PUBLIC_URL: 'https://verify.brand.co',
});
const ok = (r: Run) => {
  expect(r.stderr, r.stdout).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};
/** Boutique AA with associate 1, through `use` (the CLI in some folder). */
const seedBoutiqueA = (use: (...args: string[]) => Run) => {
  ok(
    use(
      'boutique',
      'add',
      '--number',
      '1',
      '--code',
      'AA',
      '--name',
      'A',
      '--city',
      'A',
      '--country',
      'FR',
    ),
  );
  ok(use('associate', 'add', '--number', '1', '--boutique', 'AA', '--name', 'A'));
};
/** `cachet mint --json` for associate 700 of LON-NB, with `extra` options. */
const mintJson = (...extra: string[]) =>
  JSON.parse(
    ok(
      run(
        'mint',
        '--boutique',
        'LON-NB',
        '--associate',
        '700',
        '--out',
        `${dir}/out`,
        '--json',
        ...extra,
      ),
    ),
  );

describe('cachet keygen', () => {
  it('writes the private JWK with mode 0600 and appends the public one to jwks.json', async () => {
    const out = JSON.parse(ok(run('keygen', '--valid-from', '2025-01-01', '--json')));
    const jwks = JSON.parse(readFileSync(join(dir, 'keys', 'jwks.json'), 'utf8'));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kid: out.kid,
      status: 'active',
      validFrom: '2025-01-01',
      kty: 'OKP',
      crv: 'Ed25519',
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(out.kid).toBe(await thumbprint(jwks.keys[0].x));
    expect(out.privateKey).toBe(join(dir, 'keys', 'private', `${out.kid}.jwk`));
    expect(statSync(out.privateKey).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out.privateKey, 'utf8'))).toHaveProperty('d');
  });

  it('can print the private key for a secret store instead of writing it', () => {
    const secretDir = tempDir('cachet-secret-');
    const r = cachet(['keygen', '--stdout'], {
      cwd: secretDir,
      env: { CACHET_KEYS_DIR: join(secretDir, 'keys') },
    });
    expect(JSON.parse(ok(r))).toHaveProperty('d');
    expect(() => statSync(join(secretDir, 'keys', 'private'))).toThrow();
  });
});

describe('registry commands', () => {
  it('adds boutiques and associates, and refuses duplicates with a clear message', () => {
    ok(
      run(
        'boutique',
        'add',
        '--number',
        '7',
        '--code',
        'LON-NB',
        '--name',
        'Maison New Bond Street',
        '--city',
        'London',
        '--country',
        'gb',
      ),
    );
    ok(run('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia Hart'));
    expect(JSON.parse(ok(run('boutique', 'list', '--json')))).toEqual([
      { number: 7, code: 'LON-NB', name: 'Maison New Bond Street', city: 'London', country: 'GB' },
    ]);
    const dup = run(
      'boutique',
      'add',
      '--number',
      '7',
      '--code',
      'XX',
      '--name',
      'n',
      '--city',
      'c',
      '--country',
      'FR',
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already has the number 7');
    const orphan = run('associate', 'add', '--number', '9', '--boutique', 'NOPE', '--name', 'x');
    expect(orphan.stderr).toContain('no boutique has the code "NOPE"');
  });
});

describe('cachet mint', () => {
  it('writes SVG and PNG whose QR code reads back as the exact card URL', async () => {
    const out = `${dir}/out`;
    const minted = mintJson('--occasion', 'wedding', '--date', daysFromToday(-16));
    expect(Object.keys(minted).sort()).toEqual([
      'files',
      'qrText',
      'qrVersion',
      'serial',
      'serialText',
      'token',
      'url',
    ]);
    expect(minted.url).toBe(`https://verify.brand.co/c/${minted.token}`);
    expect(minted.token).toMatch(/^\d{208}$/);
    expect(minted.serialText).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(minted.qrVersion).toBe(6);
    expect(minted.files.png).toBe(join(out, `${minted.serialText}.png`));

    const decoded = await decodeQr(readFileSync(minted.files.png));
    expect(decoded).toEqual([`HTTPS://VERIFY.BRAND.CO/C/${minted.token}`]);
    expect(decoded[0]).toBe(minted.qrText);
    expect(readFileSync(minted.files.svg, 'utf8')).toMatch(/^<svg/);

    const verdict = run('verify', decoded[0]!, '--json');
    expect(verdict.code).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({
      status: 'authentic',
      card: {
        issued: daysFromToday(-16),
        occasion: 'wedding',
        boutique: { code: 'LON-NB' },
        associate: { displayName: 'Olivia Hart' },
      },
    });
  });

  it('honours --ecc, and refuses what it cannot mint with a message and exit 2', () => {
    const h = mintJson('--ecc', 'H');
    expect(h.qrVersion).toBeGreaterThan(6);
    for (const [args, message] of [
      [
        ['--boutique', 'LON-NB', '--associate', '700', '--date', '2024-12-31'],
        'no signing key may sign a card dated 2024-12-31: ',
      ],
      [
        ['--boutique', 'LON-NB', '--associate', '700', '--date', '2024-12-31'],
        "signs cards dated from 2025-01-01\n  give --date within a key's dates",
      ],
      [['--boutique', 'LON-NB', '--associate', '1'], 'no associate has the number 1'],
      [['--boutique', 'LON-NB', '--associate', '700', '--ecc', 'Z'], '--ecc is one of L, M, Q, H'],
      [['--associate', '700'], '--boutique is required'],
    ] as const) {
      const r = run('mint', ...args);
      expect(r.code, message).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('CACHET_SIGNING_KEY', () => {
  it('signs with a private key from the environment, with no private file on disk', () => {
    const secretDir = tempDir('cachet-env-key-');
    const envOnly = {
      CACHET_KEYS_DIR: join(secretDir, 'keys'),
      CACHET_DB: join(secretDir, 'c.db'),
    };
    const secret = ok(cachet(['keygen', '--stdout'], { cwd: secretDir, env: envOnly })).trim();
    const withKey = { ...envOnly, CACHET_SIGNING_KEY: secret };
    const use = (...args: string[]) => cachet(args, { cwd: secretDir, env: withKey });
    seedBoutiqueA(use);
    const minted = JSON.parse(
      ok(
        use('mint', '--boutique', 'AA', '--associate', '1', '--out', `${secretDir}/out`, '--json'),
      ),
    );
    expect(use('verify', minted.url).code).toBe(0);
    expect(() => statSync(join(secretDir, 'keys', 'private'))).toThrow();

    const stranger = ok(
      cachet(['keygen', '--stdout'], { cwd: tempDir(), env: { CACHET_KEYS_DIR: tempDir() } }),
    ).trim();
    const refused = cachet(['mint', '--boutique', 'AA', '--associate', '1'], {
      cwd: secretDir,
      env: { ...envOnly, CACHET_SIGNING_KEY: stranger },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('has no public key in the JWK Set');
  });
});

describe('cachet verify and revoke', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('exits 0 only for authentic, locally and against a server', async () => {
    const minted = mintJson();
    const text = ok(run('verify', minted.url));
    expect(text.split('\n')[0]).toBe('authentic');
    expect(text).toContain('Olivia Hart');

    const revoked = run(
      'revoke',
      minted.serialText.toLowerCase().replace(/-/g, ' '),
      '--reason',
      'lost-or-stolen',
      '--note',
      'case 2026-118, for staff only',
    );
    expect(revoked.stdout).toContain(`Revoked ${minted.serialText}`);
    expect(run('revoke', minted.serial, '--reason', 'Reported stolen').stderr).toContain(
      '--reason must be one of: counterfeit, lost-or-stolen',
    );
    const after = run('verify', minted.token, '--json');
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'lost-or-stolen' },
    });
    expect(after.stdout).not.toContain('case 2026-118');
    expect(run('revoke', minted.serial, '--reason', 'other').stderr).toContain('already revoked');
    expect(run('verify', '12345').code).toBe(1);

    const remote = await server.mint();
    const viaServer = await cachetAsync(['verify', remote.url, '--server', server.url, '--json'], {
      cwd: dir,
      env,
    });
    expect(viaServer.code).toBe(0);
    expect(JSON.parse(viaServer.stdout)).toMatchObject({
      status: 'authentic',
      card: { serial: remote.serial },
    });
    const unreachable = await cachetAsync(
      ['verify', remote.url, '--server', 'http://127.0.0.1:9'],
      { cwd: dir, env },
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach http://127.0.0.1:9');
  }, 90_000);

  it("never makes a key behind the user's back: mint without one says how to get one", () => {
    const fresh = tempDir('cachet-nokey-');
    const freshEnv = { CACHET_KEYS_DIR: join(fresh, 'keys'), CACHET_DB: join(fresh, 'c.db') };
    const use = (...args: string[]) => cachet(args, { cwd: fresh, env: freshEnv });
    seedBoutiqueA(use);
    const r = use('mint', '--boutique', 'AA', '--associate', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no signing key: run `cachet keygen`');
    expect(() => statSync(join(fresh, 'keys'))).toThrow();
  });

  it('says where the registry should be when there is none', () => {
    const r = cachet(['verify', '1'.repeat(208)], {
      cwd: tempDir(),
      env: { CACHET_DB: '/nonexistent/c.db' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no registry at /nonexistent/c.db');
  });
});

describe('cachet verify on photos', () => {
  it('reads a photo, and a folder of scraped posts into a table, CSV or JSON', async () => {
    const genuine = mintJson('--date', daysFromToday(-16));
    const revoked = mintJson('--date', daysFromToday(-15));
    ok(run('revoke', revoked.serial, '--reason', 'lost-or-stolen'));
    const photo = genuine.files.png as string;
    const single = run('verify', photo);
    expect(single.code).toBe(0);
    expect(single.stdout).toMatch(/authentic/);
    expect(single.stdout).toContain(genuine.serialText);

    const posts = join(dir, 'posts');
    mkdirSync(join(posts, 'week-2'), { recursive: true });
    copyFileSync(photo, join(posts, 'a-genuine.png'));
    await sharp(revoked.files.png).jpeg({ quality: 40 }).toFile(join(posts, 'b-revoked.jpg'));
    const fake = await renderQr(`https://verify-brand.co/c/${genuine.token}`);
    writeFileSync(join(posts, 'week-2', 'c-fake.png'), fake.png);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .webp()
      .toFile(join(posts, 'week-2', 'd-no-code.webp'));
    // A GIF header with nothing sound behind it, as a truncated download leaves.
    writeFileSync(join(posts, 'week-2', 'e-broken.gif'), `GIF89a\x10\x00\x10\x00${'x'.repeat(64)}`);
    writeFileSync(join(posts, 'notes.txt'), 'not an image: skipped');

    const csv = cachet(['verify', '--dir', posts, '--csv'], {
      cwd: dir,
      env: { ...env, CACHET_PROGRESS: '1' },
    });
    expect(csv.code).toBe(1); // not every code is authentic
    const rows = csv.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(rows[0]).toEqual([
      'file',
      'code',
      'result',
      'serial',
      'boutique',
      'issued',
      'associate',
      'detail',
      'match',
    ]);
    const result = Object.fromEntries(rows.slice(1).map((r) => [r[0], r[2]]));
    expect(result).toEqual({
      'a-genuine.png': 'authentic',
      'b-revoked.jpg': 'revoked',
      'week-2/c-fake.png': 'look-alike',
      'week-2/d-no-code.webp': 'no-code',
      'week-2/e-broken.gif': 'error',
    });
    expect(rows.find((r) => r[0] === 'week-2/c-fake.png')![7]).toBe('leads to verify-brand.co');
    // The progress bar went to standard error, and finished.
    expect(csv.stderr).toContain('5/5');
    expect(csv.stderr).toContain(`[${'#'.repeat(28)}]`);

    const table = run('verify', '--dir', posts);
    expect(table.stdout.split('\n')[0]).toMatch(/^file\s+code\s+result\s+serial/);
    expect(table.stderr).toBe(''); // no terminal, no bar
    const json = JSON.parse(run('verify', '--dir', posts, '--json').stdout);
    expect(json).toHaveLength(5);
    expect(json[0]).toMatchObject({
      file: 'a-genuine.png',
      codes: [
        { lookAlike: false, verdict: { status: 'authentic', card: { serial: genuine.serial } } },
      ],
    });
    expect(json[4].error.code).toBe('ERR_IMAGE_UNREADABLE');

    const lookAlike = run('verify', join(posts, 'week-2', 'c-fake.png'));
    expect(lookAlike.code).toBe(1);
    expect(lookAlike.stdout).toMatch(/look-alike/);
    expect(run('verify', '--dir', join(dir, 'keys')).stderr).toContain('no JPEG, PNG, WebP or GIF');
  }, 90_000);
});

describe('help', () => {
  it('lists every command, and each has its own usage', () => {
    const top = run('--help');
    for (const name of ['keygen', 'boutique', 'associate', 'mint', 'verify', 'revoke', 'serve']) {
      expect(top.stdout).toContain(name);
      expect(run(name, '--help').stdout).toMatch(new RegExp(`^cachet ${name}`));
    }
    expect(run('frobnicate').code).toBe(2);
  });
});
