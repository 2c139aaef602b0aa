// `cachet edge-prepare` makes a complete local Worker: with the .dev.vars it writes (and nothing
// else), the Worker in real workerd signs its trust bundle and mints with the development key
// `npm start` signs with. The file holds private keys: it is 0600, and an operator's own lines
// in it are kept.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startConfigWorker, type LocalProcess } from '../../src/cli/local-worker.js';
import { cachet } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

let dir: string;
let vars: string;
let origin: string;
let apiKey: string;
let prepared: { seed: string; vars: string; demo: { authentic: string | null } };
let worker: LocalProcess | undefined;

beforeAll(async () => {
  dir = tempDir('cachet-edge-prepare-');
  const workerDir = join(dir, 'worker');
  mkdirSync(workerDir);
  vars = join(workerDir, '.dev.vars');
  const [port, inspectorPort] = [await freePort(), await freePort()];
  origin = `http://127.0.0.1:${port}`;
  const env = {
    CACHET_DB: join(dir, 'data', 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
    HOME: dir,
  };
  const prepare = () =>
    cachet(
      [
        'edge-prepare',
        '--json',
        '--origin',
        origin,
        '--seed',
        join(dir, 'seed.sql'),
        '--vars',
        vars,
      ],
      { cwd: dir, env },
    );
  // A first run sets the registry up (demo brand, keys), as `npm start` would.
  const first = prepare();
  expect(first.code, first.stderr).toBe(0);
  // An associate of the demo boutique, whose API key mints on the Worker too (D1 is seeded with
  // the staff table).
  const staff = cachet(
    [
      'staff',
      'add',
      '--role',
      'associate',
      '--name',
      'Edge tester',
      '--boutique',
      'PAR-SH',
      '--json',
    ],
    { cwd: dir, env },
  );
  expect(staff.code, staff.stderr).toBe(0);
  apiKey = JSON.parse(staff.stdout).apiKey;
  // The operator's own lines, in a file left readable by others: kept, and the file narrowed.
  writeFileSync(vars, `${readFileSync(vars, 'utf8')}# mine\nMY_SETTING=kept\n`);
  chmodSync(vars, 0o644);

  const again = prepare();
  expect(again.code, again.stderr).toBe(0);
  prepared = JSON.parse(again.stdout);
  worker = await startConfigWorker({
    dir: workerDir,
    config: 'wrangler.toml',
    port,
    inspectorPort,
    d1: 'cachet',
    seed: prepared.seed,
  });
}, 120_000);

afterAll(async () => {
  await worker?.close();
});

describe('cachet edge-prepare', () => {
  it('writes .dev.vars and the seed private to their owner, with the origin and both signing keys, keeping the operator lines', () => {
    expect(statSync(vars).mode & 0o777).toBe(0o600);
    // The seed is the whole registry (reporters' contacts, claim codes): its owner's alone too.
    expect(statSync(resolve(dir, prepared.seed)).mode & 0o777).toBe(0o600);
    const text = readFileSync(vars, 'utf8');
    const names = text
      .split('\n')
      .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
      .filter(Boolean);
    // Each once: a second run replaces its own lines rather than adding more.
    expect(names.sort()).toEqual(
      [
        'CACHET_JWKS',
        'CACHET_LOG_KEY',
        'CACHET_LOG_ORIGIN',
        'CACHET_PUBLIC_URL',
        'CACHET_RECEIPT_KEY',
        'CACHET_SIGNING_KEY',
        'CACHET_VERIFY_HOSTS',
        'MY_SETTING',
      ].sort(),
    );
    expect(text).toContain('# mine\nMY_SETTING=kept\n');
    expect(text).toContain(`CACHET_PUBLIC_URL='${origin}'\n`);
  });

  it('serves the trust bundle signed with the receipt key, for the origin it was prepared for', async () => {
    const answer = await fetch(`${worker!.url}/.well-known/cachet/trust.jws`);
    const body = await answer.text();
    expect(answer.status, body).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/jose');
    const [header, payload] = body
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part!, 'base64url').toString('utf8')));
    const receiptKid = JSON.parse(
      /^CACHET_RECEIPT_KEY='(.*)'$/m.exec(readFileSync(vars, 'utf8'))![1]!,
    ).kid;
    expect(header.kid).toBe(receiptKid);
    expect(payload.iss).toBe(origin);
  });

  it('mints through the admin API with the development key, and the card reads authentic', async () => {
    const minted = await fetch(`${worker!.url}/api/v1/admin/cards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, occasion: 'birthday' }),
    });
    const body = await minted.text();
    expect(minted.status, body).toBe(201);
    const card = JSON.parse(body) as { url: string };
    expect(card.url.startsWith(`${origin}/c/`)).toBe(true);
    const token = card.url.slice(`${origin}/c/`.length);
    const verdict = (await (await fetch(`${worker!.url}/api/v1/verify/${token}`)).json()) as {
      status: string;
      key?: { kid?: string; development?: boolean };
    };
    expect(verdict.status).toBe('authentic');
    // The key `npm start` signs with: the development key edge-prepare's first run made.
    const jwks = JSON.parse(readFileSync(join(dir, 'keys', 'jwks.json'), 'utf8')) as {
      keys: { kid: string; purpose?: string; development?: boolean }[];
    };
    const signing = JSON.parse(
      /^CACHET_SIGNING_KEY='(.*)'$/m.exec(readFileSync(vars, 'utf8'))![1]!,
    ) as { kid: string };
    expect(jwks.keys.find((k) => k.kid === signing.kid)).toMatchObject({ development: true });
    expect(prepared.demo.authentic).toMatch(new RegExp(`^${origin}/c/`));
  });
});
