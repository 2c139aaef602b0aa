// A .y4m video for Chromium's fake camera: a still image held for a few frames, in the
// YUV 4:2:0 (BT.601) layout --use-file-for-fake-video-capture reads.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

/** Writes `image` centred on a white 640 × 480 frame, `frames` times, as a .y4m file. */
export async function writeY4m(path: string, image: Buffer, frames = 3): Promise<void> {
  const W = 640;
  const H = 480;
  const { data } = await sharp(image)
    .resize(W, H, { fit: 'contain', background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(W * H);
  const u = Buffer.alloc((W / 2) * (H / 2));
  const v = Buffer.alloc((W / 2) * (H / 2));
  for (let row = 0; row < H; row++) {
    for (let col = 0; col < W; col++) {
      const i = (row * W + col) * 3;
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      y[row * W + col] = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * (W / 2) + col / 2;
        u[c] = 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
        v[c] = 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array<Buffer>(frames).fill(frame)]));
}
