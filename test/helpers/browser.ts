// A browser suite's world: the real test server and Debian's Chromium, opened before the suite's
// tests and closed after them, and the folder its screenshots go to.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { NewKeyOptions } from '../../src/core/index.js';
import { launchChromium } from './chromium.js';
import { ROOT } from './cli.js';
import { startTestServer, type TestServer } from './server.js';

/** Where browser suites keep their screenshots. */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');

/**
 * The suite's server and browser, set by `useChromium` before the first test. They are live
 * bindings: a test file that imports them sees them once its hooks have run (one suite a file).
 */
export let server: TestServer;
export let browser: Browser;

export interface ChromiumSuite {
  /** The server's signing key (startTestServer's default: valid from 2020). */
  key?: NewKeyOptions;
  /** Settings added to the server's environment. */
  env?: Record<string, string>;
  /** Puts the suite's cards, scans and staff on the server before Chromium starts. */
  seed?: (server: TestServer) => Promise<void>;
  /** Chromium's extra flags (a fake camera, playing a video `seed` writes). */
  flags?: string[];
  /** How long the start may take, in ms. */
  timeout?: number;
}

/** Starts the server, seeds it and launches Chromium before the suite's tests; closes both after. */
export function useChromium({ key, env, seed, flags, timeout }: ChromiumSuite = {}): void {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer(key, env);
    await seed?.(server);
    browser = await launchChromium(flags);
  }, timeout);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
