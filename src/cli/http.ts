// Fetching from a Cachet server for the CLI: an unreachable server or an error answer becomes
// one line naming the URL and the server's own message, never a stack trace.
import { CachetError } from '../core/index.js';

/**
 * GETs `url`. With `missingOk`, a 404 or 501 (a server without that part) gives null.
 * @throws CachetError `ERR_URL`.
 */
export async function httpGet(
  url: string,
  options: { missingOk?: boolean; timeoutMs?: number } = {},
): Promise<Response | null> {
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
