// HMAC-SHA256 on the Node server (RFC 2104), for the two hashes every verification makes (the
// limiter's client key, the distinct-scanner hash): each key's pads are made once, and each MAC is
// two one-shot SHA-256 calls, half the processor time of a createHmac object a call.
import { hash } from 'node:crypto';
import type { Mac } from '../services/mac.js';

/** SHA-256's block: keys longer than this are hashed first (RFC 2104 §2). */
const BLOCK = 64;

interface Pads {
  inner: Uint8Array;
  outer: Uint8Array;
}

/** The key XOR ipad and XOR opad (RFC 2104 §2), each followed by room for what it is hashed with. */
function padsOf(key: Uint8Array): Pads {
  const k = key.length > BLOCK ? hash('sha256', key, 'buffer') : key;
  const inner = new Uint8Array(BLOCK);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = (k[i] ?? 0) ^ 0x36;
    outer[i] = (k[i] ?? 0) ^ 0x5c;
  }
  return { inner, outer };
}

/**
 * node:crypto's synchronous HMAC-SHA256 as the app's `Mac`. Keys (the limiter's salt, a day's
 * scanner key) are long-lived and never changed in place: their pads are kept with them.
 */
export function nodeMac(): Mac {
  const pads = new WeakMap<Uint8Array, Pads>();
  return (key, data) => {
    let kept = pads.get(key);
    if (!kept) pads.set(key, (kept = padsOf(key)));
    const message = new Uint8Array(BLOCK + data.length);
    message.set(kept.inner);
    message.set(data, BLOCK);
    const outer = kept.outer.slice();
    outer.set(hash('sha256', message, 'buffer'), BLOCK);
    return hash('sha256', outer, 'buffer');
  };
}
