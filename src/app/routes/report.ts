// Reporting a suspected fake: GET /report shows the form (about a code or a serial, from any
// verdict page), POST /report takes it and answers with a reference, /report/sent/<ref> shows
// that reference. No address, user agent or cookie goes into a report; the limiter keys on a
// keyed hash of the network, in memory.
import { Hono } from 'hono';
import {
  formatReportRef,
  MAX_REPORT_PHOTO,
  parseReportRef,
  wideNetworkOf,
} from '../../core/index.js';
import type { Checker } from '../../services/check.js';
import {
  readReport,
  subjectOf,
  type FieldProblem,
  type ReportForm,
} from '../../services/reports.js';
import { cardTakesReportPhoto } from '../../services/report-quota.js';
import type { FullDeps } from '../deps.js';
import { notFoundPage } from '../pages/home-page.js';
import { EMPTY_REPORT, reportFormPage, reportSentPage } from '../pages/report-page.js';
import { failureLimit, publicLimit } from '../rate-limit.js';
import { fieldText, readForm } from '../read-body.js';
import { NO_STORE, page, seeOther } from '../respond.js';
import { languageHeaders, sourceOf, viewFor } from '../view.js';
import { sameSiteOnly } from '../same-site.js';

/**
 * The most a report may send. Twice the photo's limit: a photo somewhat too large still reaches
 * the form, which comes back with everything typed and says so, rather than a bare refusal.
 */
const MAX_REPORT_BODY = 2 * MAX_REPORT_PHOTO + 64 * 1024;

export function reportRoutes(deps: FullDeps, check: Checker) {
  const app = new Hono();
  app.get('/report', publicLimit(deps, 'verify'));
  // Reading a form costs more than a page: bounded like images, then counted per report taken.
  app.post('/report', sameSiteOnly(deps));
  app.post('/report', publicLimit(deps, 'image'));
  const taken = failureLimit(deps.rateLimits.report, deps.now, deps.mac);

  app.get('/report', async (c) => {
    const view = viewFor(c);
    const code = (c.req.query('q') ?? '').slice(0, 1000);
    const serial = (c.req.query('s') ?? '').slice(0, 40);
    const subject = await subjectOf(check, deps.store, sourceOf(c, deps), code, serial);
    return page(reportFormPage(view, subject, serial, EMPTY_REPORT), 200, {
      ...NO_STORE,
      ...languageHeaders(view),
    });
  });

  app.post('/report', async (c) => {
    const body = await readForm(c, { maxBytes: MAX_REPORT_BODY });
    const field = (name: string) => fieldText(body, name);
    const photo = body.get('photo');
    const view = viewFor(c);
    const form: ReportForm = {
      code: field('code').slice(0, 1000),
      serial: field('s').slice(0, 40),
      place: field('place'),
      where: field('where'),
      seenOn: field('seenOn'),
      details: field('details'),
      contact: field('contact'),
      photo: photo instanceof File ? photo : null,
      consent: field('consent') === 'yes',
      lang: view.lang,
    };
    const subject = await subjectOf(check, deps.store, sourceOf(c, deps), form.code, form.serial);
    // Refused, the form comes back with everything typed (a file input cannot be refilled).
    const again = (status: number, problems: FieldProblem[], refusal = '', extra = {}) =>
      page(reportFormPage(view, subject, form.serial, form, problems, refusal), status, {
        ...NO_STORE,
        ...languageHeaders(view),
        ...extra,
      });
    // Counted by the client's wider network: an IPv6 home holds thousands of /64s.
    const client = wideNetworkOf(deps.clientOf(c));
    const wait = await taken.retryAfter(client);
    if (wait > 0) {
      return again(429, [], view.m.report.problem.tooMany, { 'retry-after': String(wait) });
    }
    const read = await readReport(form, subject, deps.now());
    if ('problems' in read) {
      const tooLarge = read.problems.some((p) => p.problem === 'photoSize');
      return again(tooLarge ? 413 : 400, read.problems);
    }
    // A card's photos are counted in the registry too, which every isolate sees: past the day's
    // share the report is kept without its photo, never refused.
    const photoKept =
      read.report.photo === null ||
      (await cardTakesReportPhoto(deps.store, read.report.cardSerial, deps.now()));
    await deps.store.addReport(photoKept ? read.report : { ...read.report, photo: null });
    await taken.fail(client); // counted as taken, against the hourly limit
    const sent = `/report/sent/${formatReportRef(read.report.id)}?lang=${view.lang}`;
    return seeOther(photoKept ? sent : `${sent}&photo=not-kept`);
  });

  app.get('/report/sent/:ref', (c) => {
    const view = viewFor(c);
    let ref: string;
    try {
      ref = formatReportRef(parseReportRef(c.req.param('ref')));
    } catch {
      return page(notFoundPage(view), 404);
    }
    return page(reportSentPage(view, ref, c.req.query('photo') === 'not-kept'), 200, {
      ...NO_STORE,
      ...languageHeaders(view),
    });
  });
  return app;
}
