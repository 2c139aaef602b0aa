// Every answer is built here, with its headers as one plain object. Headers added through
// c.header() become an undici Headers object on every request, and headers added after the
// handler make @hono/node-server rebuild the response as a stream: either one costs more than
// the Ed25519 verify itself. A plain object keeps node-server on its fast path.
import type { HtmlEscapedString } from 'hono/utils/html';

/** For documents: pages have no script and fetch nothing; styles are inline. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

/**
 * For the start page only: it runs /scan.js, which compiles zxing's WebAssembly, reads images
 * from the file picker (blob:) and shows the camera.
 */
export const SCANNER_PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'permissions-policy': 'camera=(self)',
};

/** Verdicts change (a card can be revoked): no cache may keep one. */
export const NO_STORE = { 'cache-control': 'no-store' };

type Extra = Record<string, string>;

/** For data: the policies above govern documents, and each header is bytes on every answer. */
const DATA_HEADERS = { 'x-content-type-options': 'nosniff' };

function respond(body: string | null, status: number, headers: Extra): Response {
  return new Response(body, { status, headers });
}

/** A JSON answer. */
export function json(value: unknown, status = 200, extra: Extra = {}): Response {
  return jsonText(JSON.stringify(value), status, extra);
}

/** A JSON answer already serialised (once, for many answers). */
export function jsonText(text: string, status = 200, extra: Extra = {}): Response {
  return respond(text, status, { 'content-type': 'application/json', ...DATA_HEADERS, ...extra });
}

/** An HTML page from the `html` tag. */
export async function page(
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
  status = 200,
  extra: Extra = {},
): Promise<Response> {
  return respond((await body).toString(), status, {
    'content-type': 'text/html; charset=UTF-8',
    ...PAGE_HEADERS,
    ...extra,
  });
}

/** A 303 See Other to `location`. */
export function seeOther(location: string): Response {
  return respond(null, 303, { ...PAGE_HEADERS, location });
}
