// The public HTTP contract on the Worker in workerd (D1), through wrangler dev.
import { startWorkerdTarget } from '../helpers/contract-fixture.js';
import { runContract } from './verify-contract.js';

runContract(
  'workerd',
  startWorkerdTarget,
  async (_, t, serial) => {
    // waitUntil writes after each answer; give the last ones a moment, then read local D1.
    for (let attempt = 0; ; attempt++) {
      await new Promise((r) => setTimeout(r, 300));
      const rows = t.query!(
        `SELECT coalesce(sum(count), 0) AS n FROM scans WHERE serial = '${serial}'`,
      );
      const n = Number(rows[0]!.n);
      if (n > 0 || attempt >= 5) return n;
    }
  },
  { printPng: false, realClock: true },
);
