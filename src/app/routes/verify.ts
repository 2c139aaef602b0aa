// The public verification routes: the page a QR code opens, the JSON API, and the paste form.
import { Hono } from 'hono';
import { readCardInput, SignatureMemo, verifyCard } from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { messagesFor } from '../i18n/index.js';
import { verdictPage } from '../pages/verdict-page.js';
import { presentVerdict } from '../present.js';
import { json, NO_STORE, page, seeOther } from '../respond.js';

export function verifyRoutes({ store, keyring, now, verifyMemo }: Required<AppDeps>) {
  // The memo belongs to this keyring: the app's keyring never changes while it runs.
  const memo = new SignatureMemo(verifyMemo);
  const findCard = (serial: string) => store.findCard(serial);
  const check = async (token: string) =>
    presentVerdict(await verifyCard(token, { keyring, now: now(), findCard, memo }), store);
  const showVerdict = async (token: string) =>
    page(verdictPage(messagesFor('en'), await check(token)), 200, NO_STORE);

  const app = new Hono();

  // `:token` takes every real token; the wildcards take the rest (empty, or with slashes) so
  // that any string gets a verdict. Plain patterns keep Hono on its fast RegExpRouter.
  const apiVerdict = async (token: string) => {
    const verdict = await check(token);
    return json(verdict, verdict.status === 'malformed' ? 400 : 200, NO_STORE);
  };
  app.get('/api/v1/verify/:token', (c) => apiVerdict(c.req.param('token')));
  app.get('/api/v1/verify/*', (c) => apiVerdict(c.req.path.slice('/api/v1/verify/'.length)));

  // QR codes carry the prefix upper-cased, so /C/ and /c/ answer alike.
  app.get('/c/:token', (c) => showVerdict(c.req.param('token')));
  app.get('/C/:token', (c) => showVerdict(c.req.param('token')));
  app.get('/c/*', (c) => showVerdict(c.req.path.slice(3)));
  app.get('/C/*', (c) => showVerdict(c.req.path.slice(3)));

  // The form on the start page: a pasted link or code goes to its canonical page.
  app.get('/verify', (c) => {
    const { digits } = readCardInput(c.req.query('q') ?? '');
    return /^\d+$/.test(digits) ? seeOther(`/c/${digits}`) : showVerdict(digits);
  });

  return app;
}
