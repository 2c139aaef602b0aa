// Debian's Chromium for the browser tests, through playwright-core: required in CI, and the
// tests that need it are skipped elsewhere when it is missing.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);
if (!chromiumPresent && process.env.CI) {
  throw new Error(
    `Chromium is required in CI and is not at ${CHROMIUM} (apt-get install chromium)`,
  );
}

/** Headless Chromium with nothing fetched in the background; `extra` adds flags (a fake camera). */
export function launchChromium(extra: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extra,
    ],
  });
}
