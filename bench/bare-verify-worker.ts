// The baseline for bench:edge: a bare Hono Worker whose route runs one WebCrypto Ed25519 verify.
import { Hono } from 'hono';

const message = new TextEncoder().encode('cachet/card/v1\0a message as long as a card token body');
let keys: Promise<{ publicKey: CryptoKey; signature: ArrayBuffer }> | undefined;

async function makeKeys() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return {
    publicKey: pair.publicKey,
    signature: await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message),
  };
}

const app = new Hono();
app.get('/api/v1/verify/:token', async (c) => {
  const { publicKey, signature } = await (keys ??= makeKeys());
  return c.json({
    valid: await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, message),
  });
});

export default app;
