// A Worker that runs bench/revocation-lag.ts in workerd: POST the migrations' statements (once) and
// the options as JSON; it answers the measured lag. The test beside it starts it with wrangler dev.
import { measureRevocationLag, type RevocationLagOptions } from '../../bench/revocation-lag.js';
import type { D1Database } from '../../src/store/d1.js';

export default {
  async fetch(request: Request, env: { DB: D1Database }): Promise<Response> {
    const { statements, options } = (await request.json()) as {
      statements?: string[];
      options: RevocationLagOptions;
    };
    if (statements?.length) await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
    return Response.json(await measureRevocationLag(env.DB, options));
  },
};
