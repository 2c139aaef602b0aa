// The Worker's image reader (zxing's own decoder, in two passes), run here on the very .wasm the
// Worker bundle imports: it reads the damaged photos the Node reader reads, and keeps zxing's
// costly thorough pass to images small enough for it to finish within the Worker's CPU limit.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, type CorpusImage } from '../../bench/corpus.js';
import { sniffImage } from '../../src/core/index.js';
import {
  readerPasses,
  THOROUGH_MAX_PIXELS,
  wasmImageReader,
} from '../../src/image/read-image-wasm.js';
import { makeFixture } from '../helpers/fixture.js';
import { daysFromToday } from '../helpers/dates.js';

const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
const read = wasmImageReader(new WebAssembly.Module(readFileSync(wasm)));

describe("the Worker's image reader", () => {
  let corpus: CorpusImage[];
  beforeAll(async () => {
    const f = await makeFixture();
    const urls = [];
    for (let i = 0; i <= 2; i++) urls.push((await f.mint({ date: daysFromToday(-16) })).url);
    corpus = await buildCorpus(urls, 2);
    f.close();
  }, 120_000);

  it('reads every code of the damaged-photo corpus', async () => {
    for (const [i, image] of corpus.entries()) {
      const kind = sniffImage(image.bytes)!;
      expect(kind.width * kind.height).toBeLessThanOrEqual(THOROUGH_MAX_PIXELS);
      const found = await read(image.bytes, kind);
      for (const text of image.expected) expect(found, `${image.damage} #${i}`).toContain(text);
    }
  }, 120_000);

  it('runs the thorough pass after the quick one up to 4 MP, and only the quick one above', () => {
    const small = readerPasses({ format: 'png', width: 2000, height: 2000 });
    expect(small.map((o) => o.tryHarder)).toEqual([false, true]);
    const large = readerPasses({ format: 'jpeg', width: 4000, height: 3000 });
    expect(large.map((o) => o.tryHarder)).toEqual([false]);
  });
});
