// The public verification routes: the page a QR code opens, the JSON API, and the paste form.
import { Hono, type Context } from 'hono';
import {
  readCardInput,
  scanMinute,
  SignatureMemo,
  toHex,
  verifyCard,
  type ScanChannel,
} from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { messagesFor } from '../i18n/index.js';
import { verdictPage } from '../pages/verdict-page.js';
import { presentVerdict } from '../present.js';
import { json, NO_STORE, page, seeOther } from '../respond.js';

/** The country the edge reports (Cloudflare's CF-IPCountry), or ''. Never the address itself. */
function countryOf(c: Context): string {
  const country = c.req.header('cf-ipcountry') ?? '';
  return /^[A-Z]{2}$/.test(country) ? country : '';
}

export function verifyRoutes({ store, keyring, now, verifyMemo, recordScan }: Required<AppDeps>) {
  // The memo belongs to this keyring: the app's keyring never changes while it runs.
  const memo = new SignatureMemo(verifyMemo);
  const findCard = (serial: string) => store.findCard(serial);
  const check = async (c: Context, token: string, channel: ScanChannel) => {
    const at = now();
    const verdict = await verifyCard(token, { keyring, now: at, findCard, memo });
    // Only a signature that held names a real serial; the write happens later, off this path.
    if (verdict.claims) {
      recordScan({
        serial: toHex(verdict.claims.serial),
        minute: scanMinute(at),
        channel,
        country: countryOf(c),
      });
    }
    return presentVerdict(verdict, store);
  };
  const showVerdict = async (c: Context, token: string) =>
    page(verdictPage(messagesFor('en'), await check(c, token, 'page')), 200, NO_STORE);
  const apiVerdict = async (c: Context, token: string) => {
    const verdict = await check(c, token, 'api');
    return json(verdict, verdict.status === 'malformed' ? 400 : 200, NO_STORE);
  };

  const app = new Hono();

  // `:token` takes every real token; the wildcards take the rest (empty, or with slashes) so
  // that any string gets a verdict. Plain patterns keep Hono on its fast RegExpRouter.
  app.get('/api/v1/verify/:token', (c) => apiVerdict(c, c.req.param('token')));
  app.get('/api/v1/verify/*', (c) => apiVerdict(c, c.req.path.slice('/api/v1/verify/'.length)));

  // QR codes carry the prefix upper-cased, so /C/ and /c/ answer alike.
  app.get('/c/:token', (c) => showVerdict(c, c.req.param('token')));
  app.get('/C/:token', (c) => showVerdict(c, c.req.param('token')));
  app.get('/c/*', (c) => showVerdict(c, c.req.path.slice(3)));
  app.get('/C/*', (c) => showVerdict(c, c.req.path.slice(3)));

  // The form on the start page: a pasted link or code goes to its canonical page.
  app.get('/verify', (c) => {
    const { digits } = readCardInput(c.req.query('q') ?? '');
    return /^\d+$/.test(digits) ? seeOther(`/c/${digits}`) : showVerdict(c, digits);
  });

  return app;
}
