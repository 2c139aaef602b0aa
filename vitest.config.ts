// Test runner settings: suites spawn real servers and CLIs, so they get generous timeouts.
// Under CI a JSON report is kept too, for .ci/run's summary line.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]]
      : ['default'],
  },
});
