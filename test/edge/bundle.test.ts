// The Worker bundle, as `wrangler deploy --dry-run` builds it: no Node-only module may enter it,
// and zxing's reader comes as a module compiled at deploy time, beside a small script.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const NODE_ONLY = [
  /node_modules\/(better-sqlite3|sharp|@img|@hono\/node-server|pngjs)\//,
  // qrcode's browser build draws the print files' QR codes; its Node entry and PNG renderer stay out.
  /node_modules\/qrcode\/lib\/(server|index)\.js|node_modules\/qrcode\/lib\/renderer\/(png|terminal|utf8)/,
  /node_modules\/zxing-wasm\/dist\/es\/(full|writer)\//,
  // The Node host (src/node/ and its entry), the CLI, and the adapters over files and SQLite.
  /^src\/(node\.ts|node\/|cli\/|image\/read-image-node\.ts|store\/(sqlite|migrations|key-files|log-key|project-files|sql-dump)\.ts)/,
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
    // The Workers host: its handlers, its isolate's app and the log's Durable Object.
    for (const file of ['handler', 'isolate', 'log-object'])
      expect(inputs).toContain(`src/workers/${file}.ts`);
    expect(inputs).toContain('src/store/d1.ts');
    expect(inputs).toContain('src/image/read-image-wasm.ts');
    expect(inputs).toContain('src/image/card-photo-wasm.ts');
    expect(inputs).toContain('src/workers/card-matcher.ts');
    // Recipients' claims, kept in D1 with the cards.
    for (const file of ['src/app/routes/claim-api.ts', 'src/store/claim-sql.ts'])
      expect(inputs).toContain(file);
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
    const wasmFiles = readdirSync(out).filter((name) => name.endsWith('.wasm'));
    // zxing's reader, and mozjpeg's decoder for card photos (src/image/card-photo-wasm.ts).
    expect(wasmFiles, 'each .wasm as its own module').toHaveLength(2);
    const wasmSizes = wasmFiles.map(
      (name) => gzipSync(readFileSync(join(out, name)), { level: 9 }).length,
    );
    const wasmGzipped = wasmSizes.reduce((a, b) => a + b, 0);
    console.log(
      `Worker bundle: ${(bundle.length / 1024).toFixed(1)} KiB script, ${(gzipped / 1024).toFixed(1)} KiB gzipped; ${wasmFiles.map((name, i) => `${name} ${(wasmSizes[i]! / 1024).toFixed(1)} KiB`).join(', ')} gzipped`,
    );
    // Workers' free plan allows 3 MiB gzipped in all; these bounds keep it lean. Print files
    // from the admin API (the QR encoder, the outline font, the PDF writer) are ~34 KiB of it.
    expect(inputs).toContain('src/print/print-files.ts');
    // The issuance log (its formats, routes and the sequencer object) took it past 136; the
    // offline list and bundle, and the offline, trust and citation pages with their strings in
    // five languages, past 152; reports of fakes to 170, unminified.
    // Minified (wrangler.toml) it is some 148: one Workers host folder and the wiring both
    // runtimes share (scan writer, log wiring) cost about 1 KiB of it. Reading card photos for
    // comparison (mozjpeg's Emscripten glue, 22 KB minified; fast-png with fflate and iobuffer,
    // 25 KB) took it to some 167; mozjpeg's .wasm is 62 KiB gzipped beside zxing's 403. The
    // card as issued besides (the comparison, reference routes and evidence page, the public
    // lines in five languages) to some 184. Recipients' claims (their service and store, the
    // claim API and pages, the console's claim history and void, the slip print file, with their
    // lines in five languages: some 31 KB minified) to some 204. Staff sign-in that survives its
    // identity provider (the kept keys), identities disabled, and values isolated with their
    // hidden characters named: 214.0 to 216.8 gzipped.
    expect(gzipped).toBeLessThan(220 * 1024);
    expect(gzipped + wasmGzipped).toBeLessThan(1024 * 1024);
  });
});
