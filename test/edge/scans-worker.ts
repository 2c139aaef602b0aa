// Several simulated isolates of the Worker in one, each with its own scan forwarder (its own
// shard of each card), over the real scan aggregators and D1: routes for the test to drive them
// and to read the registry as the app's summary, history and flagged list do.
import {
  fromHex,
  toHex,
  type CardState,
  type ScanBatch,
  type ScanEvent,
} from '../../src/core/index.js';
import type { ScanFlush } from '../../src/core/scan-flush.js';
import { D1Store } from '../../src/store/d1.js';
import type { Env } from '../../src/workers/env.js';
import { durableObjectSender, ScanForwarder } from '../../src/workers/scan-forwarder.js';

export { ScanAggregatorObject } from '../../src/workers/scan-object.js';

const isolates = new Map<string, { forwarder: ScanForwarder; cards: CardState[]; lose: number }>();

function isolate(env: Env, id: string, shards: number) {
  let entry = isolates.get(id);
  if (!entry) {
    const send = durableObjectSender(env.SCANS!);
    const made: { forwarder?: ScanForwarder; cards: CardState[]; lose: number } = {
      cards: [],
      lose: 0,
    };
    made.forwarder = new ScanForwarder({
      // An answer lost on the way back: the aggregator has the batch, the isolate does not know.
      send: async (name, batch: ScanBatch) => {
        const ack = await send(name, batch);
        if (made.lose > 0) {
          made.lose--;
          throw new Error('answer lost');
        }
        return ack;
      },
      shards,
      flushMs: 1000,
      admin: new D1Store(env.DB).admin(),
      onCardState: (card) => made.cards.push(card),
      onError: () => undefined,
    });
    isolates.set(id, (entry = made as typeof entry & {}));
  }
  return entry!;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const [, route, a] = url.pathname.split('/');
    const store = new D1Store(env.DB);
    const body = request.method === 'POST' ? await request.json() : undefined;
    switch (route) {
      case 'scan': {
        // {isolate, events, lose?}: events counted by one isolate, flushed once.
        const b = body as { isolate: string; events: ScanEvent[]; lose?: number; shards?: number };
        const i = isolate(env, b.isolate, b.shards ?? 4);
        i.lose += b.lose ?? 0;
        for (const e of b.events) i.forwarder.add(e);
        await i.forwarder.flush();
        return Response.json({
          shard: i.forwarder.shard,
          pending: i.forwarder.pending,
          unsent: i.forwarder.unsent,
        });
      }
      case 'drain': {
        // Every isolate flushes until nothing is left; then the cards they saw.
        for (const i of isolates.values()) {
          for (let round = 0; round < 5 && i.forwarder.pending > 0; round++)
            await i.forwarder.flush();
        }
        const left = [...isolates.values()].reduce((n, i) => n + i.forwarder.pending, 0);
        return Response.json({
          left,
          cards: [...isolates.values()].flatMap((i) => i.cards.slice(-1)),
        });
      }
      case 'object': {
        // /object/<name>/<flush|stats|batch>: the aggregator itself, as an isolate reaches it.
        const stub = env.SCANS!.get(env.SCANS!.idFromName(a!));
        const action = url.pathname.split('/')[3]!;
        return stub.fetch(`https://scans.internal/${action}`, {
          method: action === 'stats' ? 'GET' : 'POST',
          headers: { 'cachet-aggregator': a! },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
      }
      case 'day-key':
        return Response.json({ key: toHex(await store.admin().scannerKey(a!)) });
      case 'end-days':
        await store.admin().endScanDays(a!);
        return Response.json({});
      case 'record-flush': {
        // The sketches come as hex: JSON has no bytes.
        const f = body as Omit<ScanFlush, 'sketches'> & {
          sketches: { day: string; registers: string }[];
        };
        const flush: ScanFlush = {
          ...f,
          sketches: f.sketches.map((s) => ({ day: s.day, registers: fromHex(s.registers) })),
        };
        return Response.json(await store.recordScanFlush(flush));
      }
      case 'summary':
        return Response.json(await store.summariseScans(a!));
      case 'history':
        return Response.json(await store.admin().scanHistory(a!));
      case 'flagged':
        return Response.json(
          await store.admin().flaggedCards({ scannersPerDay: Number(a), countries: 1000 }, 100),
        );
      case 'sql': {
        const b = body as { sql: string; params?: unknown[] };
        const { results } = await env.DB.prepare(b.sql)
          .bind(...(b.params ?? []))
          .all();
        return Response.json(results);
      }
    }
    return new Response('not found', { status: 404 });
  },
};
