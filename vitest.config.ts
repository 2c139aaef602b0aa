// Test runner settings: suites spawn real servers and CLIs, so they get generous timeouts.
// Under CI a JSON report is kept too, for .ci/run's summary line.
//
// Two projects. `dated`: every suite whose answers could depend on the day, run several at a
// time, and run again by CI with the clock 400 days ahead (`faketime -f '+400d' npx vitest run
// --project dated`). `undated`: the suites no calendar touches, or that measure seconds (lag,
// load, pauses, budgets) or run workerd, which cannot run under faketime; they run one at a
// time, after the others, so that no other suite takes their cores.
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const UNDATED = [
  // What no calendar touches: the source's layout, the Worker's size, reading and comparing
  // images, settings, proxies, request bodies, help text, axe on the pages, QR and slip drawing.
  'test/layout*.test.ts',
  'test/edge/bundle.test.ts',
  'test/image/**/*.test.ts',
  'test/core/card-match.test.ts',
  'test/core/claim-code.test.ts',
  'test/core/network.test.ts',
  'test/core/image-and-codes.test.ts',
  'test/config.test.ts',
  'test/app/trusted-proxy.test.ts',
  'test/app/bodies.test.ts',
  'test/app/image-pool*.test.ts',
  'test/cli/usage.test.ts',
  'test/cli/sub-commands.test.ts',
  'test/browser/accessibility.test.ts',
  'test/browser/scan-failures.test.ts',
  'test/print/qr.test.ts',
  'test/print/sign-guide.test.ts',
  'test/print/slip.test.ts',
  'test/edge/card-photo-workerd.test.ts',
  // Chromium driving the staff console and the reference camera, and references moved to D1:
  // their dates come from the server and the core, which the dated suites cover.
  'test/browser/console*.test.ts',
  'test/browser/reports.test.ts',
  'test/browser/card-reference.test.ts',
  'test/edge/d1-references.test.ts',
  // Workers at viral scale: seconds, not days (the aggregator's day ends are dated, in
  // test/services/scan-aggregator.test.ts, on the SQLite store).
  'test/core/scan-sketch.test.ts',
  'test/edge/rate-limit-binding.test.ts',
  'test/edge/viral-load.test.ts',
  'test/edge/revocation-lag-workerd.test.ts',
  // Suites whose subject is workerd, on the real clock (the same contract is dated on Node, in
  // test/contract/node.test.ts).
  'test/contract/workerd.test.ts',
  'test/contract/scheduled.test.ts',
  'test/edge/scan-aggregator-workerd.test.ts',
  'test/cli/edge-export.test.ts',
  // Faults: a process killed, a disk filled, a witness down. What they prove is about crashes
  // and seconds; the registry check each one ends with is dated in test/store/registry-check.
  'test/node/sigkill.test.ts',
  'test/node/disk-full*.test.ts',
  'test/log/witness-down.test.ts',
  // Backups and restores through the built CLI: their dates are in test/node/backup.test.ts.
  'test/cli/backup.test.ts',
  // Hostile text rendered and printed by Chromium (directions, wrapping), and the local Worker
  // that edge-prepare sets up, in workerd.
  'test/browser/evidence-hostile.test.ts',
  'test/browser/public-bidi.test.ts',
  'test/cli/edge-prepare.test.ts',
  'test/cli/dev-edge.test.ts',
  // An identity provider down: pauses and timeouts in seconds (token ages are dated, in
  // test/admin/oidc-identities.test.ts).
  'test/admin/oidc-provider-down.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]]
      : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'dated',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNDATED],
          // Mostly waiting on the servers, CLIs and browsers they start: two at a time even on
          // two cores.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'undated',
          include: UNDATED,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
