// Looking a card up by the serial printed under its QR code: the verdict its code gets, from the
// registry's own copy; the registry's word, since a serial can be copied.
import { Hono } from 'hono';
import { isCachetError } from '../../core/index.js';
import type { Checker } from '../../services/check.js';
import type { FullDeps } from '../deps.js';
import { serialMissingPage, serialPage } from '../pages/verdict-page.js';
import { publicLimit } from '../rate-limit.js';
import { json, NO_STORE, page } from '../respond.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';

export function serialRoutes(deps: FullDeps, check: Checker) {
  const limit = publicLimit(deps, 'serial');
  const app = new Hono();

  app.get('/api/v1/cards/:serialText', limit, async (c) =>
    json(await check.serial(c.req.param('serialText')), 200, NO_STORE),
  );

  app.get('/serial', limit, async (c) => {
    const view = viewFor(c);
    const headers = { ...NO_STORE, ...languageHeaders(view) };
    try {
      const answer = await check.serial(c.req.query('s') ?? '');
      return page(serialPage(view, answer, check.expectedHosts(sourceOf(c, deps))), 200, headers);
    } catch (error) {
      if (isCachetError(error, 'ERR_SERIAL_UNKNOWN')) {
        return page(serialMissingPage(view, true), 404, headers);
      }
      if (isCachetError(error, 'ERR_SERIAL_TEXT')) {
        return page(serialMissingPage(view, false), 400, headers);
      }
      throw error;
    }
  });

  return app;
}
