// The claim pages, for people and without script: GET|POST /claim (the slip's code or a transfer
// code, and what the public will see), GET|POST /claim/manage (a holder secret opens the claim),
// POST /claim/change and POST /claim/release. Every rule is the claim service's; the pages only
// put its answers and its refusals into the reader's words. Answers that carry a secret are
// never cached and send no referrer.
import { Hono, type Context } from 'hono';
import {
  CachetError,
  formatClaimCode,
  isCachetError,
  normaliseHandle,
  parseClaimCode,
  parseHolderSecret,
} from '../../core/index.js';
import {
  changeClaim,
  claimCard,
  readHeldClaim,
  releaseClaim,
  type ClaimPorts,
} from '../../services/claims.js';
import { originFor, type FullDeps } from '../deps.js';
import {
  claimFormPage,
  claimMadePage,
  claimTakenPage,
  manageClaimPage,
  manageFormPage,
  releasedPage,
  type ClaimProblem,
  type ClaimValues,
} from '../pages/claim-page.js';
import type { View } from '../pages/layout.js';
import { failureLimit, rateLimit, type AttemptCounter } from '../rate-limit.js';
import { fieldText, readForm } from '../read-body.js';
import { NO_STORE, page } from '../respond.js';
import { sameSiteOnly } from '../same-site.js';
import { languageHeaders, viewFor } from '../view.js';

/** The most a claim form may send: a few short fields. */
const MAX_CLAIM_FORM = 4096;

/** A page that may show a secret: kept by no cache, and it names no page it leads to. */
const headersOf = (view: View, extra: Record<string, string> = {}) => ({
  ...NO_STORE,
  'referrer-policy': 'no-referrer',
  ...languageHeaders(view),
  ...extra,
});

export function claimPageRoutes(
  deps: FullDeps,
  // Every claim, opening, change and release counts, whatever its outcome; shared with the
  // JSON routes, so that a network has one limit however it asks.
  attempts: AttemptCounter = failureLimit(deps.rateLimits.claim, deps.now, deps.mac),
) {
  const app = new Hono();
  const origin = originFor(deps);
  const pageLimit = rateLimit(deps.rateLimits.verify, deps.clientOf, deps.now, deps.mac);
  app.get('/claim', pageLimit);
  app.get('/claim/manage', pageLimit);
  for (const path of ['/claim', '/claim/manage', '/claim/change', '/claim/release']) {
    app.post(path, sameSiteOnly(deps));
  }

  const ports = (): ClaimPorts => {
    if (!deps.claims || !deps.admin) {
      throw new CachetError('ERR_NOT_AVAILABLE', 'this server keeps no claims');
    }
    return { claims: deps.claims, store: deps.store, admin: deps.admin, now: deps.now };
  };

  /** Counts one attempt from the request's network: the seconds to wait, 0 when it may go on. */
  const overLimit = async (c: Context): Promise<number> => {
    const client = deps.clientOf(c);
    const wait = await attempts.retryAfter(client);
    if (wait === 0) await attempts.fail(client);
    return wait;
  };

  /** The handle as sent: null when left empty; a problem when the service would refuse it. */
  const readHandle = (view: View, text: string) => {
    if (text.trim() === '') return { handle: null, problem: null };
    try {
      normaliseHandle(text);
      return { handle: text, problem: null };
    } catch {
      return {
        handle: text,
        problem: { field: 'handle', text: view.m.claim.problem.handle } as const,
      };
    }
  };

  app.get('/claim', async (c) => {
    const view = viewFor(c);
    const code = (c.req.query('code') ?? '').slice(0, 200);
    const values = { code, handle: '', showPhoto: false };
    return page(
      // The photo is always offered (the form says it counts only where the house keeps one):
      // the form never tells which codes a card waits for.
      claimFormPage(view, values, { photoOffered: true }),
      200,
      headersOf(view),
    );
  });

  app.post('/claim', async (c) => {
    const form = await readForm(c, { maxBytes: MAX_CLAIM_FORM });
    const view = viewFor(c);
    const p = view.m.claim.problem;
    const values: ClaimValues = {
      code: fieldText(form, 'code').slice(0, 200),
      handle: fieldText(form, 'handle').slice(0, 400),
      showPhoto: fieldText(form, 'show_photo') === 'yes',
    };
    const offered = fieldText(form, 'photo_offered') === 'yes';
    const again = (status: number, problems: ClaimProblem[], refusal = '', extra = {}) =>
      page(
        claimFormPage(view, values, { problems, refusal, photoOffered: offered }),
        status,
        headersOf(view, extra),
      );
    const wait = await overLimit(c);
    if (wait > 0) return again(429, [], p.tooMany, { 'retry-after': String(wait) });
    const problems: ClaimProblem[] = [];
    try {
      parseClaimCode(values.code);
    } catch {
      problems.push({ field: 'code', text: p.code });
    }
    const { handle, problem } = readHandle(view, values.handle);
    if (problem) problems.push(problem);
    if (problems.length > 0) return again(400, problems);
    try {
      const made = await claimCard(ports(), {
        code: values.code,
        handle,
        showPhoto: offered && values.showPhoto,
      });
      return page(claimMadePage(view, made, origin(c)), 200, headersOf(view));
    } catch (error) {
      if (!isCachetError(error)) throw error;
      switch (error.code) {
        case 'ERR_CLAIM_CODE':
          return again(400, [{ field: 'code', text: p.code }]);
        case 'ERR_CLAIM_UNKNOWN':
          return again(404, [{ field: 'code', text: p.unknown }]);
        case 'ERR_INVALID_ARGUMENT':
          return again(400, [{ field: 'handle', text: p.handle }]);
        case 'ERR_RATE_LIMITED':
          return again(429, [], p.tooMany);
        case 'ERR_ALREADY_REVOKED':
          return again(409, [], p.revoked);
        case 'ERR_CLAIM_TAKEN':
          return page(claimTakenPage(view), 409, headersOf(view));
        default:
          throw error;
      }
    }
  });

  app.get('/claim/manage', (c) => {
    const view = viewFor(c);
    return page(manageFormPage(view), 200, headersOf(view));
  });

  /**
   * Runs `act` for a holder secret sent with a form; a refused secret brings the manage form back
   * with its problem (a typo, or no standing claim holds it), and too many attempts a refusal.
   */
  const withSecret = async (
    c: Context,
    act: (holderSecret: string, form: FormData, view: View) => Promise<Response>,
  ) => {
    const form = await readForm(c, { maxBytes: MAX_CLAIM_FORM });
    const view = viewFor(c);
    const p = view.m.claim.problem;
    const wait = await overLimit(c);
    if (wait > 0) {
      return page(
        manageFormPage(view, [], p.tooMany),
        429,
        headersOf(view, {
          'retry-after': String(wait),
        }),
      );
    }
    const holderSecret = fieldText(form, 'holder_secret').trim().slice(0, 200);
    const refuse = (status: number, text: string) =>
      page(manageFormPage(view, [{ field: 'holder_secret', text }]), status, headersOf(view));
    try {
      parseHolderSecret(holderSecret);
      return await act(holderSecret, form, view);
    } catch (error) {
      if (!isCachetError(error)) throw error;
      switch (error.code) {
        case 'ERR_CLAIM_CODE':
          return refuse(400, p.secret);
        case 'ERR_HOLDER_SECRET':
          return refuse(403, p.noClaim);
        case 'ERR_RATE_LIMITED':
          return page(manageFormPage(view, [], p.tooMany), 429, headersOf(view));
        case 'ERR_ALREADY_REVOKED':
          return page(manageFormPage(view, [], p.revoked), 409, headersOf(view));
        default:
          throw error;
      }
    }
  };

  app.post('/claim/manage', (c) =>
    withSecret(c, async (holderSecret, _form, view) => {
      const held = await readHeldClaim(ports(), holderSecret);
      return page(manageClaimPage(view, held, holderSecret), 200, headersOf(view));
    }),
  );

  app.post('/claim/change', (c) =>
    withSecret(c, async (holderSecret, form, view) => {
      const text = fieldText(form, 'handle').slice(0, 400);
      const { handle, problem } = readHandle(view, text);
      if (problem) {
        const held = await readHeldClaim(ports(), holderSecret);
        return page(
          manageClaimPage(view, held, holderSecret, { problems: [problem], handle: text }),
          400,
          headersOf(view),
        );
      }
      const offered = fieldText(form, 'photo_offered') === 'yes';
      const held = await changeClaim(ports(), {
        holderSecret,
        handle,
        ...(offered && { showPhoto: fieldText(form, 'show_photo') === 'yes' }),
      });
      return page(manageClaimPage(view, held, holderSecret, { saved: true }), 200, headersOf(view));
    }),
  );

  app.post('/claim/release', (c) =>
    withSecret(c, async (holderSecret, form, view) => {
      if (fieldText(form, 'confirm') !== 'yes') {
        const held = await readHeldClaim(ports(), holderSecret);
        const problems = [{ field: 'confirm', text: view.m.claim.problem.confirm } as const];
        return page(manageClaimPage(view, held, holderSecret, { problems }), 400, headersOf(view));
      }
      const released = await releaseClaim(ports(), { holderSecret });
      const transferCode = formatClaimCode(released.transferCode.replace(/-/g, ''));
      const claimUrl = `${origin(c)}/claim?code=${transferCode}`;
      return page(
        releasedPage(view, { transferCode, serialText: released.serialText, claimUrl }),
        200,
        headersOf(view),
      );
    }),
  );
  return app;
}
