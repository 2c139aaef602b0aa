// `npm run dev:edge` serves on the port it is given (`-- --port N`, else CACHET_EDGE_PORT, else
// 8788), and a port that is not one stops it before anything is set up, saying which is wrong.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const SCRIPT = join(ROOT, 'scripts', 'dev-edge.mjs');

/** scripts/dev-edge.mjs's own reading of its arguments and environment. */
async function options(argv: string[], env: Record<string, string> = {}) {
  // @ts-expect-error: a plain ESM script without types
  const { readDevEdgeOptions } = await import('../../scripts/dev-edge.mjs');
  return (readDevEdgeOptions as (a: string[], e: object) => { port: number })(argv, env);
}

describe('npm run dev:edge', () => {
  it('takes its port from --port, else CACHET_EDGE_PORT, else 8788', async () => {
    expect((await options([])).port).toBe(8788);
    expect((await options(['--port', '18751'])).port).toBe(18751);
    expect((await options(['--port=18752'])).port).toBe(18752);
    expect((await options([], { CACHET_EDGE_PORT: '18753' })).port).toBe(18753);
    expect((await options(['--port', '18754'], { CACHET_EDGE_PORT: '18753' })).port).toBe(18754);
    await expect(options(['--port'])).rejects.toThrow('--port needs a value');
    await expect(options(['--prot', '9000'])).rejects.toThrow('unknown argument "--prot"');
  });

  it('stops at once on a port that is not one, naming where it came from', () => {
    const cwd = tempDir('cachet-dev-edge-');
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [SCRIPT, ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
    const flag = run(['--port', '8O88']);
    expect(flag.status).toBe(2);
    expect(flag.stderr.trim()).toBe(
      'dev:edge: --port must be a TCP port from 1 to 65535, not "8O88"',
    );
    const variable = run([], { CACHET_EDGE_PORT: '65536' });
    expect(variable.status).toBe(2);
    expect(variable.stderr.trim()).toBe(
      'dev:edge: CACHET_EDGE_PORT must be a TCP port from 1 to 65535, not "65536"',
    );
    // Nothing was set up or started.
    expect(flag.stdout + variable.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });
});
