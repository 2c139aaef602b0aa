// `npm run bench:decode`: how many corpus images Cachet's reader (sharp + zxing-wasm, as the
// server and `cachet verify PHOTO` run it) reads, per kind of damage, next to ZBar's zbarimg on
// the very same files. The goal: at least as many as ZBar in every row.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cardUrl,
  formatToken,
  generateKeyPair,
  importKeyring,
  importSigner,
  randomSerial,
  signCard,
} from '../src/core/index.js';
import { readImageOnNode } from '../src/image/read-image-node.js';
import { buildCorpus, DAMAGE, type CorpusImage } from './corpus.js';

const HELP = `npm run bench:decode -- [--per-kind N] [--seed S] [--keep DIR]

Builds the robustness corpus (N images per kind of damage, default 20) from freshly signed
cards, reads every image with Cachet's reader and with zbarimg (Debian zbar-tools), and prints
the share each one read completely (every code in the image, exact text).
--keep DIR writes the images there to look at.`;

/** Card URLs with real CT1 tokens, on a 15-character host (a version 6 QR code). */
export async function signedCardUrls(
  count: number,
  origin = 'https://verify.bra.co',
): Promise<string[]> {
  const pair = await generateKeyPair({ validFrom: '2020-01-01' });
  const signer = await importSigner(
    pair.privateJwk,
    await importKeyring({ keys: [pair.publicJwk] }),
  );
  const urls = [];
  for (let i = 0; i < count; i++) {
    const claims = {
      keyId: signer.key.keyId,
      serial: randomSerial(),
      issued: 9800 + i,
      boutique: 1 + (i % 3),
      associate: 100 + i,
      occasion: i % 14,
    };
    urls.push(cardUrl(origin, formatToken(await signCard(claims, signer.privateKey))));
  }
  return urls;
}

/** Whether every expected code was read, exactly. */
const readAll = (found: string[], expected: string[]) => expected.every((t) => found.includes(t));

function zbarimg(path: string): string[] | null {
  const r = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', path], {
    encoding: 'utf8',
  });
  if (r.error) return null; // not installed
  return r.stdout.split('\n').filter(Boolean);
}

async function main() {
  const { values } = parseArgs({
    options: {
      'per-kind': { type: 'string', default: '20' },
      seed: { type: 'string', default: '20261123' },
      keep: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(HELP);
  const perKind = Number(values['per-kind']);
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'cachet-corpus-'));
  mkdirSync(dir, { recursive: true });

  process.stderr.write(`Building ${perKind * DAMAGE.length} images…\n`);
  const corpus = await buildCorpus(await signedCardUrls(perKind + 1), perKind, Number(values.seed));
  const tally = new Map(DAMAGE.map((d) => [d, { total: 0, cachet: 0, zbar: 0, cachetMs: 0 }]));
  let zbarMissing = false;
  for (const [i, image] of corpus.entries()) {
    const path = join(
      dir,
      `${String(i).padStart(4, '0')}-${image.damage}.${image.format === 'png' ? 'png' : 'jpg'}`,
    );
    writeFileSync(path, image.bytes);
    const row = tally.get(image.damage)!;
    row.total += 1;
    const started = performance.now();
    if (readAll(await readImageOnNode(image.bytes), image.expected)) row.cachet += 1;
    row.cachetMs += performance.now() - started;
    const zbar = zbarimg(path);
    if (zbar === null) zbarMissing = true;
    else if (readAll(zbar, image.expected)) row.zbar += 1;
    process.stderr.write(`\r${i + 1}/${corpus.length} ${describe(image)}`.padEnd(70));
  }
  process.stderr.write('\n');

  const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(0)}%`.padStart(5);
  console.log(`kind          images  Cachet  zbarimg  Cachet ≥ ZBar  ms/image`);
  let allRows = true;
  for (const [damage, r] of tally) {
    const ok = zbarMissing || r.cachet >= r.zbar;
    allRows &&= ok;
    console.log(
      `${damage.padEnd(13)} ${String(r.total).padStart(6)}  ${pct(r.cachet, r.total)}   ${zbarMissing ? '    —' : pct(r.zbar, r.total)}    ${ok ? 'yes' : 'NO '}            ${(r.cachetMs / r.total).toFixed(0).padStart(4)}`,
    );
  }
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

function describe(image: CorpusImage): string {
  return `${image.damage} (${image.detail})`;
}

await main();
