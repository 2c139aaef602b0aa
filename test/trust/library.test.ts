// `cachet/verify` as a newsroom tool uses it: the README's example, run as written by Node in a
// project that depends on this package, against a real server: authentic for a genuine card,
// revoked with its reason for a revoked one.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The README's example, from the fence after "In your own code". */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf('**In your own code.**');
  const start = readme.indexOf('```ts\n', from) + '```ts\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

describe('cachet/verify', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('runs the README example as written, in a project that installed cachet', async () => {
    const genuine = await server.mint({});
    const revoked = await server.mint({});
    await server.store.revokeCard(revoked.serial, { reason: 'counterfeit' }, new Date());
    const project = tempDir('cachet-newsroom-');
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules', 'cachet'), 'dir');
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    const example = readmeExample();
    expect(example).toContain("from 'cachet/verify'");
    // Not spawnSync: the server answering the example runs in this very process.
    const run = async (card: string) => {
      const source = example
        .replaceAll('https://verify.example.com/c/0005…', card)
        .replaceAll('https://verify.example.com', server.url);
      writeFileSync(join(project, 'check.ts'), source);
      return promisify(execFile)(process.execPath, ['check.ts'], { cwd: project });
    };
    const good = await run(genuine.url);
    expect(good.stdout).toMatch(/^authentic undefined \d{4}-\d\d-\d\dT/);
    const bad = await run(revoked.url);
    expect(bad.stdout).toMatch(/^revoked counterfeit /);
  });

  it('imports nothing from Node', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./verify'].default).toBe('./dist/src/verify/index.js');
    // Every module it reaches, read from the build: no node: import, no require.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|import\(['"]node:|require\(/);
      for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        visit(join(file, '..', spec!));
      }
    };
    visit(join(ROOT, 'dist/src/verify/index.js'));
    expect(seen.size).toBeGreaterThan(10);
  });
});
