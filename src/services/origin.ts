// One verify origin for the server and the CLI: the server writes where its cards point (and
// which hosts it accepts) into the registry, so a `cachet mint` in another shell, with no
// setting of its own, mints URLs the server calls genuine; when either side would disagree,
// both say so and name the setting.
import type { Store } from '../core/index.js';

const SERVED = 'origin.served';
const MINTED = 'origin.minted';

/** Where a server last said its cards point, and the hosts it accepts as genuine. */
export interface ServedOrigin {
  origin: string;
  hosts: string[];
}

type Settings = Pick<Store, 'getSetting' | 'setSetting'>;

async function read(store: Settings, name: string): Promise<ServedOrigin | null> {
  const text = await store.getSetting(name);
  return text ? (JSON.parse(text) as ServedOrigin) : null;
}

/** Called by the server once it knows its origin. */
export async function recordServedOrigin(store: Settings, served: ServedOrigin): Promise<void> {
  await store.setSetting(SERVED, JSON.stringify(served));
}

/** Called by the CLI after it mints: the origin its cards point to. */
export async function recordMintedOrigin(store: Settings, origin: string): Promise<void> {
  await store.setSetting(MINTED, JSON.stringify({ origin, hosts: [] }));
}

export const servedOrigin = (store: Settings) => read(store, SERVED);
export const mintedOrigin = async (store: Settings) => (await read(store, MINTED))?.origin ?? null;

/**
 * Why cards pointing to `origin` would read as look-alikes on a server accepting `hosts`, naming
 * the setting that fixes it; undefined when they would not.
 */
export function originMismatch(origin: string, served: ServedOrigin): string | undefined {
  if (served.hosts.includes(new URL(origin).host)) return undefined;
  return `cards minted here point to ${origin}, but the server (at ${served.origin}) accepts only ${served.hosts.join(', ')} and would call them look-alikes: set CACHET_PUBLIC_URL=${served.origin} for both, or start the server with CACHET_VERIFY_HOSTS=${new URL(origin).host}`;
}
