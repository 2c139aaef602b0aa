// A photo of a card as a phone takes it: tilted, seen slightly askew, smaller, on a table, and
// recompressed as JPEG. The card's handwriting and code stay as they were written.
import sharp from 'sharp';

/** The card photographed: rotated a few degrees, sheared, scaled, on a darker table, JPEG. */
export async function phonePhoto(card: Uint8Array, quality = 80): Promise<Buffer> {
  const meta = await sharp(card).metadata();
  const width = Math.round((meta.width ?? 1200) * 0.8);
  // A small rotation and shear: the card not quite square to the lens.
  const a = (4 * Math.PI) / 180;
  const shear = 0.05;
  const matrix: [number, number, number, number] = [
    Math.cos(a),
    -Math.sin(a) + shear,
    Math.sin(a),
    Math.cos(a),
  ];
  const tilted = await sharp(card)
    .resize({ width })
    .affine(matrix, { background: '#5a4d3f', interpolator: 'bicubic' })
    .toBuffer();
  return sharp(tilted)
    .extend({ top: 60, bottom: 60, left: 80, right: 80, background: '#5a4d3f' })
    .modulate({ brightness: 0.95 })
    .blur(0.6)
    .jpeg({ quality })
    .toBuffer();
}
