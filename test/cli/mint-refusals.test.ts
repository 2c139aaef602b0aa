// A minted card is permanent (registry and public log), so minting mistakes are refused, not
// warned about: a date far ahead without asking, a campaign file that is not comma-separated
// text or has short rows, a shell that would mint for an origin the server calls a look-alike.
// And a mistyped command or sub-command gets a "did you mean", as a mistyped option does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayToDate, instantToDay } from '../../src/core/index.js';
import { freePort, type LocalProcess } from '../../src/cli/local-worker.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { cachet, cachetAsync, launchBuiltServer, type Run } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';
import { tempDir } from '../helpers/fixture.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const date = (offset: number) => dayToDate(instantToDay(new Date()) + offset);
const clock = clockEnv(); // a shifted clock (faketime) reaches the CLI and the server

/** A refusal: exit 2, the message on standard error, no stack trace, no page of usage. */
function expectRefusal(r: Run, message: string | RegExp, lines = 2) {
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error|Usage:/);
  expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(lines);
}

/** How many cards the registry at `db` holds. */
function cardCount(db: string): number {
  const store = openSqliteStore(db);
  try {
    return (store.db.prepare('SELECT count(*) AS n FROM cards').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

describe('a mistyped command or sub-command', () => {
  const cwd = tempDir('cachet-typo-');
  const run = (...args: string[]) => cachet(args, { cwd, env: clock });

  it('is told the one meant, in one line', () => {
    expectRefusal(
      run('mnit', '--boutique', 'X'),
      'cachet: no command "mnit": did you mean `mint`?',
    );
    expectRefusal(run('verfy', 'x'), 'did you mean `verify`?');
    expectRefusal(
      run('key', 'rotat'),
      'cachet key: no sub-command "rotat": did you mean `rotate`?',
    );
    expectRefusal(run('boutique', 'lsit'), 'no sub-command "lsit": did you mean `list`?');
    expectRefusal(run('trust', 'pul', 'http://x'), 'did you mean `pull`?');
    expectRefusal(run('key', 'frob'), 'no sub-command "frob" (the sub-commands are: list, rotate');
  });
});

describe('minting when no card key here may sign', () => {
  const cwd = tempDir('cachet-nokey-');
  const run = (...args: string[]) => cachet(args, { cwd, env: clock });
  let kid = '';

  beforeAll(() => {
    const ok = (...args: string[]) => expect(run(...args).code).toBe(0);
    ok('keygen', '--valid-from', date(-10));
    kid = (JSON.parse(run('key', 'list', '--json').stdout) as { kid: string }[])[0]!.kid;
    ok('key', 'compromise', kid, '--since', date(-10));
    ok(
      ...['boutique', 'add', '--number', '7', '--code', 'LON-NB', '--name', 'N'],
      ...['--city', 'London', '--country', 'GB'],
    );
    ok('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia');
    writeFileSync(join(cwd, 'c.csv'), `boutique,associate,date\nLON-NB,700,${date(0)}\n`);
  });

  it('lists the keys it has and says to rotate, for one card and for a campaign, and exits', async () => {
    const said = `no card key here may sign: ${kid} compromised`;
    expectRefusal(run('mint', '--boutique', 'LON-NB', '--associate', '700'), said);
    // A campaign is refused as promptly: its QR workers never hold the process open.
    const batch = await cachetAsync(['mint', '--csv', 'c.csv'], { cwd, env: clock });
    expectRefusal(batch, said);
    expect(batch.stderr).toContain('`cachet key rotate`');
    expect(cardCount(join(cwd, 'data/cachet.db'))).toBe(0);
  }, 30_000);
});

describe('minting far ahead and campaign files', () => {
  const cwd = tempDir('cachet-refusals-');
  const db = join(cwd, 'data/cachet.db');
  const run = (...args: string[]) => cachet(args, { cwd, env: clock });
  const one = ['mint', '--boutique', 'LON-NB', '--associate', '700', '--json'];
  const header = 'boutique,associate,date,occasion,client_ref,copies\n';

  beforeAll(() => {
    const ok = (...args: string[]) => expect(run(...args).code).toBe(0);
    ok('keygen', '--valid-from', date(-10));
    ok(
      ...['boutique', 'add', '--number', '7', '--code', 'LON-NB', '--name', 'N'],
      ...['--city', 'London', '--country', 'GB'],
    );
    ok('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia');
  });

  it('refuses a card dated more than 90 days ahead unless asked, and mints one 90 days ahead', () => {
    const refused = run(...one, '--date', date(91));
    expectRefusal(refused, `${date(91)} is 91 days ahead, more than 90`);
    expect(refused.stderr).toContain('--allow-future-date');
    expect(cardCount(db)).toBe(0);

    const at90 = run(...one, '--date', date(90));
    expect(at90.code, at90.stderr).toBe(0);
    const asked = run(...one, '--date', date(200), '--allow-future-date');
    expect(asked.code, asked.stderr).toBe(0);
    expect(cardCount(db)).toBe(2);
  });

  it('refuses campaign rows dated far ahead unless asked, naming the line', () => {
    writeFileSync(
      join(cwd, 'ahead.csv'),
      `${header}LON-NB,700,${date(1)},,,1\nLON-NB,700,${date(120)},,,1\n`,
    );
    const before = cardCount(db);
    const refused = run('mint', '--csv', 'ahead.csv', '--out', 'ahead');
    expectRefusal(refused, `line 3: ${date(120)} is 120 days ahead, more than 90`, 4);
    expect(refused.stderr).toContain('run again with --allow-future-date');
    expect(cardCount(db)).toBe(before);
    const asked = run('mint', '--csv', 'ahead.csv', '--out', 'ahead', '--allow-future-date');
    expect(asked.code, asked.stderr).toBe(0);
    expect(cardCount(db)).toBe(before + 2);
  });

  it('says in one line what is wrong with a file that is not comma-separated CSV text', () => {
    const before = cardCount(db);
    writeFileSync(join(cwd, 'short.csv'), `${header}LON-NB,700,,,,1\nLON-NB,700\n`);
    expectRefusal(
      run('mint', '--csv', 'short.csv', '--out', 'short'),
      'line 3: 2 fields, the header has 6',
      3,
    );
    writeFileSync(
      join(cwd, 'excel.csv'),
      'boutique;associate;date;occasion;client_ref;copies\r\nLON-NB;700;;;;1\r\n',
    );
    expectRefusal(
      run('mint', '--csv', 'excel.csv'),
      'excel.csv is separated by semicolons: use commas',
    );
    // A spreadsheet saved in Latin-1: "Dupré" would be minted as "Dupr\uFFFD" for good.
    writeFileSync(
      join(cwd, 'latin1.csv'),
      Buffer.from(`${header}LON-NB,700,,,Mme Dupr\xe9,1\n`, 'latin1'),
    );
    expectRefusal(run('mint', '--csv', 'latin1.csv'), 'latin1.csv is not UTF-8 text');
    // A column named twice: which one counts would be a guess.
    writeFileSync(
      join(cwd, 'twice.csv'),
      'boutique,associate,date,occasion,client_ref,copies,boutique\nLON-NB,700,,,,1,PAR-SH\n',
    );
    expectRefusal(
      run('mint', '--csv', 'twice.csv'),
      'the header names column boutique twice: keep one',
    );
    // A real binary file: the QR code image minted above.
    const png = JSON.parse(run(...one).stdout).files.png as string;
    writeFileSync(join(cwd, 'campaign.csv'), readFileSync(png));
    expectRefusal(
      run('mint', '--csv', 'campaign.csv'),
      'campaign.csv is not a CSV file (it holds binary data',
    );
    expect(cardCount(db)).toBe(before + 1);
  });
});

describe('minting far ahead through the admin API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ validFrom: date(-10) });
  });
  afterAll(() => server?.close());

  it('answers ERR_DATE_FAR_AHEAD unless allowFutureDate is set', async () => {
    const key = await server.staffKey({ name: 'M', role: 'manager', boutique: 'PAR-SH' });
    const mint = (body: object) =>
      fetch(`${server.url}/api/v1/admin/cards`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ boutique: 'PAR-SH', associate: 101, ...body }),
      });
    const refused = await mint({ date: date(91) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error.code).toBe('ERR_DATE_FAR_AHEAD');
    const asked = await mint({ date: date(91), allowFutureDate: true });
    expect(asked.status, await asked.clone().text()).toBe(201);
    expect(((await asked.json()) as any).issued).toBe(date(91));
  });
});

describe('a shell whose origin the running server would call a look-alike', () => {
  const cwd = tempDir('cachet-origin-');
  const db = join(cwd, 'data/cachet.db');
  const env = { CACHET_DB: db, CACHET_KEYS_DIR: join(cwd, 'keys'), ...clock };
  let server: LocalProcess | undefined;
  let elsewhere: string;
  const cli = (args: string[], more: Record<string, string> = {}) =>
    cachetAsync(args, { cwd, env: { ...env, ...more } });
  const one = ['mint', '--boutique', 'PAR-SH', '--associate', '101', '--json'];

  beforeAll(async () => {
    server = await launchBuiltServer(cwd, env);
    elsewhere = String(await freePort());
  }, 60_000);
  afterAll(() => server?.close());

  it('refuses to mint, one card or a batch, naming both origins and --origin', async () => {
    const before = cardCount(db);
    const other = `http://127.0.0.1:${elsewhere}`;
    const refused = await cli(one, { PORT: elsewhere });
    expectRefusal(
      refused,
      `cards minted here would point to ${other}, but the server (at ${server!.url})`,
      1,
    );
    expect(refused.stderr).toContain(`--origin ${server!.url}`);
    writeFileSync(
      join(cwd, 'batch.csv'),
      'boutique,associate,date,occasion,client_ref,copies\nPAR-SH,101,,,,1\n',
    );
    const batch = await cli(['mint', '--csv', 'batch.csv'], { PORT: elsewhere });
    expectRefusal(batch, `but the server (at ${server!.url})`, 1);
    expect(batch.stderr).toContain('--origin');
    // The server's own host under another scheme: the links would not open there.
    const https = server!.url.replace(/^http:/, 'https:');
    const scheme = await cli(one, { CACHET_PUBLIC_URL: https });
    expectRefusal(scheme, `would point to ${https}, but the server (at ${server!.url}) serves`, 1);
    expect(cardCount(db)).toBe(before);
  });

  it('mints for the origin --origin names, and the server calls the card authentic', async () => {
    const minted = await cli([...one, '--origin', server!.url], { PORT: elsewhere });
    expect(minted.code, minted.stderr).toBe(0);
    expect(minted.stderr).toBe('');
    const { url, token } = JSON.parse(minted.stdout);
    expect(url.startsWith(`${server!.url}/c/`)).toBe(true);
    const verdict = await (await fetch(`${server!.url}/api/v1/verify/${token}`)).json();
    expect(verdict).toMatchObject({ status: 'authentic' });
    // No origin of its own: it mints for the server's, as before.
    const plain = await cli(one);
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout).url.startsWith(`${server!.url}/c/`)).toBe(true);
  });
});
