// The request fields several admin routes share, each built from the limit its owner sets.
import { MAX_BOUTIQUE_CODE } from '../../services/boutiques.js';
import type { Schema } from './schema.js';

/** The most rows one page of a list holds. */
const MAX_PAGE = 200;
/** The furthest a list may be paged into. */
const MAX_OFFSET = 1_000_000;
/**
 * The longest serial a route reads: a printed serial (19 characters) or its 16 hex digits, with
 * room for the spaces a person types.
 */
const MAX_SERIAL_TEXT = 32;

/** The paging of a list: `limit` (1 to MAX_PAGE) and `offset`. */
export const PAGING = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE },
  offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET },
} as const satisfies Record<string, Schema>;

/** An existing boutique's code, as a route looks it up (its form is checked when it is added). */
export const BOUTIQUE_CODE_FIELD = {
  type: 'string',
  maxLength: MAX_BOUTIQUE_CODE,
} as const satisfies Schema;

/** A card's serial, printed or hex, or (where a route says so) its first characters. */
export const SERIAL_FIELD = {
  type: 'string',
  maxLength: MAX_SERIAL_TEXT,
} as const satisfies Schema;
