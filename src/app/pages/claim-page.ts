// The recipient's claim pages (/claim): the form for the slip's code, the holder secret shown
// once, the page to change or release a claim, and the transfer code to hand on with the card.
// Plain forms, no script, in the reader's language; a refused form comes back with every value
// and each problem beside its field.
import { html, raw } from 'hono/html';
import type { PublicClaim } from '../../core/index.js';
import type { ClaimMade, HeldClaim } from '../../services/claims.js';
import { fill } from '../i18n/index.js';
import { layout, type Html, type View } from './layout.js';
import { claimSection } from './verdict-page.js';

/** A form field a problem is said beside. */
export type ClaimField = 'code' | 'handle' | 'holder_secret' | 'confirm';

/** One problem with what was sent, in the reader's words. */
export interface ClaimProblem {
  field: ClaimField;
  text: string;
}

/** What the claimant typed, to fill the form again. */
export interface ClaimValues {
  code: string;
  handle: string;
  showPhoto: boolean;
}

/** The attributes tying a field to its hint and problem, and the problem's line. */
function fieldState(problems: ClaimProblem[], name: ClaimField, hint: string | null) {
  const p = problems.find((q) => q.field === name);
  const described = [hint, p ? `${name}-problem` : null].filter(Boolean).join(' ');
  const first = problems[0]?.field === name;
  return {
    attrs: raw(
      [
        described ? `aria-describedby="${described}"` : '',
        p ? 'aria-invalid="true"' : '',
        first ? 'autofocus' : '',
      ].join(' '),
    ),
    note: p ? html`<p class="problem" id="${name}-problem">${p.text}</p>` : '',
  };
}

/** The list of problems at the top of a refused form (or one refusal), read out on arrival. */
function summary(
  view: View,
  problems: ClaimProblem[],
  refusal: string,
  labels: Record<string, string>,
) {
  if (problems.length === 0 && !refusal) return '';
  return html`<div
    class="note"
    role="alert"
    data-problems="${problems.map((p) => p.field).join(' ')}"
  >
    ${
      refusal
        ? html`<p data-refusal>${refusal}</p>`
        : html`<p>${view.m.claim.problems}</p>
            <ul>
              ${problems.map(
                (p) =>
                  html`<li>
                    <a href="#${p.field}">${(labels[p.field] ?? p.field).replace(/[.。]$/u, '')}</a
                    >: ${p.text}
                  </li>`,
              )}
            </ul>`
    }
  </div>`;
}

/** The photo checkbox: offered unless the card is known to have no photo as issued. */
function photoChoice(view: View, checked: boolean, withHint: boolean): Html {
  const c = view.m.claim;
  return html`<input type="hidden" name="photo_offered" value="yes" />
    <label class="check"
      ><input
        type="checkbox"
        name="show_photo"
        value="yes"
        ${raw(checked ? 'checked' : '')}
        ${raw(withHint ? 'aria-describedby="photo-hint"' : '')}
      />
      ${c.showPhoto}</label
    >
    ${withHint ? html`<p class="hint" id="photo-hint">${c.showPhotoHint}</p>` : ''}`;
}

/** The handle field, said to be optional and at most 40 characters. */
function handleField(view: View, value: string, problems: ClaimProblem[]): Html {
  const c = view.m.claim;
  const state = fieldState(problems, 'handle', 'handle-hint');
  return html`<label for="handle">${c.handle}</label>
    <p class="hint" id="handle-hint">${c.handleHint}</p>
    <input
      id="handle"
      name="handle"
      value="${value}"
      autocomplete="off"
      dir="auto"
      ${state.attrs}
    />
    ${state.note}`;
}

/** GET /claim, and a refused POST /claim: the slip's code and what the public will see. */
export function claimFormPage(
  view: View,
  values: ClaimValues,
  options: { problems?: ClaimProblem[]; refusal?: string; photoOffered: boolean },
) {
  const { m } = view;
  const c = m.claim;
  const problems = options.problems ?? [];
  const code = fieldState(problems, 'code', 'code-hint');
  const body = html`<h1>${c.title}</h1>
    <p>${c.intro}</p>
    ${summary(view, problems, options.refusal ?? '', { code: c.code, handle: c.handle })}
    <form method="post" action="/claim?lang=${view.lang}" id="claim-form">
      <label for="code">${c.code}</label>
      <p class="hint" id="code-hint">${c.codeHint}</p>
      <input
        id="code"
        name="code"
        required
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        class="mono"
        value="${values.code}"
        ${code.attrs}
      />
      ${code.note} ${handleField(view, values.handle, problems)}
      ${options.photoOffered ? photoChoice(view, values.showPhoto, true) : ''}
      <p class="info" data-house-sees>${c.houseSees}</p>
      <button type="submit">${c.submit}</button>
    </form>
    <p><a href="/claim/manage?lang=${view.lang}">${c.manageLink}</a></p>`;
  return layout(view, c.title, body);
}

/** 409: the code was used already; the house was told. */
export function claimTakenPage(view: View) {
  const { m } = view;
  const c = m.claim;
  const body = html`<section class="verdict warn" role="alert" data-claim-refused="taken">
      <p class="icon" aria-hidden="true">!</p>
      <h1>${c.takenTitle}</h1>
      <p>${c.takenExplain}</p>
    </section>
    <p><a href="/report?lang=${view.lang}">${m.report.link}</a></p>
    <p><a href="/claim?lang=${view.lang}">${c.tryAgain}</a></p>`;
  return layout(view, c.takenTitle, body);
}

/** The text file of a holder secret, as a data: URL a link downloads without script. */
function secretFileHref(view: View, made: ClaimMade, manageUrl: string): string {
  const text = fill(view.m.claim.fileText, {
    serial: made.serialText,
    secret: made.holderSecret,
    url: manageUrl,
  });
  return `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
}

/** What the public sees, under its heading. */
function publicView(view: View, claim: PublicClaim) {
  const c = view.m.claim;
  return html`<h2>${c.publicSees}</h2>
    ${claimSection(view, claim, false)}
    ${claim.handle || claim.photo ? '' : html`<p class="hint">${c.noneShown}</p>`}`;
}

/** After a claim: the holder secret, shown this once, to download, and what the public sees. */
export function claimMadePage(view: View, made: ClaimMade, origin: string) {
  const c = view.m.claim;
  const manageUrl = `${origin}/claim/manage`;
  const body = html`<section class="verdict good" role="status">
      <p class="icon" aria-hidden="true">✓</p>
      <h1>${c.madeTitle}</h1>
    </section>
    <dl>
      <dt>${c.card}</dt>
      <dd class="mono" data-claim-serial>${made.serialText}</dd>
    </dl>
    <h2>${c.secret}</h2>
    <p class="info mono" style="font-size:1.25rem" data-holder-secret>${made.holderSecret}</p>
    <p>${c.secretKeep}</p>
    <p>
      <a
        href="${secretFileHref(view, made, manageUrl)}"
        download="holder-secret-${made.serialText.replace(/[^0-9A-Za-z-]/g, '')}.txt"
        data-secret-download
        >${c.download}</a
      >
    </p>
    ${publicView(view, made.claim)}
    <p>
      <a href="/claim/manage?lang=${view.lang}">${c.manageLink}</a>:
      <span class="mono">${manageUrl}</span>
    </p>`;
  return layout(view, c.madeTitle, body);
}

/** GET /claim/manage, and a refused holder secret: the one field. */
export function manageFormPage(view: View, problems: ClaimProblem[] = [], refusal = '') {
  const c = view.m.claim;
  const secret = fieldState(problems, 'holder_secret', 'secret-hint');
  const body = html`<h1>${c.manageTitle}</h1>
    <p>${c.manageIntro}</p>
    ${summary(view, problems, refusal, { holder_secret: c.secretLabel })}
    <form method="post" action="/claim/manage?lang=${view.lang}" id="manage-form">
      <label for="holder_secret">${c.secretLabel}</label>
      <p class="hint" id="secret-hint">${c.secretHint}</p>
      <input
        id="holder_secret"
        name="holder_secret"
        required
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        class="mono"
        ${secret.attrs}
      />
      ${secret.note}
      <button type="submit">${c.open}</button>
    </form>
    <p><a href="/claim?lang=${view.lang}">${c.title}</a></p>`;
  return layout(view, c.manageTitle, body);
}

/** A held claim: what the public sees, the form to change it, and the form to release it. */
export function manageClaimPage(
  view: View,
  held: HeldClaim,
  holderSecret: string,
  options: { saved?: boolean; problems?: ClaimProblem[]; handle?: string } = {},
) {
  const c = view.m.claim;
  const problems = options.problems ?? [];
  const confirm = fieldState(problems, 'confirm', null);
  const secret = html`<input type="hidden" name="holder_secret" value="${holderSecret}" />`;
  const body = html`<h1>${c.manageTitle}</h1>
    ${options.saved ? html`<p class="info" role="status" data-saved>${c.saved}</p>` : ''}
    ${summary(view, problems, '', { handle: c.handle, confirm: c.releaseConfirm })}
    <dl>
      <dt>${c.card}</dt>
      <dd class="mono" data-claim-serial>${held.serialText}</dd>
    </dl>
    ${publicView(view, held.claim)}
    <h2 id="change-heading">${c.change}</h2>
    <form
      method="post"
      action="/claim/change?lang=${view.lang}"
      aria-labelledby="change-heading"
      id="change-form"
    >
      ${secret} ${handleField(view, options.handle ?? held.claim.handle ?? '', problems)}
      ${held.hasPhoto ? photoChoice(view, held.claim.photo !== undefined, false) : ''}
      <p class="info">${c.houseSees}</p>
      <button type="submit">${c.save}</button>
    </form>
    <h2 id="release-heading">${c.releaseTitle}</h2>
    <p>${c.releaseExplain}</p>
    <form
      method="post"
      action="/claim/release?lang=${view.lang}"
      aria-labelledby="release-heading"
      id="release-form"
    >
      ${secret}
      <label class="check"
        ><input type="checkbox" id="confirm" name="confirm" value="yes" required ${confirm.attrs} />
        ${c.releaseConfirm}</label
      >
      ${confirm.note}
      <button type="submit">${c.release}</button>
    </form>`;
  return layout(view, c.manageTitle, body);
}

/** After a release: the transfer code to hand on with the card, and its claim link. */
export function releasedPage(
  view: View,
  released: { transferCode: string; serialText: string; claimUrl: string },
) {
  const c = view.m.claim;
  const body = html`<section class="verdict good" role="status">
      <p class="icon" aria-hidden="true">✓</p>
      <h1>${c.releasedTitle}</h1>
    </section>
    <dl>
      <dt>${c.card}</dt>
      <dd class="mono" data-claim-serial>${released.serialText}</dd>
    </dl>
    <h2>${c.transferCode}</h2>
    <p class="info mono" style="font-size:1.25rem" data-transfer-code>${released.transferCode}</p>
    <p>${c.transferKeep}</p>
    <p><a href="${released.claimUrl}" data-transfer-link>${c.transferLink}</a></p>
    <p class="mono">${released.claimUrl}</p>`;
  return layout(view, c.releasedTitle, body);
}
