// The public HTTP contract on the Node server (SQLite).
import { openSqliteStore } from '../../src/store/sqlite.js';
import { startNodeTarget } from '../helpers/contract-fixture.js';
import { runContract } from './verify-contract.js';

runContract(
  'Node',
  startNodeTarget,
  async (f, t, serial) => {
    await t.close(); // a clean stop writes every pending scan
    const store = openSqliteStore(f.dbPath);
    try {
      return (await store.summariseScans(serial)).count;
    } finally {
      store.close();
    }
  },
  { printPng: true },
);
