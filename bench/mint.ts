// `npm run bench:mint`: campaign throughput as `cachet mint --csv` runs it (token, registry row
// committed, QR SVG written, manifest line), on a fresh SQLite registry file, with and without
// the QR worker threads; then print-ready 600-dpi PNGs. Peak memory and memory along the way,
// sampled every 20 ms. Ratios are against signing alone, measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SigningKeys,
  dayToDate,
  generateKeyPair,
  importKeyring,
  importSigner,
  instantToDay,
  randomSerial,
  signCard,
  type Signer,
} from '../src/core/index.js';
import { runBatch, type CampaignRow } from '../src/node/batch.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../src/services/demo.js';
import { layoutInsert } from '../src/print/insert.js';
import { drawingToPng } from '../src/node/print-node.js';
import { defaultWorkers, qrRenderer } from '../src/node/qr-pool.js';
import { openSqliteStore } from '../src/store/sqlite.js';

const HELP = `npm run bench:mint -- [--cards N] [--pngs N] [--workers N] [--chunk N] [--rounds N]

Mints N cards (default 10,000) through the batch code, once on this thread alone and once with
the QR worker threads (default: one per core), each into a fresh registry file and folder; then
renders print-ready PNGs (default 1,000). --chunk sets the cards per transaction (default 200);
the two batch runs alternate for --rounds rounds (default 2) and the faster of each is kept. The goal: 10,000 cards in under 30 s, with memory
that stays flat as the batch grows.`;

const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '10000' },
    pngs: { type: 'string', default: '1000' },
    workers: { type: 'string', default: String(defaultWorkers()) },
    chunk: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '2' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const CARDS = Number(values.cards);
const PNGS = Number(values.pngs);
const WORKERS = Number(values.workers);
const GOAL_SECONDS = 30;
const ORIGIN = 'https://verify.brand.co';
const MB = 1024 * 1024;

/** The process's resident memory, sampled while `work` runs: peak, and at each tenth done. */
async function measured<T>(work: (tenth: () => void) => Promise<T>) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const tenths: number[] = [];
  const started = performance.now();
  try {
    const result = await work(() => tenths.push(process.memoryUsage.rss()));
    return { result, seconds: (performance.now() - started) / 1000, peak, tenths };
  } finally {
    clearInterval(timer);
  }
}

async function signer(): Promise<Signer> {
  const pair = await generateKeyPair({ validFrom: '2020-01-01' });
  return importSigner(pair.privateJwk, await importKeyring({ keys: [pair.publicJwk] }));
}

async function batch(workers: number, key: Signer) {
  const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-mint-'));
  const store = openSqliteStore(join(dir, 'cachet.db'));
  for (const b of DEMO_BOUTIQUES) await store.addBoutique(b);
  for (const a of DEMO_ASSOCIATES) await store.addAssociate(a);
  // 20 rows of CARDS / 20 copies: the shape of a campaign file.
  const rows: CampaignRow[] = Array.from({ length: 20 }, (_, i) => ({
    line: i + 2,
    boutique: DEMO_BOUTIQUES[0]!.code,
    associate: DEMO_ASSOCIATES.find((a) => a.boutique === DEMO_BOUTIQUES[0]!.number)!.number,
    date: dayToDate(instantToDay(new Date())), // today: the key signs from 2020 on
    occasion: 'holiday-season',
    clientRef: `CRM-${i}`,
    copies: Math.ceil(CARDS / 20),
  }));
  const renderer = qrRenderer(workers);
  try {
    return await measured((tenth) =>
      runBatch({
        store,
        signers: new SigningKeys([key]),
        origin: ORIGIN,
        now: new Date(),
        rows,
        batch: 'bench',
        outDir: join(dir, 'out'),
        renderer,
        chunk: Number(values.chunk),
        onCard: (done, total) => {
          if (done % Math.ceil(total / 10) === 0) tenth();
        },
      }),
    );
  } finally {
    await renderer.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function main() {
  const key = await signer();
  console.log(`node ${process.version}, ${CARDS} cards, ${PNGS} PNGs, ${WORKERS} QR workers`);

  // Baseline: signing alone (no registry, no file), as fast as WebCrypto goes here.
  const base = await measured(async () => {
    const claims = { keyId: key.key.keyId, issued: 9000, boutique: 1, associate: 1, occasion: 0 };
    for (let i = 0; i < CARDS; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, CARDS - i) }, () =>
          signCard({ ...claims, serial: randomSerial() }, key.privateKey),
        ),
      );
    }
  });
  const baseRate = CARDS / base.seconds;
  console.log(`\nsigning alone          ${fmt(baseRate)} tokens/s (baseline)`);

  // Alternating rounds, so that a slow moment of this shared machine hits both alike.
  const configs = [0, ...(WORKERS > 0 ? [WORKERS] : [])];
  const fastest = new Map<number, Awaited<ReturnType<typeof batch>>>();
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const workers of configs) {
      const run = await batch(workers, key);
      if (!fastest.has(workers) || run.seconds < fastest.get(workers)!.seconds)
        fastest.set(workers, run);
    }
  }
  const runs = configs.map((workers) => ({
    name: workers ? `batch, ${workers} QR workers` : 'batch, this thread',
    ...fastest.get(workers)!,
  }));
  console.log(
    `\n${'run'.padEnd(24)}${'seconds'.padStart(9)}${'cards/s'.padStart(9)}${'÷ base'.padStart(8)}${'peak MB'.padStart(9)}  RSS MB at each tenth`,
  );
  for (const r of runs) {
    const rate = CARDS / r.seconds;
    console.log(
      `${r.name.padEnd(24)}${r.seconds.toFixed(1).padStart(9)}${fmt(rate).padStart(9)}${(rate / baseRate).toFixed(2).padStart(8)}${fmt(r.peak / MB).padStart(9)}  ${r.tenths.map((m) => Math.round(m / MB)).join(' ')}`,
    );
  }
  const best = runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  if (runs.length > 1) {
    console.log(
      `\nworker threads: ×${(runs[0]!.seconds / runs[1]!.seconds).toFixed(2)} the speed of one thread`,
    );
  }
  // Flat memory: what the second half of the batch added to what the first half reached.
  const half = best.tenths[4]!;
  const end = best.tenths.at(-1)!;
  console.log(
    `memory: ${fmt(half / MB)} MB at half the batch, ${fmt(end / MB)} MB at the end (${((end - half) / MB).toFixed(1)} MB for the second half)`,
  );
  const scaled = (best.seconds * 10_000) / CARDS;
  console.log(
    `goal: 10,000 cards in under ${GOAL_SECONDS} s: ${scaled < GOAL_SECONDS ? 'met' : 'MISSED'} (${scaled.toFixed(1)} s for 10,000 at this rate)`,
  );

  // Print-ready PNGs: layout and sharp at 600 dpi, one at a time and four at a time.
  const urls = Array.from({ length: PNGS }, () => `${ORIGIN}/c/000${'7'.repeat(205)}`);
  const pngRun = async (lanes: number) =>
    measured(async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < urls.length) {
            const i = next++;
            await drawingToPng(layoutInsert(urls[i]!, `K3QZ-8WXD-2M4T-${i % 10}`).drawing);
          }
        }),
      );
    });
  const one = await pngRun(1);
  const four = await pngRun(4);
  console.log(
    `\nprint PNGs (600 dpi)   one at a time ${fmt(PNGS / one.seconds)}/s, four at a time ${fmt(PNGS / four.seconds)}/s (×${(one.seconds / four.seconds).toFixed(2)}), peak ${fmt(four.peak / MB)} MB`,
  );
}

await main();
