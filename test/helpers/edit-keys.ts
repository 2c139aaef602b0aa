// Changes a running server's card keys on disk as `cachet key rotate`/`compromise` would (dates,
// status), and waits until the server has taken them: it reloads keys/jwks.json within seconds.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Merges `change` into every card-signing key of the keys folder under `dir`, then waits (up to
 * 10 s) until `taken()` says the server sees it.
 */
export async function editCardKeys(
  dir: string,
  change: Record<string, unknown>,
  taken: () => Promise<boolean>,
): Promise<void> {
  const path = join(dir, 'keys', 'jwks.json');
  const jwks = JSON.parse(readFileSync(path, 'utf8')) as { keys: Record<string, unknown>[] };
  jwks.keys = jwks.keys.map((k) => (k.purpose ? k : { ...k, ...change }));
  writeFileSync(`${path}.tmp`, JSON.stringify(jwks));
  renameSync(`${path}.tmp`, path);
  for (let i = 0; i < 100 && !(await taken()); i++) await new Promise((r) => setTimeout(r, 100));
}
