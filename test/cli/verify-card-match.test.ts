// `cachet verify` on photos of a card the house keeps a reference photo of, the built CLI on a
// registry of its own and against the built server: a phone photo of the card as issued reads
// same-card and exits 0; the genuine code pasted on another card reads different-card, loudly,
// and does not exit 0, in the text, --json and --dir --csv.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../../src/cli/local-worker.js';
import { cachetAsync, cliFolder, launchBuiltServer, type Run } from '../helpers/cli.js';
import { daysFromToday } from '../helpers/dates.js';
import { phonePhoto } from '../helpers/phone-photo.js';
import { renderSignedCard } from '../helpers/signed-card.js';

const WORDS = ['Dear Camille,', 'with love', 'from Paris', 'A.'];
const OTHER_WORDS = ['For Jun,', 'happy birthday', 'see you soon', 'M.'];
const COPY_LINE =
  'this code is genuine, but the card in this photo is not the one it was issued on: a copy';
const SAME_LINE = 'the card in this photo is the card the house issued';

function ok(r: Run): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

// The cards lead to the brand's host, whichever port the server listens on.
const { dir, env, run } = cliFolder('cachet-verify-match-', {
  CACHET_PUBLIC_URL: 'https://verify.brand.co',
});
let card: { serial: string; serialText: string; url: string };
let plain: { serial: string; serialText: string; url: string };
const photos = join(dir, 'photos');
const same = join(photos, 'same.jpg');
const copy = join(photos, 'copy.jpg');
const other = join(photos, 'plain.jpg');

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
  card = JSON.parse(ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--json')));
  plain = JSON.parse(ok(run('mint', '--boutique', 'LON-NB', '--associate', '700', '--json')));
  const reference = await renderSignedCard(card.url, WORDS, 3);
  const referencePath = join(dir, 'reference.jpg');
  writeFileSync(referencePath, reference);
  ok(run('card', 'reference', card.serialText, referencePath));
  mkdirSync(photos);
  writeFileSync(same, await phonePhoto(reference, 90));
  writeFileSync(copy, await phonePhoto(await renderSignedCard(card.url, OTHER_WORDS, 11)));
  writeFileSync(other, await phonePhoto(await renderSignedCard(plain.url, WORDS, 5)));
}, 120_000);

/** The same questions on this machine's registry and on a server. */
function tellsTheCardApart(verify: (...args: string[]) => Promise<Run>) {
  it('says a phone photo of the card as issued is that card, and exits 0', async () => {
    const r = await verify(same);
    expect(ok(r)).toMatch(/^file\s+code\s+result\s+serial\s.*\sdetail\s+match\n/);
    expect(r.stdout).toMatch(/same\.jpg\s+1\s+authentic\s.*\ssame-card\n/);
    expect(r.stdout).toContain(SAME_LINE);
    expect(r.stdout).not.toContain('a copy');
  }, 60_000);

  it('says loudly that the genuine code on another card is a copy, and does not exit 0', async () => {
    const r = await verify(copy);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/copy\.jpg\s+1\s+authentic\s.*\sdifferent-card\n/);
    expect(r.stdout).toContain(`WARNING: ${COPY_LINE}`);

    const json = await verify(copy, '--json');
    expect(json.code).toBe(1);
    const [result] = JSON.parse(json.stdout) as {
      codes: { verdict: { status: string; warnings: string[]; match?: { result: string } } }[];
    }[];
    const verdict = result!.codes[0]!.verdict;
    expect(verdict.status).toBe('authentic');
    expect(verdict.match?.result).toBe('different-card');
    expect(verdict.warnings).toContain('different-card');
  }, 60_000);

  it('gives a match column with --dir --csv, empty for a card with no reference', async () => {
    const r = await verify('--dir', photos, '--csv');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    // The new column comes last: the columns scripts already read keep their places.
    expect(lines[0]).toBe('file,code,result,serial,boutique,issued,associate,detail,match');
    const row = (file: string) => {
      const cells = lines.find((l) => l.startsWith(`${file},`))!.split(',');
      return [cells[2], cells[3], cells[8]];
    };
    expect(row('copy.jpg')).toEqual(['authentic', card.serialText, 'different-card']);
    expect(row('same.jpg')).toEqual(['authentic', card.serialText, 'same-card']);
    expect(row('plain.jpg')).toEqual(['authentic', plain.serialText, '']);
  }, 120_000);
}

describe('cachet verify <photo>, on this machine', () => {
  tellsTheCardApart((...args) => cachetAsync(['verify', ...args], { cwd: dir, env }));

  it('says in its help that a copy does not exit 0', () => {
    const help = ok(run('verify', '--help'));
    expect(help).toContain('1 otherwise (a different-card too)');
    expect(help).toContain('different-card (a genuine code on another card: a');
  });

  it('with --offline, says nothing of the card: no registry, no reference', async () => {
    const r = await cachetAsync(['verify', copy, '--offline'], { cwd: dir, env });
    expect(r.stdout).not.toContain('copy');
    expect(r.stdout).not.toContain('same-card');
  }, 60_000);
});

describe('cachet verify <photo> --server, against the built server', () => {
  let server: LocalProcess;
  beforeAll(async () => {
    server = await launchBuiltServer(dir, { ...env, CACHET_DEMO: '0', CACHET_IMAGE_WORKERS: '1' });
  }, 60_000);
  afterAll(() => server?.close());

  // No registry here: the CLI runs in another folder and asks the server only.
  tellsTheCardApart((...args) =>
    cachetAsync(['verify', ...args, '--server', server.url], { cwd: photos }),
  );
});
