// Citing a check: the verdict page's "cite this check" makes a permanent page that shows the
// verdict then (from its signed receipt, checked on display) beside the verdict now; after the
// card is revoked it shows both, and the downloaded receipt still verifies with
// `cachet receipt verify`, offline, against the public JWK Set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MintedCard } from '../../src/services/mint.js';
import { cachetAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let card: MintedCard;
beforeAll(async () => {
  server = await startTestServer();
  card = await server.mint({});
});
afterAll(() => server?.close());

const cite = (token: string, lang = 'fr') =>
  fetch(`${server.url}/cite`, {
    method: 'POST',
    body: new URLSearchParams({ t: token, lang }),
    redirect: 'manual',
  });

describe('cite this check', () => {
  it('is offered on the verdict page, and makes a snapshot that keeps its verdict after a revocation', async () => {
    const verdictPage = await (await server.get(`/c/${card.token}`)).text();
    expect(verdictPage).toMatch(/<form method="post" action="\/cite" id="cite-form">/);
    expect(verdictPage).toContain(`name="t" value="${card.token}"`);

    const made = await cite(card.token);
    expect(made.status).toBe(303);
    const location = made.headers.get('location')!;
    expect(location).toMatch(/^\/cite\/[0-9A-HJKMNP-TV-Z]{16}\?lang=fr$/);
    const id = location.slice('/cite/'.length, location.indexOf('?'));

    const before = await server.get(`/cite/${id}?lang=en`);
    expect(before.headers.get('cache-control')).toBe('no-store');
    const html = await before.text();
    expect(html).toMatch(/class="cited-then" data-status="authentic"/);
    expect(html).toMatch(/class="cited-now" data-status="authentic"/);
    expect(html).toMatch(/data-receipt-ok>The signed receipt of that check verifies/);

    await server.store.revokeCard(card.serial, { reason: 'counterfeit' }, new Date());
    const after = await (await server.get(`/cite/${id}?lang=en`)).text();
    expect(after).toMatch(/class="cited-then" data-status="authentic"/);
    expect(after).toMatch(/class="cited-now" data-status="revoked"/);
    expect(after).toContain('data-receipt-ok');

    // The receipt, downloaded, checks offline against the public keys.
    const dir = tempDir('cachet-cite-');
    const receipt = await server.get(`/cite/${id}/receipt.json`);
    expect(receipt.headers.get('content-disposition')).toContain(`cachet-receipt-${id}.json`);
    writeFileSync(join(dir, 'receipt.json'), await receipt.text());
    writeFileSync(
      join(dir, 'jwks.json'),
      await (await server.get('/.well-known/jwks.json')).text(),
    );
    const run = await cachetAsync(
      ['receipt', 'verify', 'receipt.json', '--jwks', 'jwks.json', '--token', card.url, '--json'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, claims: { status: 'authentic' } });
  });

  it('keeps nothing for a text that is not a card code, and answers 404 for an unknown id', async () => {
    const refused = await cite('not-a-card');
    expect(refused.status).toBe(400);
    expect((await server.get('/cite/0000000000000000')).status).toBe(404);
    expect((await server.get('/cite/../../etc')).status).toBe(404);
    const rows = server.store.db.prepare('SELECT count(*) AS n FROM citations').get() as {
      n: number;
    };
    expect(rows.n).toBe(1);
  });
});
