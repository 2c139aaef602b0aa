// What a photo that cannot be decoded is told: what went wrong for the sender, never the words
// of the decoder's library (its name, its internals).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageOnNode } from '../../src/image/read-image-node.js';

describe('a photo the decoder refuses', () => {
  it('is said to be damaged, in the server’s own words', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    // A JPEG marker no decoder knows (0xFFF0), right after the start of the image.
    const odd = Buffer.concat([
      jpeg.subarray(0, 2),
      Buffer.from([0xff, 0xf0, 0, 4, 0, 0]),
      jpeg.subarray(2),
    ]);
    const error = await readImageOnNode(odd).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^the image could not be decoded: the file is damaged/);
    expect(error?.message).not.toMatch(/vips|marker/i);
  });
});
