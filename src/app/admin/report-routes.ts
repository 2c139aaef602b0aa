// The admin API for reports of suspected fakes: legal lists and reads them (the photo too), links
// one to a card, and closes it with an outcome. Each call is audited like every admin call.
import {
  CachetError,
  parseReportRef,
  parseSerial,
  REPORT_LIMITS,
  REPORT_OUTCOMES,
  serialToHex,
} from '../../core/index.js';
import { viewReport } from '../../services/reports.js';
import type { AdminDeps } from '../deps.js';
import { route, type Call } from './define.js';
import { PAGING, SERIAL_FIELD } from './fields.js';

export function reportRoutes(deps: AdminDeps) {
  const admin = deps.admin;

  /** The report the path names (R-XXXX-XXXX-XXXX or its 12 characters); 404 when none. */
  async function reportOf(call: Call<unknown, unknown>) {
    const id = parseReportRef(call.c.req.param('id')!);
    call.target = `report:${id}`;
    const report = await admin.findReport(id);
    if (!report)
      throw new CachetError('ERR_NOT_FOUND', `there is no report ${call.c.req.param('id')}`);
    return report;
  }

  const list = route({
    method: 'get',
    path: '/reports',
    summary: 'Reports of suspected fakes from the public, newest first.',
    permission: 'report.read',
    action: 'report.list',
    query: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['open', 'closed'] },
        card: { ...SERIAL_FIELD, description: 'reports linked to this card (serial)' },
        ...PAGING,
      },
    },
    response: { status: 200, description: '{ total, reports: [...] }' },
    async handle({ query }) {
      const { reports, total } = await admin.listReports({
        status: query.status,
        card: query.card === undefined ? undefined : serialToHex(parseSerial(query.card)),
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      return { total, reports: reports.map(viewReport) };
    },
  });

  const read = route({
    method: 'get',
    path: '/reports/:id',
    summary:
      'One report: where it was seen, the code and its verdict then, the contact, the outcome.',
    permission: 'report.read',
    action: 'report.read',
    response: { status: 200, description: '{ report }' },
    async handle(call) {
      return { report: viewReport(await reportOf(call)) };
    },
  });

  const photo = route({
    method: 'get',
    path: '/reports/:id/photo',
    summary: "A report's photo, as kept: its metadata stripped when it arrived.",
    permission: 'report.read',
    action: 'report.photo',
    response: { status: 200, description: 'the image' },
    alsoProduces: ['image/jpeg', 'image/png', 'image/webp'],
    async handle(call) {
      const report = await reportOf(call);
      const bytes = report.photo && (await admin.reportPhoto(report.id));
      if (!report.photo || !bytes)
        throw new CachetError('ERR_NOT_FOUND', 'this report has no photo');
      const type = report.photo.type;
      return new Response(bytes, {
        headers: {
          'content-type': type,
          'content-disposition': `inline; filename="cachet-report-${report.id}.${type.slice('image/'.length)}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          // Opened on its own, it is an image and nothing else.
          'content-security-policy': "default-src 'none'; sandbox",
        },
      });
    },
  });

  const link = route({
    method: 'post',
    path: '/reports/:id/link',
    summary: 'Link a report to the card it is about (its evidence report then lists it).',
    permission: 'report.manage',
    action: 'report.link',
    body: {
      type: 'object',
      properties: {
        serial: { ...SERIAL_FIELD, minLength: 1, description: 'the card' },
      },
      required: ['serial'],
    },
    response: { status: 200, description: '{ report }' },
    async handle(call) {
      const report = await reportOf(call);
      const serial = serialToHex(parseSerial(call.body.serial));
      await admin.linkReport(report.id, serial, call.who.id);
      call.detail = `card ${serial}`;
      return { report: viewReport((await admin.findReport(report.id))!) };
    },
  });

  const close = route({
    method: 'post',
    path: '/reports/:id/close',
    summary: 'Close a report with an outcome and a note for staff.',
    permission: 'report.manage',
    action: 'report.close',
    body: {
      type: 'object',
      properties: {
        outcome: { type: 'string', enum: REPORT_OUTCOMES },
        note: { type: 'string', maxLength: REPORT_LIMITS.note, description: 'for staff only' },
      },
      required: ['outcome'],
    },
    response: { status: 200, description: '{ report }' },
    async handle(call) {
      const report = await reportOf(call);
      await admin.closeReport(report.id, {
        outcome: call.body.outcome,
        note: call.body.note?.trim() || null,
        by: call.who.id,
        at: deps.now().toISOString(),
      });
      call.detail = call.body.outcome;
      return { report: viewReport((await admin.findReport(report.id))!) };
    },
  });

  return [list, read, photo, link, close];
}
