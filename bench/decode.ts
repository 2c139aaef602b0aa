// `npm run bench:decode`: how many corpus images Cachet's reader (sharp + zxing-wasm, as the
// server and `cachet verify PHOTO` run it) reads, per kind of damage, next to ZBar's zbarimg on
// the very same files and next to zxing's single pass (what the reader did before its extra
// passes). The goal: at least as many as ZBar in every row. With --hard, the rows of photos
// readers fail on (tiny, motion blur, defocus, moiré, glare, heavy JPEG, steep angles), each
// from mild to severe, and where each reader's limit lies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { readImageOnNode } from '../src/image/read-image-node.js';
import { readQrTexts } from '../src/image/zxing.js';
import {
  buildCorpus,
  buildHardCorpus,
  DAMAGE,
  HARD_DAMAGE,
  noisePicture,
  signedCardUrls,
} from './corpus.js';

const HELP = `npm run bench:decode -- [--hard] [--per-kind N] [--seed S] [--keep DIR]

Builds the robustness corpus (N images per kind of damage, default 20) from freshly signed
cards, reads every image with Cachet's reader, with zxing's single pass and with zbarimg
(Debian zbar-tools), and prints the share each one read completely (every code in the image,
exact text).
--hard    the hard rows instead, each kind from mild to severe; prints where each reader's
          limit lies (the worst image it read, the mildest it missed)
--keep DIR writes the images there to look at.`;

/** Whether every expected code was read, exactly. */
const readAll = (found: string[], expected: string[]) => expected.every((t) => found.includes(t));

function zbarimg(path: string): string[] | null {
  const r = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', path], {
    encoding: 'utf8',
  });
  if (r.error) return null; // not installed
  return r.stdout.split('\n').filter(Boolean);
}

/** zxing alone, once, on the decoded pixels: the reader before its extra passes. */
async function zxingOnce(bytes: Uint8Array): Promise<string[]> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .removeAlpha()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return readQrTexts({ data, width: info.width, height: info.height });
}

/**
 * What a picture with no code costs, the reader's worst case (every pass runs): noise, at three
 * sizes, against zxing's single pass on the same pixels, fastest of three.
 */
async function noCodeCost() {
  console.log('\nA picture with no code (noise), fastest of 3:');
  for (const [width, height] of [
    [900, 600],
    [1600, 1200],
    [4000, 3000],
  ] as const) {
    const noise = await noisePicture(width, height);
    const fastest = async (read: (b: Uint8Array) => Promise<string[]>) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await read(noise);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const once = await fastest(zxingOnce);
    const cachet = await fastest((b) => readImageOnNode(b));
    console.log(
      `${`${width} × ${height}`.padEnd(12)} Cachet ${cachet.toFixed(0).padStart(5)} ms, zxing once ${once.toFixed(0).padStart(5)} ms: × ${(cachet / once).toFixed(1)}`,
    );
  }
}

interface Image {
  damage: string;
  detail: string;
  bytes: Buffer;
  format: 'jpeg' | 'png';
  expected: string[];
}

const READERS = ['cachet', 'zxing', 'zbar'] as const;
type Reader = (typeof READERS)[number];

interface Row {
  total: number;
  read: Record<Reader, number>;
  cachetMs: number;
  /** Per reader: the last image (in order of severity) it read, and the first it missed. */
  worstRead: Partial<Record<Reader, string>>;
  firstMiss: Partial<Record<Reader, string>>;
}

async function main() {
  const { values } = parseArgs({
    options: {
      hard: { type: 'boolean', default: false },
      'per-kind': { type: 'string', default: '20' },
      seed: { type: 'string' },
      keep: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(HELP);
  const perKind = Number(values['per-kind']);
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'cachet-corpus-'));
  mkdirSync(dir, { recursive: true });

  const kinds: readonly string[] = values.hard ? HARD_DAMAGE : DAMAGE;
  process.stderr.write(`Building ${perKind * kinds.length} images…\n`);
  const urls = await signedCardUrls(perKind + 1);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const corpus: Image[] = values.hard
    ? await buildHardCorpus(urls, perKind, seed)
    : await buildCorpus(urls, perKind, seed);
  const tally = new Map<string, Row>(
    kinds.map((d) => [
      d,
      {
        total: 0,
        read: { cachet: 0, zxing: 0, zbar: 0 },
        cachetMs: 0,
        worstRead: {},
        firstMiss: {},
      },
    ]),
  );
  let zbarMissing = false;
  // Images of a row come in order of severity when --hard: sorted so, whatever the build order.
  for (const [i, image] of corpus.entries()) {
    const path = join(
      dir,
      `${String(i).padStart(4, '0')}-${image.damage}.${image.format === 'png' ? 'png' : 'jpg'}`,
    );
    writeFileSync(path, image.bytes);
    const row = tally.get(image.damage)!;
    row.total += 1;
    const started = performance.now();
    const results: Partial<Record<Reader, boolean>> = {};
    results.cachet = readAll(await readImageOnNode(image.bytes), image.expected);
    row.cachetMs += performance.now() - started;
    results.zxing = readAll(await zxingOnce(image.bytes), image.expected);
    const zbar = zbarimg(path);
    if (zbar === null) zbarMissing = true;
    else results.zbar = readAll(zbar, image.expected);
    for (const reader of READERS) {
      const ok = results[reader];
      if (ok === undefined) continue;
      if (ok) {
        row.read[reader] += 1;
        row.worstRead[reader] = image.detail;
      } else row.firstMiss[reader] ??= image.detail;
    }
    process.stderr.write(
      `\r${i + 1}/${corpus.length} ${image.damage} (${image.detail})`.padEnd(78),
    );
  }
  process.stderr.write('\n');

  const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(0)}%`.padStart(5);
  console.log(`kind          images  Cachet  zxing once  zbarimg  Cachet ≥ ZBar  ms/image`);
  let allRows = true;
  for (const [damage, r] of tally) {
    const ok = zbarMissing || r.read.cachet >= r.read.zbar;
    allRows &&= ok;
    console.log(
      `${damage.padEnd(13)} ${String(r.total).padStart(6)}  ${pct(r.read.cachet, r.total)}      ${pct(r.read.zxing, r.total)}    ${zbarMissing ? '    —' : pct(r.read.zbar, r.total)}    ${ok ? 'yes' : 'NO '}            ${(r.cachetMs / r.total).toFixed(0).padStart(4)}`,
    );
  }
  if (values.hard) {
    console.log('\nWhere the limit lies (images in order of severity):');
    for (const [damage, r] of tally) {
      for (const reader of READERS) {
        if (reader === 'zbar' && zbarMissing) continue;
        console.log(
          `${damage.padEnd(8)} ${reader.padEnd(7)} worst read: ${r.worstRead[reader] ?? 'none'}; first missed: ${r.firstMiss[reader] ?? 'none'}`,
        );
      }
    }
  }
  await noCodeCost();
  if (zbarMissing)
    console.log('zbarimg is not installed (apt-get install zbar-tools): no comparison.');
  else
    console.log(
      allRows
        ? 'Goal met: Cachet reads at least as many as ZBar in every row.'
        : 'Goal NOT met in every row.',
    );
  if (values.keep) console.log(`Images kept in ${dir}`);
}

await main();
