// The Worker bundle, as `wrangler deploy --dry-run` builds it: no Node-only module may enter it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const NODE_ONLY = [
  /node_modules\/(better-sqlite3|sharp|qrcode|@hono\/node-server|zxing-wasm|pngjs)\//,
  /^src\/(node\.ts|cli\/|issue\/|store\/(sqlite|migrations|key-files|project-files|sql-dump)\.ts)/,
];

describe('the Worker bundle', () => {
  it('holds no Node-only module, imports no node:* builtin, and stays small', () => {
    const out = tempDir('cachet-bundle-');
    const r = spawnSync(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          CI: 'true',
          WRANGLER_SEND_METRICS: 'false',
        },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    };
    const inputs = Object.keys(meta.inputs);
    expect(inputs).toContain('src/worker.ts');
    expect(inputs).toContain('src/store/d1.ts');
    for (const pattern of NODE_ONLY)
      expect(
        inputs.filter((i) => pattern.test(i)),
        String(pattern),
      ).toEqual([]);
    const externals = Object.values(meta.inputs).flatMap((i) =>
      i.imports.filter((x) => x.external).map((x) => x.path),
    );
    expect(
      externals.filter((p) => p.startsWith('node:') || ['fs', 'path', 'crypto'].includes(p)),
    ).toEqual([]);

    const bundle = readFileSync(join(out, 'worker.js'));
    const gzipped = gzipSync(bundle, { level: 9 }).length;
    console.log(
      `Worker bundle: ${(bundle.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped`,
    );
    expect(gzipped).toBeLessThan(64 * 1024); // Workers' free plan allows 3 MiB; this keeps it lean
  });
});
