// Fetching from a Cachet server for the CLI: an unreachable server or an error answer becomes
// one line naming the URL and the server's own message, never a stack trace.
import { CachetError, type ErrorCode } from '../core/index.js';

interface GetOptions {
  /** A 404 or 501 (a server without that part) gives null. */
  missingOk?: boolean;
  /** How long to wait for the answer's head (default 30 s). */
  timeoutMs?: number;
}

/**
 * GETs `url`.
 * @throws CachetError `ERR_URL` when it cannot be reached, or answers with an error.
 */
export async function httpGet(
  url: string,
  options?: GetOptions & { missingOk?: false },
): Promise<Response>;
export async function httpGet(url: string, options: GetOptions): Promise<Response | null>;
export async function httpGet(url: string, options: GetOptions = {}): Promise<Response | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (cause) {
    throw new CachetError('ERR_URL', `cannot reach ${url}: ${(cause as Error).message}`, { cause });
  }
  if (options.missingOk && (response.status === 404 || response.status === 501)) return null;
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message: string };
    } | null;
    throw new CachetError(
      'ERR_URL',
      `${url} answered ${response.status}${body?.error ? `: ${body.error.message}` : ''}`,
    );
  }
  return response;
}

/**
 * GETs `url` and reads its JSON answer.
 * @throws CachetError `ERR_URL` as `httpGet` does, and when the answer is not JSON.
 */
export async function httpGetJson<T>(url: string): Promise<T> {
  const response = await httpGet(url);
  try {
    return (await response.json()) as T;
  } catch (cause) {
    throw new CachetError('ERR_URL', `${url} answered ${response.status}, not with JSON`, {
      cause,
    });
  }
}

/**
 * Sends `body` to `url` with `method` and the headers given, and reads its JSON answer: an error
 * answer becomes the server's own error (its code and words), so the CLI says what the server said.
 * @throws CachetError `ERR_URL` when it cannot be reached or answers without JSON.
 */
export async function httpSendJson<T>(
  url: string,
  init: { method: string; headers: Record<string, string>; body: Uint8Array },
  timeoutMs = 60_000,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new CachetError('ERR_URL', `cannot reach ${url}: ${(cause as Error).message}`, { cause });
  }
  const body = (await response.json().catch(() => null)) as
    (T & { error?: { code: ErrorCode; message: string } }) | null;
  if (!response.ok || !body) {
    throw new CachetError(
      body?.error?.code ?? 'ERR_URL',
      body?.error?.message ?? `${url} answered ${response.status}`,
    );
  }
  return body;
}
