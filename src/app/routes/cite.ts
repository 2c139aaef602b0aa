// Citing a check: POST /cite signs a receipt of the verdict now and keeps it under a random id
// (citeCheck: the same check cited again that day keeps its id, and a network's new citations
// are capped per day); /cite/<id> shows that verdict, its receipt checked again, beside the
// verdict now; the receipt downloads as JSON for `cachet receipt verify`. Nothing about who cited
// is kept.
import { Hono, type Context } from 'hono';
import {
  CachetError,
  isCachetError,
  parseCompactJws,
  parseTokenText,
  verifyReceipt,
  type ReceiptClaims,
} from '../../core/index.js';
import type { Checker } from '../../services/check.js';
import { citeCheck } from '../../services/citations.js';
import { originFor, type FullDeps } from '../deps.js';
import { citePage } from '../pages/cite-page.js';
import { notFoundPage } from '../pages/home-page.js';
import { errorResponse } from '../on-error.js';
import { json, NO_STORE, page, seeOther } from '../respond.js';
import { publicLimit } from '../rate-limit.js';
import { fieldText, readForm } from '../read-body.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';
import { sameSiteOnly } from '../same-site.js';

/** A citation id: 16 characters of Crockford base32, 80 random bits. */
const ID = /^[0-9A-HJKMNP-TV-Z]{16}$/;

export function citeRoutes(deps: FullDeps, check: Checker) {
  const app = new Hono();
  const origin = originFor(deps);
  const limit = publicLimit(deps, 'verify');
  app.post('/cite', sameSiteOnly(deps));
  app.use('/cite', limit);
  app.use('/cite/*', limit);
  const citeDeps = { ...deps, perDay: deps.rateLimits.cite.limit };
  // A check seen through a citation is not someone scanning the card.
  const quiet = (c: Context) => ({ ...sourceOf(c, deps), counted: false });

  app.post('/cite', async (c) => {
    const form = await readForm(c, { maxBytes: 4096 });
    const token = fieldText(form, 't').trim();
    const lang = fieldText(form, 'lang');
    try {
      parseTokenText(token);
    } catch {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'only a card code can be cited');
    }
    const at = deps.now();
    const verdict = await check.token(quiet(c), token, 'page');
    const cited = await citeCheck(citeDeps, {
      token,
      verdict,
      issuer: origin(c),
      client: deps.clientOf(c),
      at,
    });
    if ('refused' in cited) {
      return errorResponse(
        c,
        429,
        'ERR_RATE_LIMITED',
        `at most ${cited.limit} new citations a day from one network: checks cited before keep their links; try again in ${cited.retryAfter} s, after 00:00 UTC`,
        { 'retry-after': String(cited.retryAfter) },
        (m) => m.cite.tooMany,
      );
    }
    const id = cited.citation.id;
    return seeOther(`/cite/${id}${/^[a-z]{2}$/.test(lang) ? `?lang=${lang}` : ''}`);
  });

  const find = async (id: string) => (ID.test(id) ? deps.store.findCitation(id) : null);

  app.get('/cite/:id/receipt.json', async (c) => {
    const cited = await find(c.req.param('id'));
    if (!cited) throw new CachetError('ERR_NOT_FOUND', 'there is no cited check with this id');
    return json({ receipt: cited.receipt, token: cited.token, citedAt: cited.createdAt }, 200, {
      'content-disposition': `attachment; filename="cachet-receipt-${cited.id}.json"`,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  app.get('/cite/:id', async (c) => {
    const view = viewFor(c);
    const id = c.req.param('id');
    const cited = await find(id);
    if (!cited) return page(notFoundPage(view), 404);
    let then;
    try {
      const { claims, key } = await verifyReceipt(cited.receipt, deps.keyring, {
        digits: cited.token,
      });
      then = { claims, kid: key.kid };
    } catch (error) {
      if (!isCachetError(error)) throw error;
      then = { error: error.message, claims: unverifiedClaims(cited.receipt) };
    }
    const now = await check.token(quiet(c), cited.token, 'page');
    const cardUrl = `${origin(c)}/c/${cited.token}`;
    return page(citePage(view, { id, then, now, cardUrl }), 200, {
      ...NO_STORE,
      ...languageHeaders(view),
    });
  });
  return app;
}

/** What a receipt that no longer verifies claimed, to show beside the reason it fails. */
function unverifiedClaims(jws: string): ReceiptClaims | null {
  try {
    return JSON.parse(new TextDecoder().decode(parseCompactJws(jws).payload)) as ReceiptClaims;
  } catch {
    return null;
  }
}
