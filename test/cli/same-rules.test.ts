// One rule, whoever asks: the CLI and the admin API, on the same registry, refuse the same
// boutique and the same revocation note with the same words, and both leave an audit entry for
// every action, success or failure.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, launchBuiltServer } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const cwd = tempDir('cachet-rules-');
const operator = `cli:${userInfo().username}`;
let server: LocalProcess;
let adminKey: string;
let legalKey: string;

const cli = (...args: string[]) => cachetAsync(args, { cwd });
async function api(key: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1/admin${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
/** A card minted by the CLI at the boutique the tests add, with its serial both ways. */
async function mintOne(): Promise<{ serial: string; serialText: string }> {
  const run = await cli(
    'mint',
    '--boutique',
    'RUL-CLI',
    '--associate',
    '9031',
    '--out',
    'out',
    '--json',
  );
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}
const audit = async (target: string) =>
  (await api(legalKey, `/audit?target=${encodeURIComponent(target)}`)).body.entries as {
    actor: string;
    role: string;
    action: string;
    outcome: number;
    detail: string;
  }[];

beforeAll(async () => {
  server = await launchBuiltServer(cwd);
  const staff = async (role: string) => {
    const run = await cli('staff', 'add', '--role', role, '--name', role, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout).apiKey as string;
  };
  adminKey = await staff('admin');
  legalKey = await staff('legal');
}, 60_000);
afterAll(() => server?.close());

describe('the CLI and the admin API hold the same rules', () => {
  it('refuses a boutique in a country that does not exist, with the same words', async () => {
    const boutique = { number: 901, code: 'ZZZ-01', name: 'Nowhere', city: 'Nowhere' };
    const run = await cli(
      ...['boutique', 'add', '--number', '901', '--code', 'ZZZ-01'],
      ...['--name', 'Nowhere', '--city', 'Nowhere', '--country', 'XX'],
    );
    const answer = await api(adminKey, '/boutiques', { ...boutique, country: 'XX' });
    expect(run.code).toBe(2);
    expect(answer.status).toBe(400);
    expect(run.stderr).toContain(answer.body.error.message);
    expect(answer.body.error.message).toMatch(/XX/);
    const list = await cli('boutique', 'list', '--json');
    expect(JSON.parse(list.stdout).map((b: { code: string }) => b.code)).not.toContain('ZZZ-01');
  });

  it('refuses a boutique code with a space from both, and adds a good one from either', async () => {
    const bad = await cli(
      ...['boutique', 'add', '--number', '902', '--code', 'PAR SH'],
      ...['--name', 'Paris', '--city', 'Paris', '--country', 'FR'],
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('a boutique code is 2 to 32 letters, digits or dashes');
    const refused = await api(adminKey, '/boutiques', {
      number: 902,
      ...{ code: 'PAR SH', name: 'Paris', city: 'Paris', country: 'FR' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/code/);

    const good = await cli(
      ...['boutique', 'add', '--number', '903', '--code', 'rul-cli'],
      ...['--name', 'Rules', '--city', 'Paris', '--country', 'fr'],
    );
    expect(good.code, good.stderr).toBe(0);
    const added = await api(adminKey, '/boutiques', {
      number: 904,
      ...{ code: 'RUL-API', name: 'Rules', city: 'Lyon', country: 'FR' },
    });
    expect(added.status).toBe(201);
    // A country in lower case is the same country from either side, as the CLI's "fr" above.
    const lower = await api(adminKey, '/boutiques', {
      number: 906,
      ...{ code: 'RUL-JP', name: 'Rules', city: 'Tokyo', country: 'jp' },
    });
    expect([lower.status, lower.body.country]).toEqual([201, 'JP']);
    // The same taken code, refused by both as a conflict.
    const again = await cli(
      ...['boutique', 'add', '--number', '905', '--code', 'RUL-API'],
      ...['--name', 'Rules', '--city', 'Lyon', '--country', 'FR'],
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a boutique already has the number 905 or the code RUL-API');
  });

  it("refuses a staff member's name over 200 characters from both, and adds no one", async () => {
    const long = 'n'.repeat(201);
    const run = await cli('staff', 'add', '--role', 'legal', '--name', long);
    const answer = await api(adminKey, '/staff', { role: 'legal', name: long });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("a staff member's name is 1 to 200 characters");
    expect(answer.status).toBe(400);
    const list = await cli('staff', 'list', '--json');
    expect(list.stdout).not.toContain(long);
  });

  it('refuses a revocation note over 2,000 characters from both, and the card stays genuine', async () => {
    const a = await cli(
      'associate',
      'add',
      '--number',
      '9031',
      '--boutique',
      'RUL-CLI',
      '--name',
      'Ines',
    );
    expect(a.code, a.stderr).toBe(0);
    const { serial, serialText } = await mintOne();
    const long = 'x'.repeat(2001);

    const run = await cli('revoke', serialText, '--reason', 'counterfeit', '--note', long);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a revocation note is at most 2000 characters, not 2001');
    const answer = await api(legalKey, `/cards/${serial}/revoke`, {
      reason: 'counterfeit',
      note: long,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/note/);

    const card = await api(legalKey, `/cards/${serial}`);
    expect(card.body.card.revocation).toBeNull();
    const ok = await cli(
      'revoke',
      serialText,
      '--reason',
      'counterfeit',
      '--note',
      'x'.repeat(2000),
    );
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('audits every CLI action under the operator, success or failure, as the API audits staff', async () => {
    const { serial, serialText } = await mintOne();
    expect(await audit(serial)).toEqual([
      expect.objectContaining({
        actor: operator,
        role: 'operator',
        action: 'card.mint',
        outcome: 200,
      }),
    ]);
    await cli('revoke', serialText, '--reason', 'lost-or-stolen');
    const twice = await cli('revoke', serialText, '--reason', 'lost-or-stolen');
    expect(twice.code).toBe(2);
    // Newest first: the refused second revocation, with the same outcome the API would answer.
    expect((await audit(serial)).slice(0, 2)).toEqual([
      expect.objectContaining({
        actor: operator,
        action: 'card.revoke',
        outcome: 409,
        detail: 'ERR_ALREADY_REVOKED',
      }),
      expect.objectContaining({ actor: operator, action: 'card.revoke', outcome: 200 }),
    ]);

    expect(await audit('rul-cli')).toEqual([
      expect.objectContaining({ actor: operator, action: 'boutique.add', outcome: 200 }),
    ]);
    expect(await audit('RUL-API')).toEqual([
      expect.objectContaining({ action: 'boutique.add', outcome: 409, actor: operator }),
      expect.objectContaining({ action: 'boutique.add', outcome: 201, role: 'admin' }),
    ]);
    expect(await audit('associate:9031')).toEqual([
      expect.objectContaining({ actor: operator, action: 'associate.add', outcome: 200 }),
    ]);
  });

  it('audits a new staff member with their role and boutique, from either side', async () => {
    const run = await cli(
      'staff',
      'add',
      '--role',
      'manager',
      '--boutique',
      'RUL-CLI',
      '--name',
      'M',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const fromCli = JSON.parse(run.stdout).staff.id;
    const answer = await api(adminKey, '/staff', {
      name: 'N',
      role: 'associate',
      boutique: 'RUL-API',
    });
    expect(answer.status).toBe(201);
    expect(await audit(fromCli)).toEqual([
      expect.objectContaining({
        action: 'staff.add',
        actor: operator,
        detail: 'role=manager boutique=903',
      }),
    ]);
    expect(await audit(answer.body.staff.id)).toEqual([
      expect.objectContaining({
        action: 'staff.add',
        role: 'admin',
        detail: 'role=associate boutique=904',
      }),
    ]);
  });

  it('audits a campaign batch once, with what it minted and found', async () => {
    const csv = join(cwd, 'spring.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, 'boutique,associate,occasion,copies\nRUL-CLI,9031,birthday,3\n');
    const run = await cli('mint', '--csv', csv, '--out', 'spring');
    expect(run.code, run.stderr).toBe(0);
    expect(await audit('spring')).toEqual([
      expect.objectContaining({
        actor: operator,
        action: 'card.mint-batch',
        outcome: 200,
        detail: '3 minted, 0 found of 3',
      }),
    ]);
  });
});
