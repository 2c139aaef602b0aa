// Fetching from a Cachet server for the CLI: an unreachable server or an error answer becomes
// one line naming the URL and the server's own message, never a stack trace.
import { CachetError } from '../core/index.js';

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
