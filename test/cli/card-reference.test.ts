// `cachet card reference` and `cachet card compare`, the built CLI on a registry of its own and on
// a running server: a written card's photo recorded (its own code only), then a later photo of it
// and a copy of its code on another card told apart, with exit codes scripts can read.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, cliFolder, launchBuiltServer, type Run } from '../helpers/cli.js';
import { daysFromToday } from '../helpers/dates.js';
import { renderWrittenCard } from '../helpers/written-card.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function ok(r: Run): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('cachet card, on this machine', () => {
  const { dir, env, run } = cliFolder('cachet-card-');
  const mint = () =>
    JSON.parse(ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--json'))) as {
      serial: string;
      serialText: string;
      url: string;
    };
  const photoFile = async (name: string, ...args: Parameters<typeof renderWrittenCard>) => {
    const path = join(dir, name);
    writeFileSync(path, await renderWrittenCard(...args));
    return path;
  };

  beforeAll(() => {
    ok(run('keygen', '--valid-from', daysFromToday(-1)));
    ok(
      run(
        'boutique',
        'add',
        '--number',
        '7',
        '--code',
        'LON-NB',
        '--name',
        'New Bond Street',
        '--city',
        'London',
        '--country',
        'GB',
      ),
    );
    ok(run('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia Hart'));
  });

  it("records the card's own photo, refuses another card's, and compares", async () => {
    const card = mint();
    const other = mint();
    const photo = await photoFile('card.jpg', { url: card.url, exif: true });

    const recorded = run('card', 'reference', card.serialText, photo);
    expect(ok(recorded)).toContain(`Recorded the reference photo of ${card.serialText}`);
    const store = openSqliteStore(env.CACHET_DB);
    try {
      const [kept] = await store.admin().referenceHistory(card.serial);
      const bytes = (await store.admin().referencePhoto(kept!.id))!;
      expect(recorded.stdout).toContain(sha(bytes));
      expect(Buffer.from(bytes).toString('latin1')).not.toContain('GPS');
      const audit = await store.admin().listAudit({ target: card.serial, limit: 10 });
      expect(audit.map((a) => `${a.action} ${a.role} ${a.outcome}`)).toContain(
        'card.reference.record operator 200',
      );
    } finally {
      store.close();
    }

    const wrong = run(
      'card',
      'reference',
      card.serialText,
      await photoFile('other.jpg', { url: other.url }),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the photo shows the code of another card');
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    const blank = run(
      'card',
      'reference',
      card.serialText,
      await photoFile('blank.jpg', { url: null }),
    );
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('no code found: photograph the card with its code in the frame');
    expect(run('card', 'reference', card.serialText, join(dir, 'missing.jpg')).stderr).toContain(
      'no file',
    );

    const later = join(dir, 'later.jpg');
    writeFileSync(later, await sharp(photo).resize(1000).jpeg({ quality: 75 }).toBuffer());
    // The card named as legal has it from its code: the card URL.
    const same = run('card', 'compare', card.url, later, '--json');
    expect(JSON.parse(ok(same)).match.result).toBe('same-card');

    const copy = await photoFile('copy.jpg', {
      url: card.url,
      words: ['Joyeux', 'anniversaire'],
      seed: 41,
    });
    const views = join(dir, 'views');
    const told = run('card', 'compare', card.serialText, copy, '--views', views);
    expect(told.code, told.stderr).not.toBe(0);
    expect(told.stdout).toMatch(/^(different-card|cannot-tell): /);
    for (const name of ['reference', 'photo', 'difference']) {
      expect(existsSync(join(views, `${name}.png`))).toBe(true);
    }
  }, 120_000);

  it('explains itself', () => {
    expect(ok(run('card', '--help'))).toMatch(/reference .*\n.*compare/s);
    expect(ok(run('card', 'compare', '--help'))).toContain(
      'Exit status: 0 same-card, 1 different-card',
    );
    const usage = run('card', 'reference', 'only-a-serial');
    expect(usage.code).toBe(2);
    // The two words swapped, and the walk-through's placeholder link left as it is: said so.
    const photo = join(dir, 'swapped.jpg');
    writeFileSync(photo, 'not read: the words are checked first');
    const swapped = run('card', 'reference', photo, 'https://verify.example.com/c/1234');
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain('give the card first, then the photo');
    const placeholder = run('card', 'compare', 'https://verify.example.com/c/0005…', photo);
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toContain('is a link, but not to a card');
  });
});

describe('cachet card --server, against the built server (photos read on its worker threads)', () => {
  const { dir, env, run } = cliFolder('cachet-card-server-');
  let server: LocalProcess;
  let card: { serial: string; serialText: string; url: string };
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    ok(run('keygen', '--valid-from', daysFromToday(-1)));
    ok(
      run(
        'boutique',
        'add',
        '--number',
        '7',
        '--code',
        'LON-NB',
        '--name',
        'New Bond Street',
        '--city',
        'London',
        '--country',
        'GB',
      ),
    );
    ok(run('associate', 'add', '--number', '700', '--boutique', 'LON-NB', '--name', 'Olivia Hart'));
    for (const role of ['associate', 'legal']) {
      const boutique = role === 'associate' ? ['--boutique', 'LON-NB'] : [];
      keys[role] = JSON.parse(
        ok(run('staff', 'add', '--role', role, '--name', role, ...boutique, '--json')),
      ).apiKey;
    }
    card = JSON.parse(ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--json')));
    server = await launchBuiltServer(dir, { ...env, CACHET_DEMO: '0', CACHET_IMAGE_WORKERS: '1' });
  }, 60_000);
  afterAll(() => server?.close());

  it('records and compares through the admin API with the API key in CACHET_API_KEY', async () => {
    const path = join(dir, 'card.png');
    writeFileSync(path, await renderWrittenCard({ url: card.url, format: 'png' }));
    const as = (role: string, ...args: string[]) =>
      cachetAsync(args, { cwd: dir, env: { CACHET_API_KEY: keys[role]! } });

    const recorded = await as(
      'associate',
      'card',
      'reference',
      card.serialText,
      path,
      '--server',
      server.url,
      '--json',
    );
    const answer = JSON.parse(ok(recorded));
    expect(answer.current.recordedBy).toMatch(/^stf_/);
    expect(answer.current.photoSha256).toMatch(/^[0-9a-f]{64}$/);
    // An associate records, but may not compare: the server's refusal, in its words.
    const refused = await as(
      'associate',
      'card',
      'compare',
      card.serialText,
      path,
      '--server',
      server.url,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("only legal and the managers of the card's boutique");
    const same = await as(
      'legal',
      'card',
      'compare',
      card.serialText,
      path,
      '--server',
      server.url,
      '--json',
    );
    expect(JSON.parse(ok(same)).match.result).toBe('same-card');
    // A court is shown the photo kept, and checks it against the log entry made at issue time.
    const kept = await fetch(`${server.url}/api/v1/admin/cards/${card.serial}/reference`, {
      headers: { authorization: `Bearer ${keys.legal}` },
    });
    const keptPath = join(dir, 'kept.png');
    writeFileSync(keptPath, new Uint8Array(await kept.arrayBuffer()));
    let logged: Run | undefined;
    for (let i = 0; i < 20 && logged?.code !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      logged = await cachetAsync(
        ['log', 'verify', card.url, '--server', server.url, '--reference', '--photo', keptPath],
        { cwd: dir },
      );
    }
    expect(logged!.code, logged!.stderr).toBe(0);
    expect(logged!.stdout).toContain(`photo SHA-256        ${answer.current.photoSha256}`);
    const withoutKey = await cachetAsync(
      ['card', 'compare', card.serial, path, '--server', server.url],
      { cwd: dir },
    );
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain('set CACHET_API_KEY');
  }, 60_000);
});
