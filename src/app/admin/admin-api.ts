// The admin API under /api/v1/admin and its OpenAPI document: mounted only when the runtime gives
// the app the staff side of the registry.
import { Hono } from 'hono';
import { failureLimit, limitBody, rateLimit } from '../rate-limit.js';
import { originFor, type FullDeps } from '../deps.js';
import { createAuthenticator, guardSignIn } from './auth.js';
import { cardRoutes } from './card-routes.js';
import { claimRoutes } from './claim-routes.js';
import { MAX_ADMIN_BODY, mountRoutes } from './define.js';
import { openApiDocument } from './openapi.js';
import { orgRoutes } from './org-routes.js';
import { referenceRoutes } from './reference-routes.js';
import { reportRoutes } from './report-routes.js';

export function adminApi(deps: FullDeps) {
  const app = new Hono();
  const admin = deps.admin;
  const withAdmin = admin && { ...deps, admin };
  const routes = withAdmin
    ? [
        ...cardRoutes(withAdmin, originFor(deps)),
        ...referenceRoutes(withAdmin),
        ...claimRoutes(withAdmin),
        ...reportRoutes(withAdmin),
        ...orgRoutes(withAdmin),
      ]
    : [];
  const document = JSON.stringify(openApiDocument(routes, '1'));
  app.get(
    '/api/v1/openapi.json',
    () =>
      new Response(document, {
        headers: {
          'content-type': 'application/json',
          'cache-control': 'public, max-age=300',
          'x-content-type-options': 'nosniff',
        },
      }),
  );
  if (!admin) return app;
  app.use('/api/v1/admin/*', rateLimit(deps.rateLimits.admin, deps.clientOf, deps.now, deps.mac));
  // A photo of a card is read by its route once the sender is signed in, within the image limit.
  const jsonBody = limitBody(MAX_ADMIN_BODY, 'ERR_BODY_TOO_LARGE');
  app.use('/api/v1/admin/*', (c, next) =>
    /^\/api\/v1\/admin\/cards\/[^/]+\/(reference|compare)$/.test(c.req.path)
      ? next()
      : jsonBody(c, next),
  );
  const signIn = guardSignIn(createAuthenticator(deps.store, admin, deps.oidc), {
    admin,
    now: deps.now,
    clientOf: deps.clientOf,
    failures: failureLimit(deps.rateLimits.signin, deps.now, deps.mac),
  });
  mountRoutes(app, routes, signIn, admin, deps.now);
  return app;
}
