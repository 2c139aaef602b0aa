// The public verification routes: the page a QR code opens, the JSON API, the paste form, and
// the codes a browser read out of an image or from the camera.
import { Hono, type Context } from 'hono';
import { CachetError, looksLikeSerial } from '../../core/index.js';
import { claimLinkCode, type Checker } from '../../services/check.js';
import { originFor, type FullDeps } from '../deps.js';
import { codesPage, verdictPage } from '../pages/verdict-page.js';
import { json, jsonText, NO_STORE, page, seeOther } from '../respond.js';
import { publicLimit } from '../rate-limit.js';
import { readForm } from '../read-body.js';
import { receiptFor } from '../../services/receipts.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';
import { sameSiteOnly } from '../same-site.js';

/** Most codes one request may hand over: more than any real photo holds. */
export const MAX_CODES = 16;

export function verifyRoutes(deps: FullDeps, check: Checker) {
  const origin = originFor(deps);
  const showVerdict = async (c: Context, token: string) => {
    const view = viewFor(c);
    const verdict = await check.token(sourceOf(c, deps), token, 'page');
    const receipt = deps.receiptSigner ? `/api/v1/verify/${token}?receipt=1` : undefined;
    const body = verdictPage(
      view,
      verdict,
      check.expectedHosts(sourceOf(c, deps)),
      /^\d+$/.test(token) ? receipt : undefined,
      deps.receiptSigner && /^\d+$/.test(token) ? token : undefined,
      token.slice(0, 1000),
    );
    return page(body, 200, { ...NO_STORE, ...languageHeaders(view) });
  };
  const apiVerdict = async (c: Context, token: string) => {
    const wanted = c.req.query('receipt');
    if (wanted !== '1' && wanted !== 'true') {
      const answer = await check.tokenText(sourceOf(c, deps), token, 'api');
      return jsonText(answer.text, answer.status === 'malformed' ? 400 : 200, NO_STORE);
    }
    const verdict = await check.token(sourceOf(c, deps), token, 'api');
    const status = verdict.status === 'malformed' ? 400 : 200;
    // A receipt a journalist can cite: the verdict, signed with the receipt key.
    const receipt = await receiptFor(verdict, token, deps.now(), origin(c), deps.receiptSigner);
    return json({ ...verdict, receipt }, status, NO_STORE);
  };
  const showCodes = async (c: Context, texts: string[], source: 'page' | 'image') => {
    const view = viewFor(c);
    const reports = [];
    for (const text of texts) reports.push(await check.code(sourceOf(c, deps), text, source));
    const body = codesPage(view, reports, check.expectedHosts(sourceOf(c, deps)));
    return page(body, 200, { ...NO_STORE, ...languageHeaders(view) });
  };

  const app = new Hono();
  const limit = publicLimit(deps, 'verify');
  for (const path of ['/api/v1/verify/*', '/api/v1/check', '/c/*', '/C/*', '/verify']) {
    app.use(path, limit);
  }

  // `:token` takes every real token; the wildcards take the rest (empty, or with slashes) so
  // that any string gets a verdict. Plain patterns keep Hono on its fast RegExpRouter.
  app.get('/api/v1/verify/:token', (c) => apiVerdict(c, c.req.param('token')));
  app.get('/api/v1/verify/*', (c) => apiVerdict(c, c.req.path.slice('/api/v1/verify/'.length)));

  // Any text a code held: a link on a verify host is verified, any other host is a look-alike.
  app.get('/api/v1/check', async (c) => {
    const text = c.req.query('q');
    if (text === undefined) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'give the code text as ?q=');
    }
    const report = await check.code(sourceOf(c, deps), text, 'api');
    return json(
      { ...report, expectedHosts: check.expectedHosts(sourceOf(c, deps)) },
      200,
      NO_STORE,
    );
  });

  // QR codes carry the prefix upper-cased, so /C/ and /c/ answer alike.
  app.get('/c/:token', (c) => showVerdict(c, c.req.param('token')));
  app.get('/C/:token', (c) => showVerdict(c, c.req.param('token')));
  app.get('/c/*', (c) => showVerdict(c, c.req.path.slice(3)));
  app.get('/C/*', (c) => showVerdict(c, c.req.path.slice(3)));

  // The paste form: a serial goes to its look-up, a link to one of our hosts or bare digits to
  // the card's own page, and a link anywhere else is shown as the look-alike it is.
  app.get('/verify', (c) => {
    const text = c.req.query('q') ?? '';
    const lang = c.req.query('lang');
    const suffix = lang ? `?lang=${encodeURIComponent(lang)}` : '';
    if (looksLikeSerial(text)) {
      const params = new URLSearchParams({ s: text, ...(lang ? { lang } : {}) });
      return seeOther(`/serial?${params}`);
    }
    const target = check.targetOf(sourceOf(c, deps), text);
    if (target.kind === 'look-alike') return showCodes(c, [text], 'page');
    // A claim slip's link pasted here: its page is where it leads.
    const claimCode = target.host === null ? null : claimLinkCode(text);
    if (claimCode !== null) {
      const params = new URLSearchParams({ code: claimCode, ...(lang ? { lang } : {}) });
      return seeOther(`/claim?${params}`);
    }
    return /^\d+$/.test(target.digits)
      ? seeOther(`/c/${target.digits}${suffix}`)
      : showVerdict(c, target.digits);
  });

  // The codes the start page read from an image or the camera: their texts, never the image.
  const codesLimit = publicLimit(deps, 'image');
  app.post('/verify', sameSiteOnly(deps), codesLimit, async (c) => {
    const form = await readForm(c, { maxBytes: 64 * 1024 });
    const texts = form.getAll('q').filter((v): v is string => typeof v === 'string');
    if (texts.length > MAX_CODES) {
      throw new CachetError('ERR_INVALID_ARGUMENT', `at most ${MAX_CODES} codes at once`);
    }
    return showCodes(c, texts, form.get('source') === 'camera' ? 'page' : 'image');
  });

  return app;
}
