// HMAC-SHA256 for the per-request hashes (the rate limiter's client key, the distinct-scanner
// hash). On Node it is node:crypto's synchronous HMAC, passed in by src/node.ts: a WebCrypto call
// there is a trip through the libuv thread pool, and two of them per verification cost more than
// the Ed25519 verify itself. Workers use WebCrypto.

/** HMAC-SHA256 of `data` under `key`. */
export type Mac = (key: Uint8Array, data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** WebCrypto's HMAC, with each key imported once. */
export function webCryptoMac(): Mac {
  const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
  return async (key, data) => {
    let imported = keys.get(key);
    if (!imported) {
      imported = crypto.subtle.importKey(
        'raw',
        new Uint8Array(key),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      keys.set(key, imported);
    }
    return new Uint8Array(await crypto.subtle.sign('HMAC', await imported, new Uint8Array(data)));
  };
}
