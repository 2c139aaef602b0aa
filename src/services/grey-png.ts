// A grey picture as a PNG, on any runtime: CompressionStream('deflate') gives the zlib stream a
// PNG's IDAT holds (PNG §10), so neither sharp nor a wasm encoder is needed for legal's views.
import { base64url } from 'jose';
import { concatBytes, type GreyImage } from '../core/index.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of the chunk's type and data (PNG §5.5). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = concatBytes(new TextEncoder().encode(type), data);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(body, 4);
  view.setUint32(8 + data.length, crc32(body));
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The picture as an 8-bit greyscale PNG. */
export async function encodeGreyPng(image: GreyImage): Promise<Uint8Array<ArrayBuffer>> {
  const { width, height, data } = image;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  // Each row starts with its filter type, 0 (none).
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  return concatBytes(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array()),
  );
}

/** The picture as a `data:image/png;base64,…` URL, for JSON and for a self-contained page. */
export async function greyPngDataUrl(image: GreyImage): Promise<string> {
  return dataUrl('image/png', await encodeGreyPng(image));
}

/** Any bytes as a data URL of their type. */
export function dataUrl(type: string, bytes: Uint8Array): string {
  const b64 = base64url.encode(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return `data:${type};base64,${b64}${'='.repeat((4 - (b64.length % 4)) % 4)}`;
}
