// The Hono app, the same on Node and Workers: it gets its Store and Keyring from the entry file.
import { Hono } from 'hono';
import { CachetError } from '../core/index.js';
import { adminApi } from './admin/admin-api.js';
import { createChecker } from '../services/check.js';
import { withDefaults, type AppDeps } from './deps.js';
import { errorResponse, handleError } from './on-error.js';
import { failureLimit } from './rate-limit.js';
import { CONSOLE_HEADERS, consolePage } from './pages/console-page.js';
import { homePage, notFoundPage } from './pages/home-page.js';
import { OFFLINE_PAGE_HEADERS, offlinePage } from './pages/offline-page.js';
import { imageRoutes } from './routes/image.js';
import { keyRoutes } from './routes/keys.js';
import { logRoutes } from './routes/log.js';
import { serialRoutes } from './routes/serial.js';
import { trustRoutes } from './routes/trust.js';
import { citeRoutes } from './routes/cite.js';
import { claimApiRoutes } from './routes/claim-api.js';
import { claimPageRoutes } from './routes/claim-pages.js';
import { reportRoutes } from './routes/report.js';
import { verifyRoutes } from './routes/verify.js';
import { json, page, SCANNER_PAGE_HEADERS } from './respond.js';
import { languageHeaders, viewFor } from './view.js';

/** Longest path and query accepted; a CT1 URL needs under 260. */
export const MAX_URI_LENGTH = 1024;

export function createApp(deps: AppDeps) {
  const full = withDefaults(deps);
  const check = createChecker({ ...full, keepsLog: full.log !== null });
  const app = new Hono();

  app.use(async (c, next) => {
    const url = c.req.url;
    const pathAndQuery = url.length - url.indexOf('/', url.indexOf('://') + 3);
    if (pathAndQuery > MAX_URI_LENGTH) {
      throw new CachetError(
        'ERR_URI_TOO_LONG',
        `addresses are limited to ${MAX_URI_LENGTH} characters`,
      );
    }
    await next();
  });

  app.get('/', (c) => {
    const view = viewFor(c);
    return page(homePage(view), 200, { ...SCANNER_PAGE_HEADERS, ...languageHeaders(view) });
  });
  app.get('/offline', (c) => {
    const view = viewFor(c);
    return page(offlinePage(view), 200, { ...OFFLINE_PAGE_HEADERS, ...languageHeaders(view) });
  });
  app.get('/healthz', () => json({ ok: true }));
  app.get('/console', (c) => {
    const view = viewFor(c);
    return page(consolePage(view), 200, { ...CONSOLE_HEADERS, ...languageHeaders(view) });
  });
  app.route('/', keyRoutes(full));
  app.route('/', logRoutes(full));
  app.route('/', trustRoutes(full));
  app.route('/', verifyRoutes(full, check));
  app.route('/', citeRoutes(full, check));
  app.route('/', reportRoutes(full, check));
  // Claim requests share one limit per network, through the pages or the JSON API alike.
  const claimAttempts = failureLimit(full.rateLimits.claim, full.now, full.mac);
  app.route('/', claimPageRoutes(full, claimAttempts));
  app.route('/', serialRoutes(full, check));
  app.route('/', imageRoutes(full, check));
  app.route('/', claimApiRoutes(full, claimAttempts));
  app.route('/', adminApi(full));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? errorResponse(c, 404, 'ERR_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)
      : page(notFoundPage(viewFor(c)), 404),
  );
  app.onError(handleError(full.logError));
  return app;
}
