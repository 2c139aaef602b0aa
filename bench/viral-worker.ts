// bench:viral's Worker: plays a viral card's isolates in workerd. Each simulated isolate is what
// a Worker isolate holds (src/workers/isolate.ts): a scan forwarder to the card's aggregator
// shards (the real Durable Object, over the real local D1) and a registry store whose card row the
// aggregator's answers keep fresh. Each simulated second every isolate adds its scans, answers
// for the card from its store, and sends its batch.
import { readSettings } from '../src/config.js';
import { ScanSketch } from '../src/core/scan-sketch.js';
import { sketchBytes } from '../src/store/card-row.js';
import { D1Store, type D1Database } from '../src/store/d1.js';
import type { DurableObjectNamespace } from '../src/workers/env.js';
import { durableObjectSender, ScanForwarder } from '../src/workers/scan-forwarder.js';
import { viralBatch, type ViralPlan } from './viral-scans.js';

export { ScanAggregatorObject } from '../src/workers/scan-object.js';

interface BenchEnv {
  DB: D1Database;
  SCANS: DurableObjectNamespace;
  [setting: string]: unknown;
}

/** One simulated second of the viral card. */
export interface SecondRequest {
  plan: ViralPlan;
  second: number;
  /** Isolates whose batches are in flight at once: the second's batches spread over it. */
  concurrency: number;
}

/** What the simulated isolates saw in one second. */
export interface SecondAnswer {
  /** Each batch's round trip to its aggregator shard, ms. */
  latencies: number[];
}

/** What the isolates saw over a run, for /report. */
export interface IsolatesReport {
  /** Batches whose answer was dropped, so the isolate sent them again with their id. */
  resent: number;
  /** Answers saying the batch was counted before. */
  duplicates: number;
  /** Aggregator objects the isolates sent to. */
  shards: string[];
  /** When the revocation committed (workerd clock), null before. */
  revokedAt: number | null;
  /** Per isolate, the last time after the revocation it still called the card standing. */
  lastStanding: (number | null)[];
  /** Per isolate, whether its last answer called the card revoked. */
  revokedNow: boolean[];
  /** Card rows the isolates read from D1 themselves. */
  cardReads: number;
}

interface SimIsolate {
  store: D1Store;
  forwarder: ScanForwarder;
}

/** The run under way: one card, its isolates and what they saw. */
let run: { plan: ViralPlan; isolates: SimIsolate[]; report: IsolatesReport; latencies: number[] };

function startRun(env: BenchEnv, plan: ViralPlan, resendEvery: number): void {
  const settings = readSettings(env);
  const send = durableObjectSender(env.SCANS);
  const report: IsolatesReport = {
    resent: 0,
    duplicates: 0,
    shards: [],
    revokedAt: null,
    lastStanding: Array.from({ length: plan.isolates }, () => null),
    revokedNow: Array.from({ length: plan.isolates }, () => false),
    cardReads: 0,
  };
  const shards = new Set<string>();
  const resent = new Set<string>();
  let sent = 0;
  const latencies: number[] = [];
  const isolates = Array.from({ length: plan.isolates }, () => {
    const store = new D1Store(env.DB, { freshMs: settings.registryFreshMs });
    const forwarder = new ScanForwarder({
      send: async (name, batch) => {
        const started = Date.now();
        const ack = await send(name, batch);
        latencies.push(Date.now() - started);
        shards.add(name);
        report.shards = [...shards];
        if (resent.delete(batch.batchId) && ack.duplicate) report.duplicates++;
        // An answer lost on the way back: the isolate keeps the batch and sends it again.
        if (resendEvery > 0 && ++sent % resendEvery === 0 && !ack.duplicate) {
          resent.add(batch.batchId);
          report.resent++;
          throw new Error('answer lost');
        }
        return ack;
      },
      shards: settings.scanShards,
      flushMs: settings.scanFlushMs,
      admin: store.admin(),
      onCardState: (state) => store.confirmCard(state),
      onError: () => undefined,
    });
    return { store, forwarder };
  });
  run = { plan, isolates, report, latencies };
}

/** Every isolate's second: scans added, the card answered from its store, the batch sent. */
async function runSecond(r: SecondRequest): Promise<SecondAnswer> {
  const { plan, isolates, report } = run;
  const from = run.latencies.length;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < plan.isolates; i = next++) {
      const isolate = isolates[i]!;
      for (const scan of viralBatch(plan, r.second, i).scans) {
        for (let n = 0; n < scan.count; n++) isolate.forwarder.add(scan);
      }
      // What a verification of the card would answer now, from this isolate's store: before its
      // batch, and again once the aggregator's answer to it has been taken, as the isolate's next
      // scan would (else one that hears of a revocation in a run's last answer looks unaware).
      const answer = async () => {
        const card = await isolate.store.findCard(plan.serial);
        const revoked = card?.revocation !== undefined && card.revocation !== null;
        report.revokedNow[i] = revoked;
        if (!revoked && report.revokedAt !== null) report.lastStanding[i] = Date.now();
      };
      await answer();
      await isolate.forwarder.flush();
      await answer();
    }
  };
  await Promise.all(Array.from({ length: Math.min(r.concurrency, plan.isolates) }, worker));
  return { latencies: run.latencies.slice(from) };
}

/** A boutique, an associate, the viral card and the day's scanner key, in the registry. */
async function seedCard(env: BenchEnv, plan: ViralPlan): Promise<void> {
  const now = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR IGNORE INTO boutiques (number, code, name, city, country, created_at)
       VALUES (1, 'VIR-AL', 'Viral', 'Paris', 'FR', ?)`,
    ).bind(now),
    env.DB.prepare(
      `INSERT OR IGNORE INTO associates (number, boutique, display_name, created_at)
       VALUES (1, 1, 'Viral', ?)`,
    ).bind(now),
    env.DB.prepare(
      `INSERT OR IGNORE INTO cards (serial, kid, issued, boutique, associate, occasion, minted_at)
       VALUES (?, 'k', 9800, 1, 1, 0, ?)`,
    ).bind(plan.serial, now),
  ]);
  // Sketches are kept only for a day whose scanner key exists.
  await new D1Store(env.DB).admin().scannerKey(new Date(plan.startMs).toISOString().slice(0, 10));
}

/** Each shard's answer to /flush or /stats. */
async function eachShard(env: BenchEnv, path: '/flush' | '/stats') {
  return Promise.all(
    run.report.shards.map(async (name) => {
      const stub = env.SCANS.get(env.SCANS.idFromName(name));
      const response = await stub.fetch(`https://scans.internal${path}`, {
        method: path === '/flush' ? 'POST' : 'GET',
      });
      return (await response.json()) as Record<string, number>;
    }),
  );
}

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const url = new URL(request.url);
    const body =
      request.method === 'POST' ? ((await request.json()) as Record<string, unknown>) : {};
    switch (url.pathname) {
      case '/start': {
        const plan = body.plan as ViralPlan;
        await seedCard(env, plan);
        startRun(env, plan, Number(body.resendEvery));
        return Response.json({ ok: true });
      }
      case '/second':
        return Response.json(await runSecond(body as unknown as SecondRequest));
      case '/revoke': {
        await new D1Store(env.DB).revokeCard(
          run.plan.serial,
          { reason: 'counterfeit' },
          new Date(),
        );
        run.report.revokedAt = Date.now();
        return Response.json({ at: run.report.revokedAt });
      }
      case '/flush': {
        // What the isolates still hold (batches whose answer was lost), then every shard.
        await Promise.all(run.isolates.map((isolate) => isolate.forwarder.flush()));
        return Response.json(await eachShard(env, '/flush'));
      }
      case '/stats':
        return Response.json(await eachShard(env, '/stats'));
      case '/report': {
        run.report.cardReads = run.isolates.reduce((n, i) => n + i.store.cardReads, 0);
        return Response.json(run.report);
      }
      case '/counted': {
        const serial = run.plan.serial;
        const countries = await env.DB.prepare(
          `SELECT country, sum(count) AS count FROM scans WHERE serial = ? GROUP BY country`,
        )
          .bind(serial)
          .all<{ country: string; count: number }>();
        // The shards' sketches as the registry holds them, merged here: the sketch's own estimate.
        const sketches = await env.DB.prepare(
          'SELECT registers FROM scan_sketches WHERE serial = ? AND day = ?',
        )
          .bind(serial, new Date(run.plan.startMs).toISOString().slice(0, 10))
          .all<{ registers: unknown }>();
        const union = new ScanSketch();
        for (const row of sketches.results) union.merge(sketchBytes(row.registers));
        return Response.json({
          summary: await new D1Store(env.DB).summariseScans(serial),
          countries: countries.results,
          sketches: sketches.results.length,
          union: union.estimate(),
        });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
