// The trust page names the origin as configured, scheme included, so the command it shows runs as
// written against the server it is on (http on a development server); and `trust pull` given a
// bare host says what to type instead of guessing a scheme.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, launchBuiltServer } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';

const cwd = tempDir('cachet-trust-origin-');
const clock = clockEnv(); // a shifted clock (faketime) reaches the CLI and the server
const env = {
  CACHET_DB: join(cwd, 'data/cachet.db'),
  CACHET_KEYS_DIR: join(cwd, 'keys'),
  ...clock,
};
let server: LocalProcess | undefined;
const cli = (...args: string[]) => cachetAsync(args, { cwd, env });

beforeAll(async () => {
  server = await launchBuiltServer(cwd, env);
}, 60_000);
afterAll(() => server?.close());

describe('the trust page and trust pull on an http server', () => {
  it('shows the http origin, and its trust pull command runs as written', async () => {
    const origin = server!.url; // http://127.0.0.1:<port>
    const html = await (await fetch(`${origin}/trust?lang=en`)).text();
    expect(html).toContain(`<li class="mono"><bdi>${origin}/</bdi></li>`);
    expect(html).not.toContain('https://127.0.0.1');
    const shown = /npx cachet (trust pull \S+)/.exec(html)?.[1];
    expect(shown).toBe(`trust pull ${origin}`);
    expect(html).toContain(`npx cachet verify --offline ${origin}/c/`);

    const pulled = await cli(...shown!.split(' '));
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^Saved the trust of http:\/\/127\.0\.0\.1:\d+ in /);
    const dir = join(cwd, 'cachet-trust', new URL(origin).host.replace(':', '_'));
    expect(existsSync(join(dir, 'trust.jws'))).toBe(true);

    // The command below it checks a card of this server with what was pulled.
    const authentic = /authentic\s+(\S+)/.exec(server!.output())![1]!;
    const offline = await cli('verify', '--offline', authentic);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/^authentic/);
  });

  it('refuses a bare host in one line, with the URL to type, and saves nothing', async () => {
    const host = new URL(server!.url).host;
    const r = await cli('trust', 'pull', host, '--dir', 'bare');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `trust pull takes a URL with http:// or https://, like http://${host}, not "${host}"`,
    );
    expect(r.stderr).not.toContain('--server');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'bare'))).toBe(false);
  });
});
