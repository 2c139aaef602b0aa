// One verify origin for the server and the CLI: the server notes where its cards point (and which
// hosts it accepts) beside the registry, so a `cachet mint` in another shell, with no setting of
// its own, mints URLs the server calls genuine; when either side would disagree, both say so and
// name the setting.
import type { ServedOrigin } from '../core/index.js';

/**
 * Why cards pointing to `origin` would read as look-alikes on a server accepting `hosts`, naming
 * the setting that fixes it; undefined when they would not.
 */
export function originMismatch(origin: string, served: ServedOrigin): string | undefined {
  const { host, protocol } = new URL(origin);
  const own = new URL(served.origin);
  if (host === own.host && protocol !== own.protocol) {
    return `cards minted here point to ${origin}, but the server serves ${served.origin}: their links would not open there; set CACHET_PUBLIC_URL=${served.origin} for both`;
  }
  if (served.hosts.includes(host)) return undefined;
  return `cards minted here point to ${origin}, but the server (at ${served.origin}) accepts only ${served.hosts.join(', ')} and would call them look-alikes: set CACHET_PUBLIC_URL=${served.origin} for both, or start the server with CACHET_VERIFY_HOSTS=${host}`;
}
