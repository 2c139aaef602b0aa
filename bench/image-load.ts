// npm run bench:image-load: the p99 of a verdict page (GET /c/<token>) while 9-megapixel photos
// are being read, next to its p99 when nothing else runs, in one run. Cachet is started twice:
// with its image reader pool (the default) and with images read on the main thread
// (CACHET_IMAGE_WORKERS=0), to show what the pool buys. Goal: within 3x the idle p99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import sharp from 'sharp';
import type { LocalProcess } from '../src/cli/local-worker.js';
import { renderQr } from '../src/node/render-qr.js';
import { LIMIT_NEVER_HIT, startCachet } from './rounds.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    uploads: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`npm run bench:image-load -- [--duration S] [--connections N] [--uploads N] [--rounds N]

Starts Cachet twice (the image reader pool, and CACHET_IMAGE_WORKERS=0: images on the main
thread), then for each, ROUNDS times: loads GET /c/<token> with autocannon while nothing else
runs, and again while UPLOADS clients keep posting a 3000 x 3000 JPEG photo of a card. Prints
both p99s and their ratio. Goal: the loaded p99 within 3x the idle one.`);
  process.exit(0);
}
const duration = Number(values.duration);
const connections = Number(values.connections);
const uploads = Number(values.uploads);
const rounds = Number(values.rounds);
const GOAL = 3;

const dir = mkdtempSync(join(tmpdir(), 'cachet-image-load-'));
const started: LocalProcess[] = [];

async function cachet(name: string, env: Record<string, string>) {
  const { server, demoUrl } = await startCachet(dir, name, {
    CACHET_RATE_LIMITS: `verify=${LIMIT_NEVER_HIT},image=${LIMIT_NEVER_HIT}`,
    ...env,
  });
  started.push(server);
  return { server, page: demoUrl };
}

/** A 9-megapixel photo: noise (as a camera's), with the card's QR code in the middle. */
async function photo(cardUrl: string): Promise<Buffer> {
  const qr = await sharp((await renderQr(cardUrl, { scale: 12 })).png).toBuffer();
  return sharp({
    create: {
      width: 3000,
      height: 3000,
      channels: 3,
      background: '#b0a890',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .composite([{ input: qr, gravity: 'center' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** UPLOADS clients posting the photo back to back until stopped; counts answers by status. */
function keepUploading(base: string, bytes: Buffer) {
  let running = true;
  const statuses = new Map<number, number>();
  const loops = Array.from({ length: uploads }, async () => {
    while (running) {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
      const res = await fetch(`${base}/api/v1/verify/image`, { method: 'POST', body: form });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 503) await new Promise((r) => setTimeout(r, 200));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

async function p99(url: string): Promise<number> {
  const r = await autocannon({ url, connections, duration });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.latency.p99;
}

try {
  const targets = [
    { label: 'image reader pool (default)', ...(await cachet('pool', {})) },
    {
      label: 'images on the main thread',
      ...(await cachet('main', { CACHET_IMAGE_WORKERS: '0' })),
    },
  ];
  const bytes = await photo(targets[0]!.page);
  console.log(
    `bench:image-load  ${rounds} rounds × ${duration} s, ${connections} connections on GET /c/<token>, ${uploads} uploads of a ${(bytes.length / 1e6).toFixed(1)} MB 3000×3000 JPEG, Node ${process.version}`,
  );
  const results = targets.map(() => ({ idle: [] as number[], loaded: [] as number[] }));
  for (const t of targets) await p99(t.page); // warm up
  for (let round = 1; round <= rounds; round++) {
    for (const [i, t] of targets.entries()) {
      const idle = await p99(t.page);
      const load = keepUploading(t.server.url, bytes);
      await new Promise((r) => setTimeout(r, 1000)); // the readers are busy
      const loaded = await p99(t.page);
      const statuses = await load.stop();
      results[i]!.idle.push(idle);
      results[i]!.loaded.push(loaded);
      const answers = [...statuses].map(([s, n]) => `${n}×${s}`).join(' ');
      console.log(
        `  round ${round}  ${t.label.padEnd(28)} idle p99 ${String(idle).padStart(4)} ms  with uploads p99 ${String(loaded).padStart(5)} ms  (uploads: ${answers})`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('');
  for (const [i, t] of targets.entries()) {
    const idle = mean(results[i]!.idle);
    const loaded = mean(results[i]!.loaded);
    const ratio = loaded / Math.max(idle, 1);
    console.log(
      `  ${t.label.padEnd(28)} idle p99 ${idle.toFixed(1)} ms, with uploads ${loaded.toFixed(1)} ms: ×${ratio.toFixed(2)}${i === 0 ? `  (goal <= ×${GOAL}: ${ratio <= GOAL ? 'met' : 'NOT met'})` : ''}`,
    );
  }
} finally {
  await Promise.all(started.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
}
