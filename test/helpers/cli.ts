// Runs the built `cachet` command (bin/cachet.js → dist/) as a user would, in a folder of its own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launch, type LocalProcess } from '../../src/cli/local-worker.js';
import { clockEnv } from './dates.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHET_BIN = `${ROOT}bin/cachet.js`;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cachet ...args` synchronously with `env` added to a clean environment (and the test's clock). */
export function cachet(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Run {
  const result = spawnSync(process.execPath, [CACHET_BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A new folder of its own for the CLI (and the server it starts): the registry and the key files
 * inside it, `extra` added to the settings, and `run` to call `cachet` there with them.
 */
export function cliFolder<E extends Record<string, string>>(prefix: string, extra = {} as E) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    CACHET_DB: join(dir, 'data', 'cachet.db'),
    CACHET_KEYS_DIR: join(dir, 'keys'),
    ...extra,
  };
  const run = (...args: string[]) => cachet(args, { cwd: dir, env });
  return { dir, env, run };
}

/** The same, without blocking the event loop (for talking to a server this process runs). */
export function cachetAsync(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CACHET_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...clockEnv(), ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm start` as built (dist/src/node.js) in `cwd` on a free port, once it says it is ready. */
export async function launchBuiltServer(
  cwd: string,
  env: Record<string, string> = {},
): Promise<LocalProcess> {
  const port = await freePort();
  return launch(process.execPath, [`${ROOT}dist/src/node.js`], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...clockEnv(), PORT: String(port), ...env },
    ready: /Press Ctrl\+C/,
    url: `http://127.0.0.1:${port}`,
  });
}
