// Reading QR codes out of an uploaded image, for scripts and for browsers without WebAssembly,
// and comparing the card in it with the card as issued when the house keeps a photo of that.
// The image is read in memory and dropped: nothing of it is stored or logged.
import { Hono, type Context } from 'hono';
import {
  CachetError,
  checkImageSize,
  MAX_IMAGE_BYTES,
  sniffImage,
  type ImageKind,
} from '../../core/index.js';
import type { Checker } from '../../services/check.js';
import { compareReports } from '../../services/card-compare.js';
import type { FullDeps } from '../deps.js';
import { codesPage } from '../pages/verdict-page.js';
import { publicLimit } from '../rate-limit.js';
import { mediaTypeOf, readBytes, readForm } from '../read-body.js';
import { json, NO_STORE, page } from '../respond.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';
import { sameSiteOnly } from '../same-site.js';
import { MAX_CODES } from './verify.js';

/** Room for the multipart framing around an image of the largest size. */
const MULTIPART_SLACK = 16 * 1024;

/** What an upload may weigh: the image and its multipart framing. */
const IMAGE_LIMIT = {
  maxBytes: MAX_IMAGE_BYTES + MULTIPART_SLACK,
  tooLarge: 'ERR_IMAGE_TOO_LARGE',
} as const;

/**
 * The image bytes: the `image` field of a multipart form, or a body sent as image/*; with the
 * texts a browser already read from it (`q` fields), which are checked beside the server's own.
 */
async function imageBytes(c: Context): Promise<{ bytes: Uint8Array; read: string[] }> {
  const type = mediaTypeOf(c);
  if (type === 'multipart/form-data') {
    const form = await readForm(c, IMAGE_LIMIT);
    const file = form.get('image');
    const read = form.getAll('q').filter((v): v is string => typeof v === 'string');
    if (read.length > MAX_CODES) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `at most ${MAX_CODES} codes at once`);
    }
    if (!(file instanceof File)) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'send the image in a form field named "image"');
    }
    if (file.size > MAX_IMAGE_BYTES) {
      throw new CachetError('ERR_IMAGE_TOO_LARGE', 'the image is over 10 MB');
    }
    return { bytes: new Uint8Array(await file.arrayBuffer()), read };
  }
  if (type.startsWith('image/') || type === 'application/octet-stream') {
    const bytes = await readBytes(c, IMAGE_LIMIT);
    if (bytes.byteLength === 0) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'the request has no body: send the image');
    }
    return { bytes, read: [] };
  }
  throw new CachetError(
    'ERR_IMAGE_TYPE',
    'send multipart/form-data with an "image" field, or the image itself as image/jpeg, image/png, image/webp or image/gif',
  );
}

export function imageRoutes(deps: FullDeps, check: Checker) {
  const { readImage, maxImagePixels } = deps;

  /**
   * Checks what was sent, reads its codes, verifies each one found, and compares the card around
   * each code with the card as issued when the house keeps a photo of it.
   */
  const readCodes = async (c: Context) => {
    const { bytes, read } = await imageBytes(c);
    const kind = sniffImage(bytes);
    if (!kind) {
      throw new CachetError('ERR_IMAGE_TYPE', 'the image is not JPEG, PNG, WebP or GIF');
    }
    checkImageSize(kind, maxImagePixels);
    const from = sourceOf(c, deps);
    const digitsOf = (text: string) => {
      const target = check.targetOf(from, text);
      return target.kind === 'look-alike' ? null : target.digits;
    };
    // A code the browser read and the server read again is checked once.
    const texts: string[] = [];
    const seen = new Set<string>();
    for (const text of [...(await readImageOrNone(bytes, kind, read.length > 0)), ...read]) {
      const key = digitsOf(text) ?? text;
      if (!seen.has(key)) texts.push(text);
      seen.add(key);
    }
    const codes = [];
    for (const text of texts) codes.push(await check.code(from, text, 'image'));
    const sameCode = (a: string, b: string) => a === b || (digitsOf(a) ?? a) === (digitsOf(b) ?? b);
    await compareReports(deps, codes, bytes, sameCode);
    return { kind, codes };
  };
  /** The codes the server reads; none when it cannot but the browser already read some. */
  const readImageOrNone = async (bytes: Uint8Array, kind: ImageKind, readElsewhere: boolean) => {
    try {
      return await readImage(bytes, kind);
    } catch (error) {
      if (readElsewhere && error instanceof CachetError && error.code === 'ERR_IMAGE_UNREADABLE') {
        return [];
      }
      throw error;
    }
  };

  // Counted before any byte is read; the body is then read within IMAGE_LIMIT.
  const guards = [publicLimit(deps, 'image')] as const;
  const app = new Hono();

  app.post('/api/v1/verify/image', ...guards, async (c) => {
    const { kind, codes } = await readCodes(c);
    return json(
      { image: kind, codes, expectedHosts: check.expectedHosts(sourceOf(c, deps)) },
      200,
      NO_STORE,
    );
  });

  // Asked by the start page before it sends a photo: whether the house keeps a photo as issued
  // of the card this code leads to (and can compare). Not a check of the card: not counted.
  const keptLimit = publicLimit(deps, 'verify');
  app.get('/api/v1/reference', keptLimit, async (c) => {
    const text = c.req.query('q');
    if (text === undefined) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'give the code text as ?q=');
    }
    const kept = deps.cardMatcher ? await check.referenceKept(sourceOf(c, deps), text) : false;
    return json({ kept }, 200, NO_STORE);
  });

  app.post('/verify/image', sameSiteOnly(deps), ...guards, async (c) => {
    const view = viewFor(c);
    const { codes } = await readCodes(c);
    const body = codesPage(view, codes, check.expectedHosts(sourceOf(c, deps)));
    return page(body, 200, { ...NO_STORE, ...languageHeaders(view) });
  });

  return app;
}
