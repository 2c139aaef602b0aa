// Settings: one parser each, defaults that need no setup, and a bad value refused with its name,
// the same words from `npm start` on Node and from the Worker in workerd.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startLocalWorker, type LocalProcess } from '../src/cli/local-worker.js';
import {
  DEFAULT_RATE_LIMITS,
  readNodeConfig,
  readSettings,
  readWorkerConfig,
} from '../src/config.js';
import { generateKeyPair } from '../src/core/index.js';
import { storeKeyPair } from '../src/store/key-files.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ROOT } from './helpers/cli.js';
import { tempDir } from './helpers/fixture.js';

describe('readSettings', () => {
  it('needs nothing set, and passes bindings over', () => {
    const settings = readSettings({ DB: {}, ASSETS: { fetch() {} } });
    expect(settings).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      publicUrl: undefined,
      dbPath: 'data/cachet.db',
      keysDir: 'keys',
      demo: true,
      verifyMemo: 10_000,
      scanFlushMs: 1000,
      registryFreshMs: 4000,
      verifyHosts: [],
      widelyScanned: { scannersPerDay: 50, countries: 5 },
      rateLimits: DEFAULT_RATE_LIMITS,
      oidc: null,
    });
  });

  it('refuses a bad value with the variable name', () => {
    for (const [name, value, message] of [
      ['PORT', '99999', 'PORT must be a whole number from 0 to 65535, not "99999"'],
      ['CACHET_VERIFY_MEMO', 'abc', 'CACHET_VERIFY_MEMO must be a whole number'],
      [
        'CACHET_SCAN_FLUSH_MS',
        '0',
        'CACHET_SCAN_FLUSH_MS must be a whole number from 1 up, not "0"',
      ],
      [
        'CACHET_REGISTRY_FRESH_MS',
        '5000',
        'CACHET_REGISTRY_FRESH_MS must be a whole number from 0 to 4000, not "5000"',
      ],
      ['CACHET_REGISTRY_CACHE_SECONDS', '15', 'CACHET_REGISTRY_CACHE_SECONDS is no longer read'],
      ['CACHET_FLAG_COUNTRIES', '2.5', 'CACHET_FLAG_COUNTRIES must be a whole number'],
      ['CACHET_DEMO', 'maybe', 'CACHET_DEMO must be 0 or 1, not "maybe"'],
      ['CACHET_PUBLIC_URL', 'verify example', 'CACHET_PUBLIC_URL must be an origin'],
      // Each would quietly become the verify host that cards are checked against.
      ['CACHET_PUBLIC_URL', 'https://a@b.example', 'names no user or password: https://a@b'],
      ['CACHET_PUBLIC_URL', 'https://:pw@b.example', 'names no user or password'],
      ['CACHET_PUBLIC_URL', 'https://@b.example', 'names no user or password'],
      ['CACHET_PUBLIC_URL', 'https://a.example,b.example', 'host is a name or an address'],
      ['CACHET_PUBLIC_URL', 'https://verify.example.com:0', 'port 0 is no port'],
      ['CACHET_RATE_LIMITS', 'verify=fast', 'CACHET_RATE_LIMITS: "verify=fast" is not like'],
      ['CACHET_OIDC_ISSUER', 'https://id.example', 'CACHET_OIDC_ISSUER needs CACHET_OIDC_AUDIENCE'],
      // Without its issuer, any other setting of the provider would leave its sign-in quietly off.
      [
        'CACHET_OIDC_MAX_AGE_SECONDS',
        '30',
        'CACHET_OIDC_MAX_AGE_SECONDS is set, but CACHET_OIDC_ISSUER, which it goes with, is not',
      ],
      ['CACHET_OIDC_AUDIENCE', 'cachet', 'CACHET_OIDC_AUDIENCE is set, but CACHET_OIDC_ISSUER'],
      [
        'CACHET_TRUSTED_PROXY_PEERS',
        '173.245.48.0/20, 2400:cb00::/33, cloudflare',
        'CACHET_TRUSTED_PROXY_PEERS: "cloudflare" is not an address block like 173.245.48.0/20 or 2400:cb00::/32: not an IPv4 or IPv6 address',
      ],
    ] as const) {
      expect(() => readSettings({ [name]: value }), name).toThrow(
        expect.objectContaining({ code: 'ERR_SETTING', message: expect.stringContaining(message) }),
      );
    }
  });

  it('refuses an identity provider whose keys come over plain http, or an algorithm not listed', () => {
    const oidc = { CACHET_OIDC_ISSUER: 'https://id.example', CACHET_OIDC_AUDIENCE: 'cachet' };
    const read = (more: Record<string, string>) => () => readSettings({ ...oidc, ...more });
    expect(read({ CACHET_OIDC_JWKS_URL: 'http://id.example/jwks' })).toThrow(
      'CACHET_OIDC_JWKS_URL must be https:// (got http://id.example)',
    );
    expect(
      read({ CACHET_OIDC_JWKS_URL: 'https://id.example/jwks', CACHET_OIDC_ALGS: 'RS256,HS256' }),
    ).toThrow('(not "HS256")');
    expect(read({ CACHET_OIDC_JWKS_URL: 'http://127.0.0.1:9/jwks' })().oidc).toMatchObject({
      algorithms: ['RS256', 'ES256', 'EdDSA'],
    });
    expect(
      read({ CACHET_TRUSTED_PROXY: 'x real ip', CACHET_OIDC_JWKS_URL: 'https://id.example/j' }),
    ).toThrow('CACHET_TRUSTED_PROXY is cloudflare, or the name of the header');
  });

  it('takes a proxy only with the addresses it connects from, on Node', () => {
    const peers = '173.245.48.0/20,  2400:cb00::/32 ,::ffff:10.0.0.0/104, 192.0.2.7';
    const config = readNodeConfig({
      CACHET_TRUSTED_PROXY: 'cloudflare',
      CACHET_TRUSTED_PROXY_PEERS: peers,
    });
    expect(config.trustedProxyPeers.map((p) => p.prefix)).toEqual([20, 32, 8, 32]);
    expect(() => readNodeConfig({ CACHET_TRUSTED_PROXY: 'x-real-ip' })).toThrow(
      expect.objectContaining({
        code: 'ERR_SETTING',
        message: expect.stringMatching(/^CACHET_TRUSTED_PROXY needs CACHET_TRUSTED_PROXY_PEERS/),
      }),
    );
    expect(() => readNodeConfig({ CACHET_TRUSTED_PROXY_PEERS: peers })).toThrow(
      'CACHET_TRUSTED_PROXY_PEERS is set but CACHET_TRUSTED_PROXY is not',
    );
    // Workers take the client from the platform and never read either.
    expect(readSettings({ CACHET_TRUSTED_PROXY: 'cloudflare' }).trustedProxyPeers).toEqual([]);
  });

  it('works out the Node origin and the hosts it accepts', () => {
    expect(readNodeConfig({ PORT: '9000' })).toMatchObject({
      origin: 'http://127.0.0.1:9000',
      originFromEnv: true,
      verifyHosts: ['127.0.0.1:9000'],
    });
    expect(
      readNodeConfig({
        CACHET_PUBLIC_URL: 'https://Verify.Brand.co/',
        CACHET_VERIFY_HOSTS: 'old.brand.co, verify.brand.co',
      }),
    ).toMatchObject({
      origin: 'https://verify.brand.co',
      explicitOrigin: true,
      verifyHosts: ['verify.brand.co', 'old.brand.co'],
    });
    expect(readNodeConfig({}).originFromEnv).toBe(false);
  });
});

describe('readWorkerConfig', () => {
  const jwks = JSON.stringify({ keys: [{ kid: 'k1', purpose: 'card' }] });
  const logKey = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'eA', d: 'ZA', purpose: 'log' });
  const refused = (env: Record<string, unknown>, code: string, message: string) =>
    expect(() => readWorkerConfig({ DB: {}, ...env })).toThrow(
      expect.objectContaining({ code, message }),
    );

  it('reads the keys and the log from vars and secrets, and passes bindings over', () => {
    const config = readWorkerConfig({
      DB: {},
      LOG: {},
      CACHET_JWKS: jwks,
      CACHET_LOG_KEY: logKey,
      CACHET_PUBLIC_URL: 'https://verify.brand.test',
      CACHET_SIGNING_KEY: '{"kid":"k1"}',
    });
    expect(config).toMatchObject({
      jwks: { keys: [{ kid: 'k1' }] },
      signingJwk: { kid: 'k1' },
      receiptJwk: undefined,
      log: { key: { x: 'eA', d: 'ZA' }, origin: 'verify.brand.test/log' },
      verifyMemo: 10_000,
      // The public URL's host is a verify host, as on Node: the Worker signs a trust bundle.
      verifyHosts: ['verify.brand.test'],
    });
    const both = { CACHET_JWKS: jwks, CACHET_VERIFY_HOSTS: 'old.brand.test,verify.brand.test' };
    expect(
      readWorkerConfig({ ...both, CACHET_PUBLIC_URL: 'https://verify.brand.test' }).verifyHosts,
    ).toEqual(['verify.brand.test', 'old.brand.test']);
    expect(readWorkerConfig({ CACHET_JWKS: jwks }).verifyHosts).toEqual([]);
    const named = { CACHET_JWKS: jwks, CACHET_LOG_KEY: logKey, CACHET_LOG_ORIGIN: 'brand.test/l' };
    expect(readWorkerConfig(named).log?.origin).toBe('brand.test/l');
    expect(readWorkerConfig({ CACHET_JWKS: jwks }).log).toBeNull();
  });

  it('refuses each bad secret or var with its name', () => {
    refused(
      { CACHET_JWKS: '{keys' },
      'ERR_SETTING',
      expect.stringMatching(/^CACHET_JWKS is not JSON: /),
    );
    for (const text of [undefined, '{"keys":[{"purpose":"receipt"}]}']) {
      refused(
        { CACHET_JWKS: text },
        'ERR_NO_KEYS',
        'this Worker has no public card key to check cards against: set CACHET_JWKS to the JWK Set of keys/jwks.json (npm run deploy:edge does)',
      );
    }
    for (const key of ['not json', '{"purpose":"card","x":"eA","d":"ZA"}']) {
      refused(
        { CACHET_JWKS: jwks, CACHET_LOG_KEY: key },
        'ERR_KEY_INVALID',
        'CACHET_LOG_KEY is not a log key (keys/private/log.jwk)',
      );
    }
    refused(
      { CACHET_JWKS: jwks, CACHET_LOG_KEY: logKey },
      'ERR_SETTING',
      'CACHET_LOG_ORIGIN (or CACHET_PUBLIC_URL) names the log',
    );
    for (const name of ['CACHET_SIGNING_KEY', 'CACHET_RECEIPT_KEY']) {
      refused(
        { CACHET_JWKS: jwks, [name]: 'kid=k1' },
        'ERR_KEY_INVALID',
        `${name} must hold a private JWK as JSON`,
      );
    }
    refused(
      { CACHET_JWKS: jwks, CACHET_VERIFY_MEMO: 'lots' },
      'ERR_SETTING',
      'CACHET_VERIFY_MEMO must be a whole number, not "lots"',
    );
  });
});

describe('a bad setting, on both runtimes', () => {
  const dir = tempDir('cachet-settings-');
  let worker: LocalProcess | undefined;
  afterAll(() => worker?.close());
  const expected = 'CACHET_VERIFY_MEMO must be a whole number, not "lots"';

  it('stops `npm start` on Node with the variable name', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/src/node.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', CACHET_VERIFY_MEMO: 'lots', PORT: '0' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`cachet: ${expected}`);
  });

  it('answers every request of the Worker with the same words', async () => {
    const dbPath = join(dir, 'cachet.db');
    openSqliteStore(dbPath).close();
    const keysDir = join(dir, 'keys');
    await storeKeyPair(keysDir, await generateKeyPair({ validFrom: '2020-01-01' }));
    worker = await startLocalWorker({
      dir: join(dir, 'worker'),
      dbPath,
      keysDir,
      port: await freePort(),
      inspectorPort: await freePort(),
      vars: { CACHET_VERIFY_MEMO: 'lots' },
    });
    const response = await fetch(`${worker.url}/healthz`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'ERR_SETTING', message: expected } });
  }, 90_000);

  it('answers 503 ERR_NO_KEYS, /healthz too, when the Worker has no card key to check with', async () => {
    const dbPath = join(dir, 'empty.db');
    openSqliteStore(dbPath).close();
    worker?.close();
    worker = await startLocalWorker({
      dir: join(dir, 'worker-no-keys'),
      dbPath,
      keysDir: join(dir, 'no-keys'),
      port: await freePort(),
      inspectorPort: await freePort(),
    });
    for (const path of ['/healthz', '/c/0123']) {
      const response = await fetch(`${worker.url}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(await response.json()).toMatchObject({
        error: { code: 'ERR_NO_KEYS', message: expect.stringContaining('CACHET_JWKS') },
      });
    }
  }, 90_000);
});
