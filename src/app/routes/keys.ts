// The public JWK Set: anyone can check a token offline with these keys.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';

export function keyRoutes({ keyring }: Required<AppDeps>) {
  const app = new Hono();
  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(keyring.toJwks());
  });
  return app;
}
