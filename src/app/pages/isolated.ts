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
 * The embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a pop directional isolate
 * inside a value closes its `<bdi>` early, and an override after it turns the page's own sentence
 * around ("This code leads to goo…" reading backwards, from a link anyone can make).
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * `value` in its own `<bdi>`, for public pages; nothing (an empty string) for null. Public pages
 * show a value as sent except for what would let it escape its `<bdi>`: a paragraph separator
 * becomes a space, and a direction control the replacement character U+FFFD (seen, never obeyed).
 */
export const isolated = (value: string | number | null | undefined) => {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'number'
      ? value
      : value.replace(PARAGRAPH_SEPARATORS, ' ').replace(DIRECTION_CONTROLS, '\ufffd');
  return html`<bdi>${text}</bdi>`;
};

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
