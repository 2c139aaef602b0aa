// npm run bench:edge-cards: how long one comparison of a photo with the card as issued takes in
// workerd (mozjpeg and fast-png to grey, zxing and the comparison in the isolate) next to the
// Node server (sharp and zxing on its image workers), for the same photos, in one run. Both
// answer POST /api/v1/admin/cards/:serial/compare over the same registry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp, { type OverlayOptions } from 'sharp';
import { freePort, launch, startLocalWorker, type LocalProcess } from '../src/cli/local-worker.js';
import { renderQr } from '../src/node/render-qr.js';
import { operator } from '../src/services/access.js';
import { createStaff } from '../src/services/staff.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { demoRegistry } from './rounds.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`npm run bench:edge-cards -- [--rounds N]

Mints a card, renders it written, and records its reference photo on the Node server
(dist/src/node.js) and on the Worker in workerd (wrangler dev, local D1), both over the same
registry; then sends each photo ROUNDS times, one at a time, to each one's compare route and
prints the fastest time of each, their ratio (workerd / Node) and both answers.`);
  process.exit(0);
}
const rounds = Number(values.rounds);

const WIDTH = 1200;
const HEIGHT = 800;
const QR = { left: WIDTH - 400, top: 60, side: 340 };

/** A card written by a seeded hand: script glyphs with jitter, a signature across the code. */
async function writtenCard(url: string | null, words: string[], seed: number): Promise<Buffer> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) % 10_000) / 10_000;
  let glyphs = '';
  words.forEach((line, row) => {
    let x = 80;
    for (const ch of line) {
      const y = 170 + row * 130 + (rnd() - 0.5) * 10;
      const turn = ((rnd() - 0.5) * 14).toFixed(1);
      glyphs += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" transform="rotate(${turn} ${x.toFixed(1)} ${y.toFixed(1)})" font-family="URW Chancery L, Z003, DejaVu Serif" font-style="italic" font-size="${(64 + rnd() * 8).toFixed(1)}" fill="#1b2a6b">${ch.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
      x += 30 + rnd() * 12;
    }
  });
  let path = `M ${QR.left - 120 + rnd() * 20} ${QR.top + 200 + rnd() * 20}`;
  for (let i = 0; i < 8; i++)
    path += ` q ${(rnd() * 60).toFixed(1)} ${(-40 + rnd() * 80).toFixed(1)} ${(30 + rnd() * 30).toFixed(1)} ${(-20 + rnd() * 40).toFixed(1)}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="100%" height="100%" fill="#f4ecd8"/>${glyphs}</svg>`;
  const stroke = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><path d="${path}" stroke="#1b2a6b" stroke-width="5" fill="none" stroke-linecap="round"/></svg>`;
  const layers: OverlayOptions[] = [];
  if (url) {
    const qr = await sharp((await renderQr(url, { scale: 8 })).png)
      .resize(QR.side, QR.side, { kernel: 'nearest' })
      .toBuffer();
    layers.push({ input: qr, left: QR.left, top: QR.top });
  }
  layers.push({ input: Buffer.from(stroke) });
  return sharp(Buffer.from(svg))
    .composite(layers)
    .flatten({ background: '#f4ecd8' })
    .png()
    .toBuffer();
}

/** The card photographed: tilted and sheared a little, on a table `scale` times its size. */
async function phonePhoto(card: Buffer, width: number, tableWidth: number, quality = 85) {
  const a = (4 * Math.PI) / 180;
  const tilted = await sharp(card)
    .resize({ width })
    .affine([Math.cos(a), -Math.sin(a) + 0.05, Math.sin(a), Math.cos(a)], {
      background: '#5a4d3f',
    })
    .toBuffer({ resolveWithObject: true });
  const tableHeight = Math.round((tableWidth * 3) / 4);
  return sharp({
    create: { width: tableWidth, height: tableHeight, channels: 3, background: '#5a4d3f' },
  })
    .composite([
      {
        input: tilted.data,
        left: Math.round((tableWidth - tilted.info.width) / 2),
        top: Math.round((tableHeight - tilted.info.height) / 2),
      },
    ])
    .blur(0.6)
    .jpeg({ quality })
    .toBuffer();
}

const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-edge-cards-'));
const started: LocalProcess[] = [];
try {
  const { config, authentic } = await demoRegistry(dir);
  const store = openSqliteStore(config.dbPath);
  const legal = await createStaff(
    { store, admin: store.admin() },
    operator('bench'),
    { name: 'Legal', role: 'legal' },
    new Date(),
  );
  store.close();

  const words = ['Dear Camille,', 'with love', 'from Paris', 'A.'];
  const card = await writtenCard(authentic.url, words, 3);
  const reference = await sharp(card).jpeg({ quality: 92 }).toBuffer();
  const other = await writtenCard(null, ['For Jun,', 'happy birthday', 'see you soon', 'M.'], 11);
  const cut = { left: QR.left - 40, top: QR.top - 40, width: QR.side + 80, height: QR.side + 80 };
  const pasted = await sharp(other)
    .composite([{ input: await sharp(card).extract(cut).toBuffer(), left: cut.left, top: cut.top }])
    .png()
    .toBuffer();
  const photos: [string, Buffer][] = [
    ['phone photo, 1280 × 960 JPEG', await phonePhoto(card, 1000, 1280)],
    ['phone photo, 4032 × 3024 JPEG', await phonePhoto(card, 3000, 4032, 90)],
    ['screenshot, 900 × 600 PNG', await sharp(card).resize(900).png().toBuffer()],
    ['code pasted on another card, JPEG', await phonePhoto(pasted, 1000, 1280)],
  ];

  const nodePort = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    CACHET_DB: config.dbPath,
    CACHET_KEYS_DIR: config.keysDir,
    PORT: String(nodePort),
    CACHET_DEMO: '0',
    CACHET_RATE_LIMITS: 'admin=0,image=0',
  };
  const worker = await startLocalWorker({
    dir: join(dir, 'worker'),
    dbPath: config.dbPath,
    keysDir: config.keysDir,
    port: await freePort(),
    inspectorPort: await freePort(),
    vars: { CACHET_RATE_LIMITS: 'admin=0,image=0' },
  });
  started.push(worker);
  const node = await launch(process.execPath, [join(process.cwd(), 'dist/src/node.js')], {
    cwd: dir,
    env,
    ready: /Press Ctrl\+C/,
    url: `http://127.0.0.1:${nodePort}`,
  });
  started.push(node);
  const targets = { Node: node.url, workerd: worker.url };

  const call = async (base: string, method: string, path: string, photo: Buffer) => {
    const began = performance.now();
    const res = await fetch(`${base}/api/v1/admin/cards/${authentic.serial}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${legal.apiKey}`,
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(photo),
    });
    const body = (await res.json()) as { match?: { result: string; score: number } };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - began, body };
  };
  const fastest = async (base: string, method: string, path: string, photo: Buffer) => {
    let best = { ms: Infinity, result: '' };
    for (let round = 0; round < rounds; round++) {
      const { ms, body } = await call(base, method, path, photo);
      if (ms < best.ms)
        best = {
          ms,
          result: body.match ? `${body.match.result} ${body.match.score.toFixed(2)}` : '',
        };
    }
    return best;
  };

  console.log(
    `bench:edge-cards  fastest of ${rounds}, one request at a time, Node ${process.version}, ${
      (await import('node:os')).cpus().length
    } cores`,
  );
  const rows: [string, Buffer, string, string][] = [
    ['record the reference, 1200 × 800 JPEG', reference, 'PUT', '/reference'],
    ...photos.map(([label, photo]): [string, Buffer, string, string] => [
      label,
      photo,
      'POST',
      '/compare',
    ]),
  ];
  console.log(
    `  ${'photo'.padEnd(40)} ${'Node'.padStart(8)} ${'workerd'.padStart(8)}  ratio  answers (Node | workerd)`,
  );
  for (const [label, photo, method, path] of rows) {
    const onNode = await fastest(targets.Node, method, path, photo);
    const inWorkerd = await fastest(targets.workerd, method, path, photo);
    console.log(
      `  ${label.padEnd(40)} ${onNode.ms.toFixed(0).padStart(6)} ms ${inWorkerd.ms.toFixed(0).padStart(6)} ms  ×${(inWorkerd.ms / onNode.ms).toFixed(1).padStart(4)}  ${onNode.result} | ${inWorkerd.result}`,
    );
  }
} finally {
  for (const p of started) await p.close();
  rmSync(dir, { recursive: true, force: true });
}
