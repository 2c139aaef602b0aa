// `cachet verify --server` trusts nothing of what a server answers: an answer that is not a
// verdict (null, an empty object, a verdict cut short) is one line naming the URL and exit 2,
// never a stack trace, and a real verdict is still read.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachetAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const cwd = tempDir('cachet-answers-');
/** What the fake server answers, by the first segment of the path it is asked for. */
const ANSWERS: Record<string, unknown> = {
  null: null,
  empty: {},
  list: [],
  cut: { text: '0123', host: null, lookAlike: false, verdict: { status: 'authentic' } },
  revoked: {
    text: '0123',
    host: null,
    lookAlike: false,
    verdict: { status: 'revoked', warnings: [], revocation: { reason: 'lost' } },
  },
  genuine: {
    text: '0123',
    host: null,
    lookAlike: false,
    verdict: { status: 'malformed', warnings: [], reason: { message: 'not a card' } },
  },
};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const key = (req.url ?? '').split('/')[1] ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ANSWERS[key] ?? null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('cachet verify --server, against a server that answers anything', () => {
  for (const key of ['null', 'empty', 'list', 'cut', 'revoked']) {
    it(`says an answer of ${key} is not a verdict, in one line, exit 2`, async () => {
      const r = await cachetAsync(['verify', '0123', '--server', `${base}/${key}`], { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${base}/${key}/api/v1/check?q=0123 answered 200: not a verdict`);
      expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
    });
  }

  it("reads a verdict that has a verdict's shape", async () => {
    const r = await cachetAsync(['verify', '0123', '--server', `${base}/genuine`], { cwd });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('malformed');
    expect(r.stdout).toContain('not a card');
  });
});
