// Reporting a suspected fake (/report): a plain form, no script, in the reader's language. It
// says what is being reported (the code checked again, or a serial), asks where it was seen, and
// offers a photo only with consent. A refused form comes back with every value and each problem
// beside its field.
import { html, raw } from 'hono/html';
import {
  formatSerial,
  fromHex,
  REPORT_LIMITS,
  REPORT_PLACES,
  type Status,
} from '../../core/index.js';
import type { FieldProblem, ReportField, ReportSubject } from '../../services/reports.js';
import { fill } from '../i18n/index.js';
import { isolated } from './isolated.js';
import { layout, type View } from './layout.js';

/** What the reporter typed, to fill the form again. */
export interface ReportValues {
  place: string;
  where: string;
  seenOn: string;
  details: string;
  contact: string;
}

export const EMPTY_REPORT: ReportValues = {
  place: '',
  where: '',
  seenOn: '',
  details: '',
  contact: '',
};

export function reportFormPage(
  view: View,
  subject: ReportSubject,
  serialText: string,
  values: ReportValues,
  problems: FieldProblem[] = [],
  refusal = '',
) {
  const { m } = view;
  const r = m.report;
  const problemOf = (field: ReportField) => problems.find((p) => p.field === field);
  const say = (p: FieldProblem) =>
    p.problem === 'tooLong' ? fill(r.problem.tooLong, { max: p.max ?? 0 }) : r.problem[p.problem];
  /** The problem under a field, and the attributes that tie it to the field. */
  const field = (name: ReportField) => {
    const p = problemOf(name);
    return {
      attrs: raw(p ? `aria-invalid="true" aria-describedby="${name}-problem"` : ''),
      note: p ? html`<p class="problem" id="${name}-problem">${say(p)}</p>` : '',
    };
  };
  const verdictWord = (v: string) =>
    v === 'look-alike' ? m.lookAlike.title : (m.status[v as Status]?.title ?? v);
  const about =
    subject.code || subject.serial
      ? html`<h2>${r.about}</h2>
          <dl data-report-about="${subject.verdict ?? 'serial'}">
            ${
              subject.code
                ? html`<dt>${r.aboutCode}</dt>
                    <dd class="mono">${isolated(subject.code.slice(0, 300))}</dd>`
                : ''
            }
            ${
              subject.verdict
                ? html`<dt>${r.verdict}</dt>
                    <dd>${verdictWord(subject.verdict)}</dd>`
                : ''
            }
            ${
              subject.serial
                ? html`<dt>${r.aboutSerial}</dt>
                    <dd class="mono">${formatSerial(fromHex(subject.serial))}</dd>`
                : ''
            }
          </dl>`
      : '';
  const summary =
    problems.length > 0 || refusal
      ? html`<div
          class="note"
          role="alert"
          data-problems="${problems.map((p) => p.field).join(' ')}"
        >
          ${
            refusal
              ? html`<p>${refusal}</p>`
              : html`<p>${r.problems}</p>
                  <ul>
                    ${problems.map(
                      (p) =>
                        html`<li>
                          <a href="#${p.field}">${labelOf(view, p.field)}</a>: ${say(p)}
                        </li>`,
                    )}
                  </ul>`
          }
        </div>`
      : '';
  const place = field('place');
  const where = field('where');
  const seenOn = field('seenOn');
  const details = field('details');
  const contact = field('contact');
  const photo = field('photo');
  const body = html`<h1>${r.title}</h1>
    <p>${r.intro}</p>
    ${summary} ${about}
    <form
      method="post"
      action="/report?lang=${view.lang}"
      enctype="multipart/form-data"
      id="report-form"
    >
      <input type="hidden" name="code" value="${subject.code}" />
      <input type="hidden" name="s" value="${serialText}" />
      <label for="place">${r.place}</label>
      <select id="place" name="place" required ${place.attrs}>
        ${REPORT_PLACES.map(
          (p) =>
            html`<option value="${p}" ${raw(values.place === p ? 'selected' : '')}>
              ${r.places[p]}
            </option>`,
        )}
      </select>
      ${place.note}
      <label for="where">${r.where}</label>
      <input
        id="where"
        name="where"
        required
        maxlength="${REPORT_LIMITS.where}"
        value="${values.where}"
        ${where.attrs}
      />
      ${where.note}
      <label for="seenOn">${r.seenOn}</label>
      <input id="seenOn" name="seenOn" type="date" value="${values.seenOn}" ${seenOn.attrs} />
      ${seenOn.note}
      <label for="details">${r.details}</label>
      <textarea
        id="details"
        name="details"
        rows="4"
        maxlength="${REPORT_LIMITS.details}"
        ${details.attrs}
      >
${values.details}</textarea>
      ${details.note}
      <label for="photo">${r.photo}</label>
      <p class="hint" id="photo-hint">${r.photoNote}</p>
      <input
        id="photo"
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        aria-describedby="photo-hint${problemOf('photo') ? ' photo-problem' : ''}"
        ${raw(problemOf('photo') ? 'aria-invalid="true"' : '')}
      />
      ${photo.note}
      <label class="check"><input type="checkbox" name="consent" value="yes" /> ${r.consent}</label>
      <label for="contact">${r.contact}</label>
      <input
        id="contact"
        name="contact"
        maxlength="${REPORT_LIMITS.contact}"
        autocomplete="email"
        value="${values.contact}"
        ${contact.attrs}
      />
      ${contact.note}
      <button type="submit">${r.send}</button>
    </form>`;
  return layout(view, r.title, body);
}

function labelOf(view: View, field: ReportField): string {
  const r = view.m.report;
  return {
    place: r.place,
    where: r.where,
    seenOn: r.seenOn,
    details: r.details,
    contact: r.contact,
    photo: r.photo,
  }[field];
}

/** After a report: its reference, and whether its photo had to be left out. */
export function reportSentPage(view: View, ref: string, photoNotKept = false) {
  const r = view.m.report;
  const body = html`<section class="verdict good" role="status">
      <p class="icon" aria-hidden="true">✓</p>
      <h1>${r.sentTitle}</h1>
    </section>
    <dl>
      <dt>${r.sentRef}</dt>
      <dd class="mono" data-report-ref>${ref}</dd>
    </dl>
    <p>${r.sentKeep}</p>
    ${photoNotKept ? html`<p role="note">${r.sentPhotoNotKept}</p>` : ''}
    <p><a href="/?lang=${view.lang}">${view.m.checkAnother}</a></p>`;
  return layout(view, r.sentTitle, body);
}
