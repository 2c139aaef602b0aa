// The image reader pool as built (dist/): an image that runs past its budget costs its worker,
// and the fresh worker that takes the slot reads the next image.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderQr } from '../../src/node/render-qr.js';
import { ROOT } from '../helpers/cli.js';

describe('the image reader pool, past a budget', () => {
  it('stops the worker of a too-slow image and reads the next one on its replacement', async () => {
    // The compiled pool: the TypeScript one reads on this thread and has no workers to replace.
    const { imagePool } = (await import(
      `${ROOT}dist/src/node/image-pool.js`
    )) as typeof import('../../src/node/image-pool.js');
    const pool = imagePool({ workers: 1, budgetMs: 1500, maxPixels: 40_000_000 });
    try {
      // 36 megapixels of noise as PNG: inflating and scanning it takes well over 1.5 s here.
      const slow = await sharp({
        create: {
          width: 6000,
          height: 6000,
          channels: 3,
          background: '#888',
          noise: { type: 'gaussian', mean: 128, sigma: 60 },
        },
      })
        .png({ compressionLevel: 1 })
        .toBuffer();
      await expect(pool.read(new Uint8Array(slow))).rejects.toMatchObject({
        code: 'ERR_IMAGE_UNREADABLE',
        message: expect.stringContaining('took over 1.5 s'),
      });
      const url = 'https://verify.brand.co/c/0123456789';
      const quick = (await renderQr(url, { scale: 4 })).png;
      expect(await pool.read(new Uint8Array(quick))).toEqual([
        'HTTPS://VERIFY.BRAND.CO/C/0123456789',
      ]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
