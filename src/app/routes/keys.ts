// The public JWK Set: anyone can check a token offline with these keys.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.js';
import { json } from '../respond.js';

export function keyRoutes({ keyring }: Required<AppDeps>) {
  const app = new Hono();
  app.get('/.well-known/jwks.json', () =>
    json(keyring.toJwks(), 200, { 'cache-control': 'public, max-age=300' }),
  );
  return app;
}
