// Reading QR codes out of an uploaded image, for scripts and for browsers without WebAssembly.
// The image is read in memory and dropped: nothing of it is stored or logged.
import { Hono, type Context } from 'hono';
import { CachetError, checkImageSize, sniffImage } from '../../core/index.js';
import type { Checker } from '../../services/check.js';
import type { FullDeps } from '../deps.js';
import { codesPage } from '../pages/verdict-page.js';
import { rateLimit } from '../rate-limit.js';
import { mediaTypeOf, readBytes, readForm } from '../read-body.js';
import { json, NO_STORE, page } from '../respond.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';
import { sameSiteOnly } from '../same-site.js';

/** The largest image accepted, in bytes. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Room for the multipart framing around an image of the largest size. */
const MULTIPART_SLACK = 16 * 1024;

/** What an upload may weigh: the image and its multipart framing. */
const IMAGE_LIMIT = {
  maxBytes: MAX_IMAGE_BYTES + MULTIPART_SLACK,
  tooLarge: 'ERR_IMAGE_TOO_LARGE',
} as const;

/** The image bytes: the `image` field of a multipart form, or a body sent as image/*. */
async function imageBytes(c: Context): Promise<Uint8Array> {
  const type = mediaTypeOf(c);
  if (type === 'multipart/form-data') {
    const file = (await readForm(c, IMAGE_LIMIT)).get('image');
    if (!(file instanceof File)) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'send the image in a form field named "image"');
    }
    if (file.size > MAX_IMAGE_BYTES) {
      throw new CachetError('ERR_IMAGE_TOO_LARGE', 'the image is over 10 MB');
    }
    return new Uint8Array(await file.arrayBuffer());
  }
  if (type.startsWith('image/') || type === 'application/octet-stream') {
    const bytes = await readBytes(c, IMAGE_LIMIT);
    if (bytes.byteLength === 0) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'the request has no body: send the image');
    }
    return bytes;
  }
  throw new CachetError(
    'ERR_IMAGE_TYPE',
    'send multipart/form-data with an "image" field, or the image itself as image/jpeg, image/png, image/webp or image/gif',
  );
}

export function imageRoutes(deps: FullDeps, check: Checker) {
  const { readImage, maxImagePixels } = deps;

  /** Checks what was sent, reads its codes, and verifies each one found. */
  const readCodes = async (c: Context) => {
    const bytes = await imageBytes(c);
    const kind = sniffImage(bytes);
    if (!kind) {
      throw new CachetError('ERR_IMAGE_TYPE', 'the image is not JPEG, PNG, WebP or GIF');
    }
    checkImageSize(kind, maxImagePixels);
    const texts = [...new Set(await readImage(bytes, kind))];
    const codes = [];
    for (const text of texts) codes.push(await check.code(sourceOf(c, deps), text, 'image'));
    return { kind, codes };
  };

  // Counted before any byte is read; the body is then read within IMAGE_LIMIT.
  const guards = [rateLimit(deps.rateLimits.image, deps.clientOf, deps.now, deps.mac)] as const;
  const app = new Hono();

  app.post('/api/v1/verify/image', ...guards, async (c) => {
    const { kind, codes } = await readCodes(c);
    return json(
      { image: kind, codes, expectedHosts: check.expectedHosts(sourceOf(c, deps)) },
      200,
      NO_STORE,
    );
  });

  app.post('/verify/image', sameSiteOnly(deps), ...guards, async (c) => {
    const view = viewFor(c);
    const { codes } = await readCodes(c);
    const body = codesPage(view, codes, check.expectedHosts(sourceOf(c, deps)));
    return page(body, 200, { ...NO_STORE, ...languageHeaders(view) });
  });

  return app;
}
