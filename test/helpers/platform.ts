// Local Cloudflare bindings for tests: D1 (migrated) and R2 from wrangler.toml, in workerd
// through getPlatformProxy, kept in memory.
import { join } from 'node:path';
import { getPlatformProxy, unstable_splitSqlQuery } from 'wrangler';
import { listMigrations } from '../../src/store/migrations.js';
import type { D1Database } from '../../src/store/d1.js';
import { ROOT } from './cli.js';
import { withRealClock } from './dates.js';

export async function localBindings<Env extends { DB: D1Database }>() {
  const proxy = await withRealClock(() =>
    getPlatformProxy<Env>({
      configPath: join(ROOT, 'wrangler.toml'),
      persist: false,
      remoteBindings: false,
    }),
  );
  const db = proxy.env.DB;
  for (const m of listMigrations()) {
    await db.batch(unstable_splitSqlQuery(m.sql).map((s) => db.prepare(s)));
  }
  return proxy;
}
