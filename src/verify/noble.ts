// Ed25519 in plain code for browsers whose WebCrypto lacks it: @noble/ed25519 on its RFC 8032
// branch (`zip215: false`), asked only after the core's strict encoding checks.
import * as ed from '@noble/ed25519';
import type { Ed25519Fallback } from '../core/ed25519.js';

export const nobleEd25519: Ed25519Fallback = {
  isPoint(publicKey) {
    try {
      ed.Point.fromBytes(publicKey, false);
      return true;
    } catch {
      return false;
    }
  },
  verify: (signature, message, publicKey) =>
    ed.verifyAsync(signature, message, publicKey, { zip215: false }),
};
