// The public start page: paste a card link or code. Works without JavaScript.
import { html } from 'hono/html';
import type { Messages } from '../i18n/index.js';
import { layout } from './layout.js';

export function homePage(m: Messages) {
  return layout(
    m,
    m.home.heading,
    html`<h1>${m.home.heading}</h1>
      <p>${m.tagline}</p>
      <form method="get" action="/verify">
        <label for="q">${m.home.inputLabel}</label>
        <input id="q" name="q" autocomplete="off" inputmode="url" required />
        <small>${m.home.inputHint}</small>
        <button type="submit">${m.home.submit}</button>
      </form>`,
  );
}

export function notFoundPage(m: Messages) {
  return layout(
    m,
    m.notFound,
    html`<h1>${m.notFound}</h1>
      <p><a href="/">${m.checkAnother}</a></p>`,
  );
}
