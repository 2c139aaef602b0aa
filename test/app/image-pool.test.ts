// Uploaded images are read on worker threads, off the thread that verifies: a full pool says
// so at once (503 with Retry-After) instead of queueing without end, and the rest are read.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { renderQr } from '../../src/node/render-qr.js';
import { launchBuiltServer } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

let server: LocalProcess | undefined;
afterAll(() => server?.close());

describe('the image reader pool (Node)', () => {
  it('refuses uploads past its queue with 503 and Retry-After, and reads every one it took', async () => {
    server = await launchBuiltServer(tempDir('cachet-images-'), {
      CACHET_IMAGE_WORKERS: '1',
      CACHET_RATE_LIMITS: 'image=1000',
    });
    const url = /authentic\s+(\S+)/.exec(server.output())![1]!;
    const qr = (await renderQr(url, { scale: 10 })).png;
    // A 3000 × 3000 photo with the card in it: long enough to read that uploads pile up.
    const photo = await sharp({
      create: {
        width: 3000,
        height: 3000,
        channels: 3,
        background: '#ccc',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .composite([{ input: qr, gravity: 'center' }])
      .jpeg()
      .toBuffer();
    const post = async () => {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'p.jpg');
      const res = await fetch(`${server!.url}/api/v1/verify/image`, { method: 'POST', body: form });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as any,
      };
    };
    // One worker and a queue of four: of sixteen at once, five are taken (more when the first
    // are read before the last arrive), and the rest are told to come back.
    const answers = await Promise.all(Array.from({ length: 16 }, post));
    const busy = answers.filter((a) => a.status === 503);
    const read = answers.filter((a) => a.status === 200);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(read.length).toBeGreaterThanOrEqual(5);
    expect(busy.length + read.length).toBe(16);
    for (const a of busy) {
      expect(a.retryAfter).toBe('5');
      expect(a.body.error).toMatchObject({ code: 'ERR_IMAGE_BUSY' });
    }
    for (const a of read) expect(a.body.codes[0].verdict.status).toBe('authentic');
    // Once the pile is read, the next upload is taken again.
    expect((await post()).status).toBe(200);
    // And the pages answered all along.
    expect((await fetch(url.replace(/^https?:\/\/[^/]+/, server.url))).status).toBe(200);
  }, 120_000);
});
