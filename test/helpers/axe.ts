// axe-core's WCAG 2.0, 2.1 and 2.2 rules of levels A and AA, run in a page: each violation as its
// rule, its help and the elements at fault. The page's CSP must be bypassed to inject it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

export async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const found = (await page.evaluate(
    (tags) =>
      (
        globalThis as unknown as {
          axe: { run(o: unknown): Promise<{ violations: unknown[] }> };
        }
      ).axe
        .run({ runOnly: { type: 'tag', values: tags } })
        .then((r) => r.violations),
    TAGS,
  )) as Violation[];
  return found.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}
