// The Workers' card photo reader in workerd reads what it reads on Node, pixel for pixel: the
// same grey pixels (their SHA-256), the same codes at the same corners, the same refusals.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startConfigWorker, type LocalProcess } from '../../src/cli/local-worker.js';
import { CachetError } from '../../src/core/index.js';
import { prepareCardPhotoReader, readCardPhotoWasm } from '../../src/image/card-photo-wasm.js';
import { renderQr } from '../../src/node/render-qr.js';
import { tempDir } from '../helpers/fixture.js';

const resolve = createRequire(import.meta.url).resolve;
const compile = (path: string) => new WebAssembly.Module(readFileSync(resolve(path)));

/** A card with its code, on a table, as a 12 MP phone photo turned by EXIF, and as PNG. */
async function photos(): Promise<Record<string, Buffer>> {
  const qr = await sharp(
    (await renderQr('https://verify.brand.co/c/1234567890123456789', { scale: 12 })).png,
  )
    .resize(600, 600, { kernel: 'nearest' })
    .png()
    .toBuffer();
  const card = await sharp({
    create: { width: 2400, height: 1600, channels: 3, background: '#efe6d4' },
  })
    .composite([{ input: qr, left: 1500, top: 200 }])
    .png()
    .toBuffer();
  const phone = await sharp({
    create: { width: 4032, height: 3024, channels: 3, background: '#5b4a3a' },
  })
    .composite([
      {
        input: await sharp(card).rotate(6, { background: '#5b4a3a' }).toBuffer(),
        left: 700,
        top: 500,
      },
    ])
    .jpeg({ quality: 88 })
    .toBuffer();
  return {
    'phone photo, 12 MP JPEG': phone,
    'the same, stored on its side (EXIF 8)': await sharp(phone)
      .rotate(90)
      .withMetadata({ orientation: 8 })
      .jpeg({ quality: 88 })
      .toBuffer(),
    'screenshot, PNG': await sharp(card).resize(1200).png().toBuffer(),
    'progressive JPEG': await sharp(card).jpeg({ quality: 40, progressive: true }).toBuffer(),
    WebP: await sharp(card).webp().toBuffer(),
  };
}

describe('the card photo reader in workerd', () => {
  let worker: LocalProcess;
  let images: Record<string, Buffer>;
  beforeAll(async () => {
    images = await photos();
    await prepareCardPhotoReader({
      zxing: compile('zxing-wasm/reader/zxing_reader.wasm'),
      jpeg: compile('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
    });
    worker = await startConfigWorker({
      dir: join(tempDir('cachet-card-photo-worker-'), 'worker'),
      config: 'test/edge/wrangler.card-photo.toml',
      port: await freePort(),
      inspectorPort: await freePort(),
    });
  }, 120_000);
  afterAll(() => worker?.close());

  it('reads every photo as Node does', async () => {
    for (const [name, bytes] of Object.entries(images)) {
      const onNode = await readCardPhotoWasm(bytes).then(
        ({ grey, codes }) => ({
          width: grey.width,
          height: grey.height,
          greySha256: createHash('sha256').update(grey.data).digest('hex'),
          codes,
        }),
        (error: unknown) => ({ error: error instanceof CachetError ? error.code : String(error) }),
      );
      const res = await fetch(worker.url, { method: 'POST', body: new Uint8Array(bytes) });
      const inWorkerd = await res.json();
      expect(inWorkerd, name).toEqual(onNode);
      if (name === 'WebP') expect(onNode, name).toEqual({ error: 'ERR_IMAGE_TYPE' });
      else expect((onNode as { codes: unknown[] }).codes, name).toHaveLength(1);
    }
  }, 120_000);
});
