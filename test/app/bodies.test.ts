// A body that does not parse is the sender's mistake: every route that reads a form or JSON
// answers 400 (413 when too large; 415 for an image of no image type, as documented), with the
// code in JSON on the API and a page elsewhere, and the server writes nothing to its log, so
// nobody can flood it. Run against the built server, whose output is watched.
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { operator } from '../../src/services/access.js';
import { createStaff } from '../../src/services/staff.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { launchBuiltServer } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

let server: LocalProcess;
let apiKey: string;
beforeAll(async () => {
  const cwd = tempDir('cachet-bodies-');
  const db = join(cwd, 'data', 'cachet.db');
  const store = openSqliteStore(db);
  const staff = { store, admin: store.admin() };
  const request = { name: 'Ana Admin', role: 'admin' as const };
  apiKey = (await createStaff(staff, operator('test-setup'), request, new Date())).apiKey;
  store.close();
  server = await launchBuiltServer(cwd, {
    CACHET_DB: db,
    CACHET_RATE_LIMITS: 'verify=5000,image=5000,admin=5000',
  });
}, 60_000);
afterAll(() => server?.close());

const BOUNDARY = '----cachet-test-boundary';
/** Bodies that do not parse, or are not what their type says. */
const BODIES: Record<string, { type?: string; body: string }> = {
  'multipart without a boundary': { type: 'multipart/form-data', body: 'x' },
  'multipart that does not parse': { type: `multipart/form-data; boundary=${BOUNDARY}`, body: 'x' },
  'multipart cut before its end': {
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="t"\r\n\r\n0123`,
  },
  'an empty multipart body': { type: `multipart/form-data; boundary=${BOUNDARY}`, body: '' },
  'an empty form': { type: 'application/x-www-form-urlencoded', body: '' },
  'bad JSON': { type: 'application/json', body: '{"name": ' },
  'empty JSON': { type: 'application/json', body: '' },
  'a wrong content-type': { type: 'text/plain', body: 't=0123' },
  'no content-type': { body: 't=0123' },
};

/** The routes that read a body: API routes answer JSON, the others a page. */
const ROUTES = [
  { path: '/api/v1/verify/image', api: true, imageTypes: true },
  { path: '/verify/image', api: false, imageTypes: true },
  { path: '/verify', api: false },
  { path: '/cite', api: false },
  { path: '/report', api: false },
  { path: '/api/v1/admin/boutiques', api: true },
];

/** What each route answers a body with: 400, but 415 where an image was expected. */
function expected(route: (typeof ROUTES)[number], type = '') {
  if (route.imageTypes && !type.startsWith('multipart/')) {
    return { status: 415, code: 'ERR_IMAGE_TYPE' };
  }
  return { status: 400, code: 'ERR_INVALID_ARGUMENT' };
}

describe('a body that does not parse', () => {
  const cases = ROUTES.flatMap((route) =>
    Object.entries(BODIES).map(([name, body]) => [route.path, name, route, body] as const),
  );

  it.each(cases)('%s, %s: 400 and nothing logged', async (path, _name, route, { type, body }) => {
    const before = server.output();
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      body: new TextEncoder().encode(body),
      headers: type ? { ...headers, 'content-type': type } : headers,
    });
    const want = expected(route, type);
    const text = await res.text();
    expect(res.status, text).toBe(want.status);
    if (route.api) {
      expect(JSON.parse(text)).toMatchObject({ error: { code: want.code } });
    } else {
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(text).toContain(`data-error="${want.code}"`);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(server.output().slice(before.length)).toBe('');
  });

  it('says what was wrong', async () => {
    const post = async (path: string, type: string, body: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${apiKey}` },
        body,
      });
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    const image = '/api/v1/verify/image';
    expect(await post(image, 'multipart/form-data', 'x')).toBe(
      'multipart/form-data needs its boundary',
    );
    expect(await post(image, `multipart/form-data; boundary=${BOUNDARY}`, 'x')).toMatch(
      /^the form does not parse as multipart\/form-data/,
    );
    expect(await post(image, `multipart/form-data; boundary=${BOUNDARY}`, '')).toBe(
      'the request has no body: send the form',
    );
    expect(await post(image, 'image/png', '')).toBe('the request has no body: send the image');
    expect(await post('/api/v1/admin/boutiques', 'application/json', '{"name": ')).toMatch(
      /^the body is not valid JSON: /,
    );
    expect(await post('/api/v1/admin/boutiques', 'text/plain', '{}')).toBe(
      'send the body as application/json',
    );
  });

  it('refuses a form cut into thousands of fields before parsing it, and keeps answering', async () => {
    const part = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n`;
    const many = new TextEncoder().encode(`${part.repeat(100_000)}--${BOUNDARY}--\r\n`);
    const fields = `${Array.from({ length: 65 }, (_, i) => `f${i}=x`).join('&')}`;
    for (const [path, type, body] of [
      ['/api/v1/verify/image', `multipart/form-data; boundary=${BOUNDARY}`, many],
      ['/report', `multipart/form-data; boundary=${BOUNDARY}`, many],
      ['/cite', 'application/x-www-form-urlencoded', fields],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, accept: 'application/json' },
        body,
      });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/more than 64 fields/);
    }
    // A form of the usual size still parses.
    const few = await fetch(`${server.url}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'q=0123',
    });
    expect(few.status).toBe(200);
  });

  it('refuses a body over its limit with 413, and logs nothing', async () => {
    const before = server.output();
    for (const [path, size, code] of [
      ['/cite', 5000, 'ERR_BODY_TOO_LARGE'],
      ['/verify', 70_000, 'ERR_BODY_TOO_LARGE'],
      ['/api/v1/verify/image', 10 * 1024 * 1024 + 20_000, 'ERR_IMAGE_TOO_LARGE'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          accept: 'application/json',
        },
        body: new Uint8Array(size),
      });
      expect(res.status, path).toBe(413);
      expect(await res.text(), path).toContain(code);
    }
    expect(server.output().slice(before.length)).toBe('');
  });

  it('logs nothing for a body its sender stops sending, and keeps answering', async () => {
    const before = server.output();
    const { port } = new URL(server.url);
    for (const path of ['/cite', '/verify', '/report', '/api/v1/verify/image']) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
              `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
              `Content-Length: 4000\r\n\r\n--${BOUNDARY}\r\n`,
          );
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output().slice(before.length)).toBe('');
  });
});
