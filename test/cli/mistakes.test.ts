// A user's mistakes on the command line: one line that says what to do, exit code 2, never a
// stack; and key steps that never turn a card its key legitimately signed forged.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayToDate, instantToDay } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { cachet, type Run } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const today = instantToDay(new Date());
const date = (offset: number) => dayToDate(today + offset);

/** `cachet boutique add` with a boutique's number, code and country. */
const boutiqueAdd = (number: string, code: string, country: string) => [
  'boutique',
  'add',
  '--number',
  number,
  '--code',
  code,
  '--name',
  code,
  '--city',
  'City',
  '--country',
  country,
];

/** A folder with a registry: boutiques LON-NB (7) and PAR-SH (1), associate 700 at LON-NB. */
function brandIn(dir: string, keygen: string[]) {
  const run = (...args: string[]) => cachet(args, { cwd: dir });
  const ok = (r: Run) => {
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  ok(run('keygen', ...keygen));
  ok(run(...boutiqueAdd('7', 'LON-NB', 'gb')));
  ok(run(...boutiqueAdd('1', 'PAR-SH', 'FR')));
  ok(run('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia'));
  return { run, ok };
}

/** A refusal: exit 2, the message on standard error, and no stack trace or page of usage. */
function expectRefusal(r: Run, message: string | RegExp) {
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error|ENOENT/);
  expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(3);
}

describe('mistakes on the command line', () => {
  const dir = tempDir('cachet-mistakes-');
  let run: (...args: string[]) => Run;
  beforeAll(() => {
    ({ run } = brandIn(dir, ['--valid-from', '2020-01-01']));
    writeFileSync(join(dir, 'notes.txt'), 'not a card\n');
    mkdirSync(join(dir, 'photos'));
  });

  it('says which path, file or URL is wrong, in one line', () => {
    for (const [args, message] of [
      [['verify', 'nonexistent.jpg'], 'cannot read nonexistent.jpg: no such file'],
      [['verify', 'photos/card.png'], 'cannot read photos/card.png: no such file'],
      [['verify', '--dir', 'nowhere/'], 'no folder nowhere/'],
      [['verify', '--dir', 'notes.txt'], '--dir notes.txt is a file, not a folder'],
      [['verify', 'photos'], 'photos is a folder: use --dir photos'],
      [
        ['verify', 'notes.txt'],
        'notes.txt is a file but not a JPEG, PNG, WebP or GIF image (nor a card URL or token)',
      ],
      [['verify', 'hello'], '"hello" is not a card URL, a token (its digits) or an image file'],
      [['receipt', 'verify', 'missing.json'], 'cannot read missing.json: no such file or folder'],
      [['mint', '--csv', 'missing.csv'], /cannot read \S*missing\.csv: no such file or folder/],
      [
        ['mint', '--boutique', 'LON-NB', '--associate', '700', '--print', '--mark', 'nope.png'],
        /cannot read the brand mark \S*nope\.png: no such file$/m,
      ],
      [
        ['verify', '0123', '--server', '127.0.0.1:18820'],
        '--server takes a URL with http:// or https://, like http://127.0.0.1:18820',
      ],
      [
        ['mint', '--boutique', 'LON-NB', '--associate', '700', '--out', 'notes.txt/cards'],
        /cannot write \S*notes\.txt\/cards: a part of the path is not a folder/,
      ],
    ] as const) {
      expectRefusal(run(...args), message);
    }
    expectRefusal(
      cachet(['boutique', 'list'], { cwd: dir, env: { CACHET_DB: dir } }),
      `cannot open the registry ${dir} (CACHET_DB): unable to open database file`,
    );
    // The folder mint could not write to was checked before a card was minted for it.
    const store = openSqliteStore(join(dir, 'data/cachet.db'));
    expect(store.db.prepare('SELECT count(*) AS n FROM cards').get()).toEqual({ n: 0 });
    store.close();
  });

  it('gives digits of the wrong width the malformed verdict, not an error', () => {
    const r = run('verify', '0123');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^malformed\n/);
  });

  it('names an unknown option and the one meant, without a page of usage', () => {
    const today = new Date().toISOString().slice(0, 10);
    expectRefusal(
      run('keygen', '--valid-form', today),
      'unknown option --valid-form: did you mean --valid-from?',
    );
    expectRefusal(
      run('mint', '--boutiqe', 'LON-NB'),
      'unknown option --boutiqe: did you mean --boutique?',
    );
    expectRefusal(run('key', 'compromise', 'x', '--since'), '--since needs a value');
    expectRefusal(
      run('key', 'compromise', 'x', '--since', '-1d'),
      '--since needs a value (one that starts with a dash is written --since=-…)',
    );
    // A key id that begins with '-' is an id, not an option: it is looked up, and not found.
    const dashed = `-c${'A'.repeat(41)}`;
    const r = run('key', 'compromise', dashed, '--since', today);
    expect(r.stderr).not.toContain('unknown option');
    expect(r.stderr).toContain(dashed);
  });

  it('says what to type instead', () => {
    expectRefusal(
      run('mint', '--boutique', 'PAR-SH', '--associate', '700'),
      'associate 700 works at LON-NB, not at PAR-SH',
    );
    expectRefusal(
      run('revoke', '7K3M-Q9XP-2HT4-W', '--reason', 'other'),
      'no card has the serial 7K3M-Q9XP-2HT4-W\n',
    );
    expectRefusal(
      run('revoke', 'oooo oooo oooo o', '--reason', 'other'),
      'no card has the serial oooo oooo oooo o (read as 0000-0000-0000-0)',
    );
    expectRefusal(
      run('staff', 'add', '--role', 'manager', '--name', 'M'),
      '--boutique CODE is required for a manager',
    );
    expectRefusal(
      run(...boutiqueAdd('9', 'LON-OX', 'UK')),
      '"UK" is not an ISO 3166-1 country code: UK is written GB',
    );
    expectRefusal(
      run(...boutiqueAdd('9', 'LON-OX', 'XX')),
      '"XX" is not an ISO 3166-1 country code',
    );
    // Occasions in any case, as people type them.
    const minted = run(
      'mint',
      '--boutique',
      'LON-NB',
      '--associate',
      '700',
      '--occasion',
      'Holiday Season',
      '--json',
    );
    expect(minted.code, minted.stderr).toBe(0);
    expect(run('verify', JSON.parse(minted.stdout).url).stdout).toMatch(/occasion +holiday-season/);
  });

  it('lists every problem of a campaign file at once, and mints nothing', () => {
    writeFileSync(
      join(dir, 'bad.csv'),
      'boutique,associate,date,occasion,client_ref,copies\n' +
        'LON-NB,abc,,,,1\nNOPE,700,,,,1\nLON-NB,700,,,,0\nPAR-SH,700,,,,1\nLON-NB,700,,party,,1\nLON-NB,700,,,,1\n',
    );
    const r = run('mint', '--csv', 'bad.csv', '--out', 'batch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('5 rows have problems; nothing was minted');
    const lines = [...r.stderr.matchAll(/^ {2}line (\d+): /gm)].map((m) => Number(m[1]));
    expect(lines).toEqual([2, 3, 4, 5, 6]);
    expect(readdirSync(dir)).not.toContain('batch');
  });
});

describe('key steps', () => {
  it('signs today with the key that may, and a rotation before a new key starts forges nothing', () => {
    const dir = tempDir('cachet-keys-');
    // The README's order: a production key from tomorrow, then the development key for today.
    const { run, ok } = brandIn(dir, ['--valid-from', date(1)]);
    const refused = run('mint', '--boutique', 'LON-NB', '--associate', '700');
    expectRefusal(refused, `no signing key may sign a card dated ${date(0)}: `);
    expect(refused.stderr).toContain(`signs cards dated from ${date(1)}`);
    ok(run('keygen', '--development', '--valid-from', date(-30)));

    const mint = (...args: string[]) =>
      JSON.parse(ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--json', ...args)));
    const todays = mint();
    const later = mint('--date', date(5));
    const kidOf = (url: string) => JSON.parse(ok(run('verify', url, '--json'))).key;
    expect(kidOf(todays.url).development).toBe(true);
    expect(kidOf(later.url).development).toBe(false);
    ok(run('revoke', todays.serialText, '--reason', 'issued-in-error'));

    const rotated = JSON.parse(ok(run('key', 'rotate', '--json')));
    expect(rotated.retired).toHaveLength(2);
    expect(rotated.impact).toMatchObject({ forged: 0 });
    for (const k of JSON.parse(ok(run('key', 'list', '--json')))) {
      if (k.validTo) expect(k.validTo >= k.validFrom, k.kid).toBe(true);
    }
    expect(JSON.parse(run('verify', todays.url, '--json').stdout).status).toBe('revoked');
    expect(JSON.parse(run('verify', later.url, '--json').stdout).status).toBe('authentic');
  });

  it('refuses a rotation that would forge registered cards, unless forced, and says how many', () => {
    const dir = tempDir('cachet-keys-');
    const { run, ok } = brandIn(dir, ['--valid-from', date(-10)]);
    const card = JSON.parse(
      ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--date', date(3), '--json')),
    );
    const keysBefore = ok(run('key', 'list', '--json'));
    const refused = run('key', 'rotate');
    expectRefusal(refused, 'would turn 1 registered card forged');
    expect(refused.stderr).toContain(
      `(the latest ${date(3)}). Nothing was changed. Run again with --force`,
    );
    expect(ok(run('key', 'list', '--json'))).toBe(keysBefore);
    expect(readdirSync(join(dir, 'keys/private'))).toHaveLength(1);
    expect(JSON.parse(run('verify', card.url, '--json').stdout).status).toBe('authentic');

    expect(ok(run('key', 'rotate', '--force'))).toContain(
      'Forced: 1 registered card now reads forged',
    );
    expect(JSON.parse(run('verify', card.url, '--json').stdout).status).toBe('forged');
  });
});
