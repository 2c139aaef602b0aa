// A suite's fixture (a registry in a temporary SQLite file, a fresh key, the demo brand), made
// before the suite's tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import type { NewKeyOptions } from '../../src/core/index.js';
import { makeFixture, type Fixture } from './fixture.js';

/**
 * The suite's fixture, set by `useFixture` before the first test. A live binding: a test file that
 * imports it (`import { fixture as f }`) sees it once its hooks have run (one suite a file).
 */
export let fixture: Fixture;

/** Makes the fixture (with `key`, or makeFixture's default) before the tests; closes it after. */
export function useFixture(key?: NewKeyOptions): void {
  beforeAll(async () => {
    fixture = await makeFixture(key);
  });
  afterAll(() => fixture?.close());
}
