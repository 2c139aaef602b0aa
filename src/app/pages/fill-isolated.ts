// A translated sentence with values from the public or from staff set in it, each isolated: an
// address or a name in another direction cannot reorder the sentence's own words.
import { html } from 'hono/html';
import { fill } from '../i18n/index.js';
import { isolated } from './isolated.js';

const MARK = /\uE000(\d+)\uE001/u;

/**
 * `template` filled as `fill` does, with each of `values` in its own `<bdi>` (see `isolated`);
 * `plain` holds the values of the house's own making (dates, counts) that plural rules may read.
 */
export function fillIsolated(
  template: string,
  values: Record<string, string>,
  plain: Record<string, string | number> = {},
  lang?: string,
) {
  const names = Object.keys(values);
  // Each isolated value stands in the filled text as a private-use mark holding its index.
  const marks = Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`]));
  const parts = fill(template, { ...plain, ...marks }, lang).split(MARK);
  return html`${parts.map((part, i) => (i % 2 === 0 ? part : isolated(values[names[Number(part)]!])))}`;
}
