// A report of a suspected fake, from the public form to the registry: each field checked (every
// problem named, so the form can say them all at once), the code's verdict now, the serial it
// names, and the photo stripped of its metadata. Nothing about the reporter's connection is read.
import {
  checkImageSize,
  formatReportRef,
  formatSerial,
  fromHex,
  isCachetError,
  MAX_IMAGE_PIXELS,
  MAX_REPORT_PHOTO,
  newReportId,
  parseSerial,
  parseTokenText,
  REPORT_LIMITS,
  REPORT_PLACES,
  sniffImage,
  stripPhotoMetadata,
  toHex,
  type NewReport,
  type Report,
  type ReportPlace,
  type Store,
} from '../core/index.js';
import type { Checker, CheckSource } from './check.js';

/** The form as sent; every field a string ('' when empty) but the photo. */
export interface ReportForm {
  /** What the QR code held (a link or digits), from the verdict page. */
  code: string;
  /** A printed serial, from the serial page. */
  serial: string;
  place: string;
  where: string;
  seenOn: string;
  details: string;
  contact: string;
  photo: File | null;
  consent: boolean;
  lang: string;
}

export type ReportField = 'place' | 'where' | 'seenOn' | 'details' | 'contact' | 'photo';
export type ReportProblem =
  'required' | 'tooLong' | 'date' | 'consent' | 'photoType' | 'photoSize' | 'photoUnreadable';

export interface FieldProblem {
  field: ReportField;
  problem: ReportProblem;
  /** The most characters, for `tooLong`. */
  max?: number;
}

/** What the form is about, as the page shows it. */
export interface ReportSubject {
  code: string;
  /** The code's verdict now (a status, or `look-alike`); null for no code. */
  verdict: string | null;
  /** The look-alike's host, or null. */
  host: string | null;
  /** The serial (hex) the code or the page names, genuine or not. */
  serial: string | null;
  /** The registered card it is about, when the code is that card's own. */
  cardSerial: string | null;
}

/** The subject of a report: the code checked again (quietly: not a scan), or a serial. */
export async function subjectOf(
  check: Checker,
  store: Pick<Store, 'findCard'>,
  from: CheckSource,
  code: string,
  serialText: string,
): Promise<ReportSubject> {
  const quiet = { ...from, counted: false };
  const subject: ReportSubject = {
    code,
    verdict: null,
    host: null,
    serial: null,
    cardSerial: null,
  };
  if (code) {
    const report = await check.code(quiet, code, 'page');
    subject.verdict = report.lookAlike ? 'look-alike' : (report.verdict?.status ?? null);
    subject.host = report.lookAlike ? report.host : null;
    const card = report.verdict?.card;
    if (card) {
      subject.serial = card.serial;
      if (report.verdict!.status === 'authentic' || report.verdict!.status === 'revoked')
        subject.cardSerial = card.serial;
    } else if (!report.lookAlike) {
      subject.serial = claimedSerial(check, quiet, code);
    }
  } else if (serialText) {
    try {
      subject.serial = toHex(parseSerial(serialText));
      if (await store.findCard(subject.serial)) subject.cardSerial = subject.serial;
    } catch {
      // not a serial: the report stands without one
    }
  }
  return subject;
}

/** The serial a code claims when its signature does not hold (a forgery may copy a real one). */
function claimedSerial(check: Checker, from: CheckSource, code: string): string | null {
  const target = check.targetOf(from, code);
  if (target.kind !== 'token') return null;
  try {
    return toHex(parseTokenText(target.digits).claims.serial);
  } catch {
    return null;
  }
}

const trimmed = (text: string, max: number) =>
  text
    .replace(/\r\n/g, '\n')
    .trim()
    .slice(0, max + 1);

/**
 * The report the form describes, or every problem with it.
 */
export async function readReport(
  form: ReportForm,
  subject: ReportSubject,
  now: Date,
): Promise<{ report: NewReport } | { problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const text = (field: ReportField, value: string, max: number) => {
    const t = trimmed(value, max);
    if (t.length > max) problems.push({ field, problem: 'tooLong', max });
    return t;
  };
  const place = (REPORT_PLACES as readonly string[]).includes(form.place)
    ? (form.place as ReportPlace)
    : null;
  if (!place) problems.push({ field: 'place', problem: 'required' });
  const where = text('where', form.where, REPORT_LIMITS.where);
  if (!where) problems.push({ field: 'where', problem: 'required' });
  const details = text('details', form.details, REPORT_LIMITS.details);
  const contact = text('contact', form.contact, REPORT_LIMITS.contact);
  const seenOn = form.seenOn.trim();
  if (seenOn && !isPastDate(seenOn, now)) problems.push({ field: 'seenOn', problem: 'date' });
  let photo: NewReport['photo'] = null;
  if (form.photo && form.photo.size > 0) {
    const problem = await photoProblem(form.photo, form.consent);
    if (typeof problem === 'string') problems.push({ field: 'photo', problem });
    else photo = problem;
  }
  if (problems.length > 0) return { problems };
  return {
    report: {
      id: newReportId(),
      createdAt: now.toISOString(),
      lang: form.lang,
      code: subject.code ? subject.code.slice(0, REPORT_LIMITS.code) : null,
      verdict: subject.verdict,
      serial: subject.serial,
      place: place!,
      where,
      seenOn: seenOn || null,
      details,
      contact: contact || null,
      photo,
      cardSerial: subject.cardSerial,
    },
  };
}

/** YYYY-MM-DD, a real day, from 2000 to tomorrow (the reporter's day may be ahead of UTC). */
function isPastDate(text: string, now: Date): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text) return false;
  return text >= '2000-01-01' && at <= now.getTime() + 86_400_000;
}

async function photoProblem(
  file: File,
  consent: boolean,
): Promise<ReportProblem | { bytes: Uint8Array; type: string }> {
  if (!consent) return 'consent';
  if (file.size > MAX_REPORT_PHOTO) return 'photoSize';
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = sniffImage(bytes);
  if (!kind || kind.format === 'gif') return 'photoType';
  try {
    // Whoever opens it later decodes the frame its header declares.
    checkImageSize(kind, MAX_IMAGE_PIXELS);
    return stripPhotoMetadata(bytes);
  } catch (error) {
    if (!isCachetError(error)) throw error;
    if (error.code === 'ERR_IMAGE_TOO_LARGE') return 'photoSize';
    return error.code === 'ERR_IMAGE_TYPE' ? 'photoType' : 'photoUnreadable';
  }
}

/** A report as the admin API shows it: its reference and serials as people read them. */
export function viewReport(report: Report) {
  const serialText = (hex: string | null) => (hex ? formatSerial(fromHex(hex)) : null);
  return {
    ...report,
    ref: formatReportRef(report.id),
    serialText: serialText(report.serial),
    cardSerialText: serialText(report.cardSerial),
    photoPath: report.photo ? `/api/v1/admin/reports/${report.id}/photo` : null,
  };
}
