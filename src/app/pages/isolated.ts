// Values from the public or from staff input, set apart in a page: `<bdi>` gives each its own
// direction, so a name in Hebrew or a right-to-left override cannot reorder the words around it.
import { html } from 'hono/html';
import { markControls } from '../../core/index.js';

/** `value` in its own `<bdi>`, for public pages; nothing (an empty string) for null. */
export const isolated = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '' : html`<bdi>${value}</bdi>`;

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
