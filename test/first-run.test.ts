// `npm start` on a fresh clone: database, development key, demo brand and cards, then the same on restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachet, ROOT } from './helpers/cli.js';
import { clockEnv, daysFromToday } from './helpers/dates.js';
import { tempDir } from './helpers/fixture.js';
import { freePort } from '../src/cli/local-worker.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  urls: Record<string, string>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function start(
  cwd: string,
  port: number,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<Started> {
  const args = options.args ?? [join(ROOT, 'dist/src/node.js')];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), PORT: String(port), ...options.env },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20_000);
    child.stdout!.on(
      'data',
      () => out.includes('Press Ctrl+C') && (clearTimeout(timer), resolve()),
    );
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  const urls = Object.fromEntries(
    [...out.matchAll(/^ {2}(authentic|revoked) +(\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
  );
  return { child, output: () => out, urls };
}

async function stop({ child }: Started): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('first run', () => {
  it('sets everything up, serves the demo cards, and reuses it all on restart', async () => {
    const cwd = tempDir('cachet-fresh-');
    const port = await freePort();
    const first = await start(cwd, port);
    const origin = `http://127.0.0.1:${port}`;

    expect(existsSync(join(cwd, 'data/cachet.db'))).toBe(true);
    const jwks = JSON.parse(readFileSync(join(cwd, 'keys/jwks.json'), 'utf8'));
    // A development card key and a receipt key, each with its private file at 0600.
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys[0]).toMatchObject({ development: true, status: 'active' });
    expect(jwks.keys[0].purpose).toBeUndefined();
    expect(jwks.keys[1]).toMatchObject({ purpose: 'receipt', status: 'active' });
    // And the issuance log's own key, which signs checkpoints only.
    const privateFiles = readdirSync(join(cwd, 'keys/private')).sort();
    expect(privateFiles).toEqual(
      [...jwks.keys.map((k: { kid: string }) => `${k.kid}.jwk`), 'log.jwk'].sort(),
    );
    for (const file of privateFiles) {
      expect(statSync(join(cwd, 'keys/private', file)).mode & 0o777).toBe(0o600);
    }

    expect(first.output()).toContain(`Cachet is serving on ${origin}`);
    expect(first.output()).toContain('DEVELOPMENT');
    expect(first.urls.authentic).toMatch(new RegExp(`^${origin}/c/\\d{208}$`));
    expect(first.urls.revoked).toMatch(new RegExp(`^${origin}/c/\\d{208}$`));

    const api = (url: string) =>
      fetch(url.replace('/c/', '/api/v1/verify/')).then((r) => r.json() as Promise<any>);
    const authentic = await api(first.urls.authentic!);
    expect(authentic).toMatchObject({
      status: 'authentic',
      key: { development: true },
      warnings: ['development-key'],
    });
    expect(authentic.card.boutique.city).toBe('Paris');
    expect(await api(first.urls.revoked!)).toMatchObject({ status: 'revoked' });
    const page = await (await fetch(first.urls.authentic!)).text();
    expect(page).toContain('Genuine code');
    expect(page).toContain('Development key');

    // The demo cards carry client references; no log line may show them.
    expect(first.output()).not.toMatch(/demo-client/);
    expect(await stop(first)).toBe(0);

    const second = await start(cwd, port);
    expect(second.urls).toEqual(first.urls);
    expect(second.output()).not.toContain('Made a DEVELOPMENT key');
    expect(readdirSync(join(cwd, 'keys/private'))).toEqual(privateFiles);
    expect(JSON.parse(readFileSync(join(cwd, 'keys/jwks.json'), 'utf8'))).toEqual(jwks);
    expect((await api(second.urls.authentic!)).status).toBe('authentic');
    expect(await stop(second)).toBe(0);
  });

  it('`cachet serve` listens on HOST and PORT and mints demo cards for CACHET_PUBLIC_URL', async () => {
    const cwd = tempDir('cachet-fresh-');
    const port = await freePort();
    const started = await start(cwd, port, {
      args: [join(ROOT, 'bin/cachet.js'), 'serve'],
      env: { HOST: '0.0.0.0', CACHET_PUBLIC_URL: 'https://verify.brand.co' },
    });
    expect(started.output()).toContain(`Cachet is serving on http://127.0.0.1:${port}`);
    expect(started.output()).toContain('cards     point to https://verify.brand.co');
    expect(started.urls.authentic).toMatch(/^https:\/\/verify\.brand\.co\/c\/\d{208}$/);
    const token = started.urls.authentic!.split('/c/')[1];
    const verdict = await fetch(`http://127.0.0.1:${port}/api/v1/verify/${token}`).then((r) =>
      r.json(),
    );
    expect(verdict).toMatchObject({ status: 'authentic' });
    expect(await stop(started)).toBe(0);
  });

  it('prints the demo links after keygen and key rotate, and the CLI mints for the origin it serves', async () => {
    const cwd = tempDir('cachet-fresh-');
    const port = await freePort();
    const first = await start(cwd, port);
    await stop(first);
    const cli = (args: string[], env: Record<string, string> = {}) => cachet(args, { cwd, env });
    const tomorrow = daysFromToday(1);
    expect(cli(['keygen', '--valid-from', tomorrow]).code).toBe(0);
    expect(cli(['key', 'rotate']).code).toBe(0);
    // What `npm run dev:edge` prints once workerd is ready (scripts/dev-edge.mjs).
    const edge = cli(['edge-prepare', '--json', '--seed', 'seed.sql', '--vars', 'dev.vars']);
    expect(edge.code, edge.stderr).toBe(0);
    const edgeDemo = JSON.parse(edge.stdout).demo;
    expect(edgeDemo.authentic.split('/c/')[1]).toBe(first.urls.authentic!.split('/c/')[1]);
    expect(edgeDemo.revoked.split('/c/')[1]).toBe(first.urls.revoked!.split('/c/')[1]);

    const second = await start(cwd, port);
    expect(second.urls).toEqual(first.urls);
    expect(second.output()).toMatch(/signs cards dated from \d{4}-\d{2}-\d{2}/);
    const api = (url: string) =>
      fetch(url.replace('/c/', '/api/v1/verify/')).then((r) => r.json() as Promise<any>);
    expect(await api(second.urls.authentic!)).toMatchObject({ status: 'authentic' });
    expect(await api(second.urls.revoked!)).toMatchObject({ status: 'revoked' });

    // No PORT in the CLI's environment: it mints for the server's origin, and the server agrees.
    const mint = ['mint', '--boutique', 'PAR-SH', '--associate', '101', '--json'];
    const minted = cli(mint);
    expect(minted.stderr).toBe('');
    const { url } = JSON.parse(minted.stdout);
    expect(url.startsWith(`http://127.0.0.1:${port}/c/`)).toBe(true);
    expect(await api(url)).toMatchObject({ status: 'authentic' });
    // A shell with a PORT of its own is refused, until --origin says which origin is meant.
    const refused = cli(mint, { PORT: '18820' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `cards minted here would point to http://127.0.0.1:18820, but the server (at http://127.0.0.1:${port}) accepts only 127.0.0.1:${port}`,
    );
    const elsewhere = cli([...mint, '--origin', 'http://127.0.0.1:18820'], { PORT: '18820' });
    expect(JSON.parse(elsewhere.stdout).url.startsWith('http://127.0.0.1:18820/c/')).toBe(true);
    expect(elsewhere.stderr).toContain(
      `warning: cards minted here point to http://127.0.0.1:18820, but the server (at http://127.0.0.1:${port}) accepts only 127.0.0.1:${port}`,
    );
    expect(elsewhere.stderr).toContain('CACHET_PUBLIC_URL');
    await stop(second);
    // And the server, started again, says the same of the cards minted last.
    const third = await start(cwd, port);
    expect(third.output()).toContain('Warning: cards minted here point to http://127.0.0.1:18820');
    expect(third.output()).toContain('CACHET_VERIFY_HOSTS=127.0.0.1:18820');
    await stop(third);
  }, 90_000);

  it('seeds no demo brand when the only key that may sign is the brand’s own', async () => {
    const cwd = tempDir('cachet-fresh-');
    // A brand going live: its real key first, on an empty registry, CACHET_DEMO left alone.
    expect(cachet(['keygen'], { cwd }).code).toBe(0);
    const started = await start(cwd, await freePort());
    expect(started.urls).toEqual({});
    expect(started.output()).not.toContain('Demo cards');
    await stop(started);
    const boutiques = cachet(['boutique', 'list', '--json'], { cwd });
    expect(JSON.parse(boutiques.stdout)).toEqual([]);
  });

  it('says plainly when the port is taken', async () => {
    const cwd = tempDir('cachet-fresh-');
    const port = await freePort();
    await start(cwd, port);
    const clash = spawn(process.execPath, [join(ROOT, 'dist/src/node.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...clockEnv(), PORT: String(port) },
    });
    let err = '';
    clash.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => clash.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain(`port ${port} on 127.0.0.1 is in use`);
  });
});
