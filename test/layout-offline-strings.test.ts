// The server's pages and the browser scripts share types through src/core: no server file imports
// a browser script (src/offline, src/browser), so the offline page's words have one type in core.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');
const BROWSER = ['offline', 'browser'];

describe('browser scripts', () => {
  it('are imported by no server file, not even for a type', () => {
    const server = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !BROWSER.includes(file.split('/')[0]!),
    );
    const importing = server.filter((file) =>
      /from '(\.\.\/)+(offline|browser)\//.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(importing).toEqual([]);
  });

  it('take the offline page strings from core, as the page that writes them does', () => {
    const script = readFileSync(join(SRC, 'offline/page.ts'), 'utf8');
    expect(script).toContain("from '../core/offline-strings.js'");
    expect(script).not.toMatch(/interface OfflineStrings/);
  });
});
