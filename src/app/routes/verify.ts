// The public verification routes: the page a QR code opens, the JSON API, and the paste form.
import { Hono } from 'hono';
import { readCardInput, verifyCard } from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { messagesFor } from '../i18n/index.js';
import { verdictPage } from '../pages/verdict-page.js';
import { presentVerdict } from '../present.js';

export function verifyRoutes({ store, keyring, now }: Required<AppDeps>) {
  const check = async (token: string) =>
    presentVerdict(
      await verifyCard(token, {
        keyring,
        now: now(),
        findCard: (serial) => store.findCard(serial),
      }),
      store,
    );

  const app = new Hono();

  // Verdicts change (a card can be revoked), so no cache may keep one.
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/api/v1/verify/:token{.*}', async (c) => {
    const verdict = await check(c.req.param('token'));
    return c.json(verdict, verdict.status === 'malformed' ? 400 : 200);
  });

  // QR codes carry the prefix upper-cased, so /C/ and /c/ answer alike.
  for (const prefix of ['/c', '/C']) {
    app.get(`${prefix}/:token{.*}`, async (c) =>
      c.html(verdictPage(messagesFor('en'), await check(c.req.param('token')))),
    );
  }

  // The form on the start page: a pasted link or code goes to its canonical page.
  app.get('/verify', async (c) => {
    const { digits } = readCardInput(c.req.query('q') ?? '');
    if (/^\d+$/.test(digits)) return c.redirect(`/c/${digits}`, 303);
    return c.html(verdictPage(messagesFor('en'), await check(digits)));
  });

  return app;
}
