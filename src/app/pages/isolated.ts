// Values from the public or from staff input, set apart in a page: `<bdi>` gives each its own
// direction, so a name in Hebrew or a right-to-left override cannot reorder the words around it.
import { html } from 'hono/html';
import { markControls } from '../../core/index.js';

/**
 * The paragraph separators (bidirectional class B but the line feed and carriage return, which a
 * page folds into spaces): U+001C–U+001E, U+0085, U+2029. Any of them ends an isolate, and a
 * right-to-left override after it would turn the rest of the line around.
 */
const PARAGRAPH_SEPARATORS = /[\u001c-\u001e\u0085\u2029]/g;

/**
 * `value` in its own `<bdi>`, for public pages; nothing (an empty string) for null. Public pages
 * show controls as sent, except a paragraph separator, which becomes a space: inside a `<bdi>` it
 * would end the isolate and let what follows it reorder the words around the value.
 */
export const isolated = (value: string | number | null | undefined) =>
  value === null || value === undefined
    ? ''
    : html`<bdi
        >${typeof value === 'number' ? value : value.replace(PARAGRAPH_SEPARATORS, ' ')}</bdi
      >`;

/**
 * `value` in its own `<bdi>` with its control and bidirectional characters written as
 * `[U+XXXX]`, for staff views (the console, the evidence report): staff must see what was sent.
 */
export const shown = (
  value: string | number | null | undefined,
  options: { keepNewlines?: boolean } = {},
) =>
  value === null || value === undefined
    ? ''
    : html`<bdi>${typeof value === 'number' ? value : markControls(value, options)}</bdi>`;
