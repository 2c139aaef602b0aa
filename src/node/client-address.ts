// Who a client of the Node server is: the connection's address, or the word of the proxy the
// server is told to trust (CACHET_TRUSTED_PROXY), and then only from the proxy's own addresses.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { clientOfChain, inAddressRanges, type AddressRange } from '../core/index.js';
import type { TrustedProxy } from '../config.js';

/**
 * The app's `clientOf` and `countryOf`. A proxy's headers are read only when the connection
 * comes from one of its address blocks (anyone else may write those headers). A header holding
 * a chain (X-Forwarded-For) is read from the right: the first entry that is not itself a trusted
 * proxy is the client.
 */
export function clientFromProxy(
  proxy: TrustedProxy | null,
  peers: readonly AddressRange[],
): {
  clientOf: (c: Context) => string;
  countryOf: (c: Context) => string;
} {
  const connection = (c: Context) => getConnInfo(c).remote.address ?? '';
  if (!proxy) return { clientOf: connection, countryOf: () => '' };
  const header = proxy.kind === 'cloudflare' ? 'cf-connecting-ip' : proxy.header;
  return {
    clientOf: (c) => {
      const peer = connection(c);
      if (!inAddressRanges(peer, peers)) return peer;
      return clientOfChain(c.req.header(header) ?? '', peers) || peer;
    },
    countryOf: (c) =>
      proxy.kind === 'cloudflare' && inAddressRanges(connection(c), peers)
        ? (c.req.header('cf-ipcountry') ?? '')
        : '',
  };
}
