// The one place errors become responses: typed errors keep their code, anything else is a bare 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { html } from 'hono/html';
import { CachetError, statusOf, type ErrorCode } from '../core/index.js';
import { messagesFor, pickLanguage, type Messages } from './i18n/index.js';
import { homeView, layout } from './pages/layout.js';
import { json, page } from './respond.js';

/** The HTTP status for a Cachet error code: 400 unless the code says otherwise. */
export function httpStatusOf(code: ErrorCode): ContentfulStatusCode {
  return statusOf(code) as ContentfulStatusCode;
}

/** What a page says for the errors people meet; other codes show their English message. */
function pageMessage(m: Messages, code: string, message: string): string {
  switch (code) {
    case 'ERR_IMAGE_TOO_LARGE':
      return m.imageError.tooLarge;
    case 'ERR_IMAGE_TYPE':
      return m.imageError.unsupported;
    case 'ERR_IMAGE_UNREADABLE':
      return m.imageError.unreadable;
    case 'ERR_RATE_LIMITED':
      return m.tooMany;
    case 'ERR_NOT_FOUND':
      return m.notFound;
    default:
      return message;
  }
}

/**
 * True for the API's paths, and for a client that asks for JSON and not for a page (a script
 * posting a form with `Accept: application/json`).
 */
function wantsJson(c: Context): boolean {
  if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/.well-known/')) return true;
  const accept = c.req.header('accept') ?? '';
  return /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}

/**
 * Answers `{ error: { code, message } }` for API paths (and clients that ask for JSON) and a
 * short page elsewhere, whose text is `pageText` when given, else the code's usual words.
 */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  pageText?: (m: Messages) => string,
) {
  if (wantsJson(c)) return json({ error: { code, message } }, status, extra);
  const lang = pickLanguage(c.req.query('lang'), c.req.header('accept-language'));
  const m = messagesFor(lang);
  const text = pageText ? pageText(m) : pageMessage(m, code, message);
  const body = html`<h1 data-error="${code}">${text}</h1>
    <p><a href="/?lang=${lang}">${m.checkAnother}</a></p>`;
  return page(layout(homeView(m, lang), text, body), status, extra);
}

/** Hono's onError: no stack trace and no internal detail ever reaches a client. */
export function handleError(logError: (error: unknown) => void) {
  return (error: Error, c: Context) => {
    if (error instanceof CachetError) {
      const status = httpStatusOf(error.code);
      if (status === 500) logError(error);
      // A 401 says how to sign in (RFC 6750 §3); a refusal that passes says when (RFC 9110 §10.2.3).
      const extra: Record<string, string> =
        status === 401
          ? { 'www-authenticate': 'Bearer realm="cachet"' }
          : error.retryAfter !== undefined
            ? { 'retry-after': String(error.retryAfter) }
            : error.code === 'ERR_IMAGE_BUSY'
              ? { 'retry-after': '5' }
              : {};
      return errorResponse(
        c,
        status,
        error.code,
        status === 500 ? 'internal error' : error.message,
        extra,
      );
    }
    if (error instanceof HTTPException) {
      return errorResponse(
        c,
        error.status as ContentfulStatusCode,
        'ERR_HTTP',
        error.message || 'request refused',
      );
    }
    logError(error);
    return errorResponse(c, 500, 'ERR_INTERNAL', 'internal error');
  };
}
