// The Hono app, the same on Node and Workers: it gets its Store and Keyring from the entry file.
import { Hono } from 'hono';
import { CachetError } from '../core/index.js';
import type { AppDeps } from './deps.js';
import { errorResponse, handleError } from './on-error.js';
import { messagesFor } from './i18n/index.js';
import { homePage, notFoundPage } from './pages/home-page.js';
import { keyRoutes } from './routes/keys.js';
import { verifyRoutes } from './routes/verify.js';
import { json, page } from './respond.js';

/** Longest path and query accepted; a CT1 URL needs under 260. */
export const MAX_URI_LENGTH = 1024;

export function createApp(deps: AppDeps) {
  const full: Required<AppDeps> = {
    now: () => new Date(),
    logError: (error) => console.error(error),
    verifyMemo: 10_000,
    recordScan: () => {},
    ...deps,
  };
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

  app.get('/', () => page(homePage(messagesFor('en'))));
  app.get('/healthz', () => json({ ok: true }));
  app.route('/', keyRoutes(full));
  app.route('/', verifyRoutes(full));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? errorResponse(c, 404, 'ERR_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)
      : page(notFoundPage(messagesFor('en')), 404),
  );
  app.onError(handleError(full.logError));
  return app;
}
