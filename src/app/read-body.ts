// The one way a route reads a request body: counted as it arrives and parsed under a guard, so a
// body that is too large, cut short, empty or not what its type says answers 413 or 400 with
// what was wrong, never 500, and writes nothing to the server's log.
import type { Context } from 'hono';
import { CachetError } from '../core/index.js';

/** How much a route reads, and the code it refuses more with. */
export interface BodyLimit {
  maxBytes: number;
  /** Default `ERR_BODY_TOO_LARGE`; the image routes answer `ERR_IMAGE_TOO_LARGE`. */
  tooLarge?: 'ERR_BODY_TOO_LARGE' | 'ERR_IMAGE_TOO_LARGE';
}

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/**
 * The most fields a form may hold: Cachet's largest form has about a dozen. Parsing runs on the
 * event loop, so a body of a few MB cut into hundreds of thousands of tiny parts would stall every
 * other request for a second; it is refused, counted before any parsing.
 */
export const MAX_FORM_FIELDS = 64;

/** The media type of the request, lower case, without its parameters; '' when none is sent. */
export function mediaTypeOf(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The body's bytes, refused once more than `maxBytes` arrive (a declared Content-Length over it
 * is refused before reading). A body the client stops sending is a 400, not an error of ours.
 * @throws CachetError `ERR_BODY_TOO_LARGE` (or the limit's code), `ERR_INVALID_ARGUMENT`.
 */
export async function readBytes(c: Context, limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
  const { maxBytes, tooLarge = 'ERR_BODY_TOO_LARGE' } = limit;
  const refuse = () =>
    new CachetError(tooLarge, `the request body is over ${Math.round(maxBytes / 1024)} KiB`);
  // Taken first: on Node, a body whose stream was opened is drained after the answer, so the
  // sender reads a 413 rather than a connection cut while it writes.
  const stream = c.req.raw.body;
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw refuse();
  if (!stream) return new Uint8Array(new ArrayBuffer(0));
  if (c.req.raw.bodyUsed) throw new Error('the request body was already read');
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw refuse();
      parts.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    if (error instanceof CachetError) throw error;
    throw new CachetError('ERR_INVALID_ARGUMENT', 'the request body was cut short', {
      cause: error,
    });
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * A form sent as `multipart/form-data` (with its boundary) or `application/x-www-form-urlencoded`.
 * @throws CachetError `ERR_INVALID_ARGUMENT` for another type, no body, or a form that does not
 *   parse; `ERR_BODY_TOO_LARGE` (or the limit's code) past the limit.
 */
export async function readForm(c: Context, limit: BodyLimit): Promise<FormData> {
  const type = mediaTypeOf(c);
  if (!FORM_TYPES.includes(type)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `send a form (multipart/form-data or application/x-www-form-urlencoded), not ${type ? `"${type.slice(0, 60)}"` : 'a body with no Content-Type'}`,
    );
  }
  const multipart = type === 'multipart/form-data';
  const header = c.req.header('content-type')!;
  if (multipart && !/;\s*boundary=("?)[^";]+\1/i.test(header)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'multipart/form-data needs its boundary');
  }
  const bytes = await readBytes(c, limit);
  if (bytes.byteLength === 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'the request has no body: send the form');
  }
  const boundary = multipart && /;\s*boundary=("?)([^";]+)\1/i.exec(header)![2]!;
  const fields = boundary
    ? countOf(bytes, new TextEncoder().encode(`--${boundary}`), MAX_FORM_FIELDS + 2) - 1
    : countOf(bytes, new Uint8Array([0x26]), MAX_FORM_FIELDS) + 1; // '&' separates fields
  if (fields > MAX_FORM_FIELDS) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the form has more than ${MAX_FORM_FIELDS} fields: send only the form's own`,
    );
  }
  if (!multipart) return formOf(new URLSearchParams(new TextDecoder().decode(bytes)));
  try {
    return await new Response(bytes, { headers: { 'content-type': header } }).formData();
  } catch {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'the form does not parse as multipart/form-data (its parts or boundary are broken)',
    );
  }
}

/** The text of a form field; '' when it is missing or is a file. */
export function fieldText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * A JSON body sent as `application/json`.
 * @throws CachetError `ERR_INVALID_ARGUMENT` for another type, no body or text that is not JSON;
 *   `ERR_BODY_TOO_LARGE` past the limit.
 */
export async function readJson(c: Context, limit: BodyLimit): Promise<unknown> {
  const type = mediaTypeOf(c);
  if (type !== 'application/json' && !/^application\/[\w.-]+\+json$/.test(type)) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'send the body as application/json');
  }
  const bytes = await readBytes(c, limit);
  if (bytes.byteLength === 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'the request has no body: send a JSON object');
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the body is not valid JSON: ${(error as Error).message.slice(0, 120)}`,
    );
  }
}

/** How many times `needle` occurs in `bytes`, counting no further than `stopAt`. */
function countOf(bytes: Uint8Array, needle: Uint8Array, stopAt: number): number {
  let count = 0;
  for (let at = bytes.indexOf(needle[0]!); at !== -1 && count < stopAt;) {
    let i = 1;
    while (i < needle.length && bytes[at + i] === needle[i]) i++;
    if (i === needle.length) {
      count++;
      at = bytes.indexOf(needle[0]!, at + needle.length);
    } else at = bytes.indexOf(needle[0]!, at + 1);
  }
  return count;
}

/** A FormData of urlencoded fields (Workers' URLSearchParams has no FormData constructor path). */
function formOf(params: URLSearchParams): FormData {
  const form = new FormData();
  for (const [name, value] of params) form.append(name, value);
  return form;
}
