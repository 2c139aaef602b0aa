// Every limit is written once, by the service (or core module) that owns it: routes, schemas,
// pages and the CLI take it by name. Checked on the source itself, and on what the real server
// publishes: the OpenAPI document and the console keep the very limits they had.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SRC, sources } from './helpers/sources.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** A source file's code without its comments (a comment may name a limit to explain it). */
function code(file: string): string {
  return readFileSync(join(SRC, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** `file:line  text` for each line of code under src/ that matches `pattern`. */
function linesMatching(pattern: RegExp, files = sources()): string[] {
  return files.flatMap((file) =>
    code(file)
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}  ${line.trim()}`] : [])),
  );
}

/** The files under src/ whose code matches `pattern`: where a name is defined, say. */
const filesMatching = (pattern: RegExp) =>
  sources().filter((file) =>
    code(file)
      .split('\n')
      .some((line) => pattern.test(line)),
  );

describe('each limit is written once, where its owner defines it', () => {
  it('no admin schema and no console field writes a limit as a number', () => {
    const routeSide = sources().filter(
      (f) => f.startsWith('app/admin/') || f === 'app/pages/console-page.ts',
    );
    // 0 and 1 are not limits anyone owns (a count from 0, a non-empty text); anything else is.
    const schemaNumber = /\b(?:maxLength|minLength|maximum|minimum)\s*:\s*(?![01]\b)\d/;
    const formNumber = /\b(?:maxlength|minlength|max|min)="(?![01]")\d/;
    expect(linesMatching(schemaNumber, routeSide)).toEqual([]);
    expect(linesMatching(formNumber, routeSide)).toEqual([]);
  });

  it("a boutique code's length is written once, in the boutique service", () => {
    expect(linesMatching(/\{2,32\}|\b2 to 32\b/)).toEqual([]);
    expect(filesMatching(/\bMAX_BOUTIQUE_CODE\s*=\s*32\b/)).toEqual(['services/boutiques.ts']);
  });

  it('the token sets the boutique and associate numbers: no one else writes 0xffff', () => {
    const aboveCore = sources().filter((f) => /^(app|services|cli)\//.test(f));
    expect(linesMatching(/\b(?:0xffff|0xffffff|65_?535|16_?777_?215)\b/i, aboveCore)).toEqual([]);
    expect(filesMatching(/\bMAX_BOUTIQUE\s*=\s*0xffff\b/)).toEqual(['core/token.ts']);
    expect(filesMatching(/\bMAX_ASSOCIATE\s*=\s*0xffffff\b/)).toEqual(['core/token.ts']);
  });

  it('the 2,000-character notes are written only where revocations and reports define them', () => {
    // A year (Date.UTC(2000, …), '2000-01-01', the SVG namespace) is not a limit.
    expect(filesMatching(/(?<![\w./'(-])2_?000(?![\w./'-])/)).toEqual([
      'core/report.ts',
      'core/revocation.ts',
    ]);
  });

  it('a client reference and a staff name are limited by name, defined once by their service', () => {
    expect(filesMatching(/\bexport const MAX_CLIENT_REF\s*=\s*200\b/)).toEqual([
      'services/mint.ts',
    ]);
    expect(filesMatching(/\bexport const MAX_STAFF_NAME\s*=\s*200\b/)).toEqual([
      'services/staff.ts',
    ]);
  });

  it('a boutique code regex and a boutique code schema have distinct names', () => {
    expect(linesMatching(/\bBOUTIQUE_CODE\b/)).toEqual([]);
  });
});

describe('what the server publishes keeps its limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  /** The print sizes (mm) both routes that answer with a print file take. */
  const printSizes = (route: string) => ({
    [`${route} ?qrWidth`]: { minimum: 10, maximum: 100 },
    [`${route} ?margin`]: { minimum: 0, maximum: 30 },
    [`${route} ?bleed`]: { minimum: 0, maximum: 10 },
  });

  /** Each request field's limits in the OpenAPI document, as published before limits had names. */
  const PUBLISHED: Record<string, Record<string, number | string>> = {
    'GET /api/v1/check ?q': { maxLength: 1000 },
    'GET /api/v1/admin/cards ?boutique': { minLength: 1, maxLength: 32 },
    'GET /api/v1/admin/cards ?serial': { maxLength: 32 },
    'GET /api/v1/admin/cards ?limit': { minimum: 1, maximum: 200 },
    'GET /api/v1/admin/cards ?offset': { minimum: 0, maximum: 1000000 },
    ...printSizes('POST /api/v1/admin/cards'),
    'POST /api/v1/admin/cards boutique': { minLength: 1, maxLength: 32 },
    'POST /api/v1/admin/cards associate': { minimum: 0, maximum: 16777215 },
    'POST /api/v1/admin/cards clientRef': { maxLength: 200 },
    ...printSizes('GET /api/v1/admin/cards/{serial}/print'),
    'POST /api/v1/admin/cards/{serial}/revoke note': { maxLength: 2000 },
    'POST /api/v1/admin/cards/{serial}/claims/void reason': { minLength: 1, maxLength: 500 },
    'POST /api/v1/admin/cards/{serial}/claim-code reason': { minLength: 1, maxLength: 500 },
    'GET /api/v1/admin/flagged ?limit': { minimum: 1, maximum: 500 },
    'GET /api/v1/admin/reports ?card': { maxLength: 32 },
    'GET /api/v1/admin/reports ?limit': { minimum: 1, maximum: 200 },
    'GET /api/v1/admin/reports ?offset': { minimum: 0, maximum: 1000000 },
    'POST /api/v1/admin/reports/{id}/link serial': { minLength: 1, maxLength: 32 },
    'POST /api/v1/admin/reports/{id}/close note': { maxLength: 2000 },
    'POST /api/v1/admin/boutiques number': { minimum: 0, maximum: 65535 },
    'POST /api/v1/admin/boutiques code': { pattern: '^[A-Za-z0-9-]{2,32}$' },
    'POST /api/v1/admin/boutiques name': { minLength: 1, maxLength: 200 },
    'POST /api/v1/admin/boutiques city': { minLength: 1, maxLength: 200 },
    'POST /api/v1/admin/boutiques country': { pattern: '^[A-Za-z]{2}$' },
    'GET /api/v1/admin/associates ?boutique': { maxLength: 32 },
    'POST /api/v1/admin/associates number': { minimum: 0, maximum: 16777215 },
    'POST /api/v1/admin/associates boutique': { maxLength: 32 },
    'POST /api/v1/admin/associates displayName': { minLength: 1, maxLength: 100 },
    'POST /api/v1/admin/staff name': { minLength: 1, maxLength: 200 },
    'POST /api/v1/admin/staff boutique': { maxLength: 32 },
    'POST /api/v1/admin/staff/oidc/disable issuer': { minLength: 1, maxLength: 2048 },
    'POST /api/v1/admin/staff/oidc/disable subject': { minLength: 1, maxLength: 255 },
    'POST /api/v1/admin/staff/oidc/enable issuer': { minLength: 1, maxLength: 2048 },
    'POST /api/v1/admin/staff/oidc/enable subject': { minLength: 1, maxLength: 255 },
    'GET /api/v1/admin/audit ?target': { maxLength: 260 },
    'GET /api/v1/admin/audit ?limit': { minimum: 1, maximum: 1000 },
  };

  it('the OpenAPI document carries the same limits on the same fields', async () => {
    const res = await t.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const KEYS = ['minLength', 'maxLength', 'minimum', 'maximum', 'pattern'];
    const published: Record<string, Record<string, unknown>> = {};
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const fields: [string, Record<string, unknown>][] = [
          ...(op.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p): [string, Record<string, unknown>] => [`?${p.name}`, p.schema]),
          ...Object.entries(op.requestBody?.content['application/json']?.schema.properties ?? {}),
        ];
        for (const [name, schema] of fields) {
          const limits = Object.fromEntries(
            KEYS.filter((k) => k in schema).map((k) => [k, schema[k]]),
          );
          if (Object.keys(limits).length > 0) {
            published[`${method.toUpperCase()} ${path} ${name}`] = limits;
          }
        }
      }
    }
    expect(published).toEqual(PUBLISHED);
  });

  it("the console's fields refuse what the API refuses", async () => {
    const page = await (await t.get('/console')).text();
    const input = (id: string) => page.match(new RegExp(`<input\\s[^>]*id="${id}"[^>]*>`))?.[0];
    expect(input('m-associate')).toMatch(/\bmax="16777215"/);
    expect(input('m-client-ref')).toMatch(/\bmaxlength="200"/);
    expect(input('c-note')).toMatch(/\bmaxlength="2000"/);
    expect(input('r-note')).toMatch(/\bmaxlength="2000"/);
    expect(input('v-reason')).toMatch(/\bmaxlength="500"/);
  });
});

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: {
    content: Record<string, { schema: { properties?: Record<string, Record<string, unknown>> } }>;
  };
}
