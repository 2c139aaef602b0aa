// npm run bench:edge-image: how long the Worker takes, in workerd, to read the images that cost
// it the most (a crafted field of finder patterns, noise), next to a plain photo of a card
// measured in the same run. A Worker cannot stop a decode: its worst case must stay within the
// CPU limit of wrangler.toml.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { freePort, startLocalWorker, type LocalProcess } from '../src/cli/local-worker.js';
import { THOROUGH_MAX_PIXELS } from '../src/image/read-image-wasm.js';
import { renderQr } from '../src/node/render-qr.js';
import { demoRegistry } from './rounds.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '2' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`npm run bench:edge-image -- [--rounds N]

Starts the Worker (src/worker.ts) in workerd through wrangler dev and uploads each image ROUNDS
times to POST /api/v1/verify/image, one at a time; prints the fastest time of each and its ratio
to a 12 MP photo of a card. Images above ${THOROUGH_MAX_PIXELS / 1e6} MP get zxing's quick pass only.`);
  process.exit(0);
}
const rounds = Number(values.rounds);

/**
 * A white square tiled with QR finder patterns (dark 7 × 7, light 5 × 5, dark 3 × 3 modules) of
 * `module` pixels, `gap` pixels apart: every one is a candidate the reader must try to pair up.
 */
async function finderField(side: number, module: number, gap: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side, 255);
  const cell = 7 * module + gap;
  for (let top = 0; top + 7 * module <= side; top += cell) {
    for (let left = 0; left + 7 * module <= side; left += cell) {
      for (let y = 0; y < 7 * module; y++) {
        for (let x = 0; x < 7 * module; x++) {
          const ring = Math.max(
            Math.abs(Math.floor(x / module) - 3),
            Math.abs(Math.floor(y / module) - 3),
          );
          if (ring === 3 || ring <= 1) pixels[(top + y) * side + left + x] = 0;
        }
      }
    }
  }
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } })
    .png()
    .toBuffer();
}

async function noise(side: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0;
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 30 })
    .toBuffer();
}

const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-edge-image-'));
let worker: LocalProcess | undefined;
try {
  const { config, authentic } = await demoRegistry(dir);
  const qr = (await renderQr(authentic.url, { scale: 12 })).png;
  const images: [string, Buffer, string][] = [
    [
      'card photo, 4000 × 3000 JPEG',
      await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#d8d0c4' } })
        .composite([{ input: qr, left: 1500, top: 1200 }])
        .jpeg({ quality: 85 })
        .toBuffer(),
      'image/jpeg',
    ],
    ['noise, 4000 × 4000 JPEG', await noise(4000), 'image/jpeg'],
    ['finder patterns, 2000 × 2000 PNG', await finderField(2000, 1, 2), 'image/png'],
    ['finder patterns, 4000 × 4000 PNG', await finderField(4000, 1, 2), 'image/png'],
  ];
  worker = await startLocalWorker({
    dir: join(dir, 'worker'),
    dbPath: config.dbPath,
    keysDir: config.keysDir,
    port: await freePort(),
    inspectorPort: await freePort(),
    vars: { CACHET_RATE_LIMITS: 'image=0' },
  });
  console.log(
    `bench:edge-image  fastest of ${rounds}, one upload at a time, Node ${process.version}`,
  );
  let baseline = 0;
  for (const [label, bytes, type] of images) {
    let best = Infinity;
    let codes = 0;
    for (let round = 0; round < rounds; round++) {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(bytes)], { type }), 'photo');
      const started = performance.now();
      const res = await fetch(`${worker.url}/api/v1/verify/image`, { method: 'POST', body: form });
      const body = (await res.json()) as { codes?: unknown[] };
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
      best = Math.min(best, performance.now() - started);
      codes = body.codes?.length ?? 0;
    }
    baseline ||= best;
    console.log(
      `  ${label.padEnd(34)} ${(bytes.length / 1e6).toFixed(2).padStart(5)} MB  ${best.toFixed(0).padStart(6)} ms  ×${(best / baseline).toFixed(1).padStart(5)}  ${codes} code(s)`,
    );
  }
} finally {
  await worker?.close();
  rmSync(dir, { recursive: true, force: true });
}
