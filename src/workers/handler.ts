// The Worker's handlers: each request answered by this isolate's app, with the scans it counted
// written and the log's sequencer woken off the answer; and the daily cron.
import { CachetError } from '../core/index.js';
import type { Env, ExecutionContext } from './env.js';
import { isolateFor, type Isolate } from './isolate.js';
import { wakeLog } from './log-object.js';

/** Whether this isolate has woken the log's sequencer yet. */
let wokeLog = false;

/** A setting the Worker cannot start with, said with its name to the operator's log and the caller. */
function refusal(error: CachetError): Response {
  console.error(`cachet: ${error.message}`);
  const unavailable = error.code === 'ERR_NO_KEYS';
  return Response.json(
    { error: { code: error.code, message: error.message } },
    unavailable ? { status: 503, headers: { 'retry-after': '60' } } : { status: 500 },
  );
}

/**
 * Claim writes, through the JSON API or the claim page's forms: a claim, a change, a release
 * (reading a claim with its holder secret writes nothing).
 */
const CLAIM_WRITE = /^\/(api\/v1\/)?claim(\/change|\/release)?$/;

/**
 * Whether this answer left entries for the log: a staff write, or a claim written (claimed,
 * changed, released: each with its log entry in the same transaction).
 */
function wakesLog(request: Request, response: Response): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const path = new URL(request.url).pathname;
  if (path.startsWith('/api/v1/admin/')) return true;
  return CLAIM_WRITE.test(path) && response.status < 400;
}

export default {
  /** The Cron Trigger of wrangler.toml, at 00:00 UTC: the day that ended leaves the scan log. */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const { scans } = await isolateFor(env);
    ctx.waitUntil(scans.endScanDays(new Date()));
    ctx.waitUntil(wakeLog(env)); // and anything the log still holds pending is placed
  },

  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let built: Isolate;
    try {
      built = await isolateFor(env);
    } catch (error) {
      if (!(error instanceof CachetError)) throw error;
      return refusal(error);
    }
    const { app, scans, log } = built;
    const response = await app.fetch(request, env, ctx as never);
    // Cards minted through the admin API wait in D1 for the sequencer: wake it, off the answer.
    // The first request of an isolate wakes it too, for cards registered while it slept.
    // Only staff requests and claims that were written wake it on every call: any other public
    // POST (a pasted code) cannot make the Worker call the Durable Object at will, and claim
    // attempts are rate limited per network.
    if (log && (wakesLog(request, response) || !wokeLog)) {
      wokeLog = true;
      ctx.waitUntil(wakeLog(env));
    }
    // The answer is ready before D1 is touched: the scans of every request of this isolate in
    // the next second go out in one batch (per card to its aggregator with the SCANS binding,
    // else to D1), kept alive by the request that scheduled it.
    const write = scans.writeSoon();
    if (write) ctx.waitUntil(write);
    return response;
  },
};
