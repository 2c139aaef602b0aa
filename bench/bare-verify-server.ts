// The baseline for bench:verify: a bare Hono server whose route runs one WebCrypto Ed25519 verify.
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';

const message = new TextEncoder().encode('cachet/card/v1\0a message as long as a card token body');
const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
  'sign',
  'verify',
])) as CryptoKeyPair;
const signature = new Uint8Array(
  await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, message),
);

const app = new Hono();
app.get('/api/v1/verify/:token', async (c) =>
  c.json({
    valid: await crypto.subtle.verify({ name: 'Ed25519' }, pair.publicKey, signature, message),
  }),
);

const server = createAdaptorServer({ fetch: app.fetch });
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
