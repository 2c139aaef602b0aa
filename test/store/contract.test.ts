// The store contract on both engines: a real SQLite file, and a real local D1 in workerd.
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { getPlatformProxy } from 'wrangler';
import { D1Store, type D1Database } from '../../src/store/d1.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { localBindings } from '../helpers/platform.js';
import { tempDir } from '../helpers/fixture.js';
import { storeContract } from './store-contract.js';

let sqlite: SqliteStore | undefined;
storeContract('SQLite', {
  async fresh() {
    sqlite?.close();
    sqlite = openSqliteStore(join(tempDir(), 'registry.db'));
    return sqlite;
  },
});
afterAll(() => sqlite?.close());

let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database }>>>;
beforeAll(async () => {
  proxy = await localBindings<{ DB: D1Database }>();
}, 60_000);
afterAll(() => proxy?.dispose());

storeContract('D1', {
  async fresh() {
    const db = proxy.env.DB;
    const { results } = await db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' AND name <> 'd1_migrations'",
      )
      .all<{ name: string }>();
    // Children before parents: keep deleting until every table is empty.
    let left = results.map((r) => r.name);
    for (let pass = 0, passes = left.length; left.length > 0 && pass < passes; pass++) {
      const failed: string[] = [];
      for (const table of left) {
        await db
          .prepare(`DELETE FROM ${table}`)
          .run()
          .catch(() => failed.push(table));
      }
      left = failed;
    }
    if (left.length > 0) throw new Error(`could not empty ${left.join(', ')}`);
    return new D1Store(db);
  },
});
