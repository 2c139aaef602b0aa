// The README's "Using it" commands, run line by line as written, in a fresh folder holding the
// repository's examples/, against the server its quick start runs: each command's exit code, then
// the verdict of every card minted along the way, after a production key that starts tomorrow and
// a key rotation. Only the server's address, the printed token, serial and key id are filled in:
// the dates are words (`tomorrow`, `+24d`), so the walk-through means the same on any day.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalProcess } from '../src/cli/local-worker.js';
import { dayToDate, instantToDay } from '../src/core/index.js';
import { CACHET_BIN, cachet, launchBuiltServer, ROOT } from './helpers/cli.js';
import { clockEnv } from './helpers/dates.js';
import { tempDir } from './helpers/fixture.js';

/** The lines of the first `sh` block under "## Using it". */
function usingIt(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## Using it\n')[1]!.split('\n## ')[0]!;
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block.split('\n').filter((line) => line.trim() !== '');
}

/** A shifted clock (`faketime`) reaches the server and every command, as it reaches this test. */
const CLOCK = clockEnv();

/**
 * `fetch`, tried once more when a kept-alive connection was closed by the server as it was reused
 * (a race on a loaded machine); a server that is gone fails both times.
 */
async function get(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

/** The files the example script makes: never copied, so that the walk-through must make them. */
const MADE = ['card-as-issued.jpg', 'screenshot.jpg', 'scraped-posts'];

interface Card {
  url: string;
  serialText: string;
  /** The verdict it should get at the end. */
  expect: 'authentic' | 'revoked';
  /** The key that should have signed it: the production key from `keygen`, or another. */
  production: boolean;
}

describe('the README, top to bottom', () => {
  const cwd = tempDir('cachet-readme-');
  let server: LocalProcess | undefined;
  afterAll(() => server?.close());

  it('runs every "Using it" command in order, and every card still verifies as it should', async () => {
    server = await launchBuiltServer(cwd, CLOCK);
    const origin = server.url;
    const demo = Object.fromEntries(
      [...server.output().matchAll(/^ {2}(authentic|revoked) +(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(demo)).toEqual(['authentic', 'revoked']);

    // The repository's examples/ as committed (the brand mark, the campaign file), nothing more.
    cpSync(join(ROOT, 'examples'), join(cwd, 'examples'), {
      recursive: true,
      filter: (from) => !MADE.some((name) => from.endsWith(`/examples/${name}`)),
    });
    expect(existsSync(join(cwd, 'examples/logo.png'))).toBe(true);
    expect(existsSync(join(cwd, 'examples/screenshot.jpg'))).toBe(false);
    const tomorrow = dayToDate(instantToDay(new Date()) + 1);

    const cards: Card[] = [];
    let first: { url: string; token: string; serialText: string } | undefined;
    let revokedSerial = '';
    let productionKid = '';
    let rotatedKid = '';
    const substitute = (line: string) =>
      line
        .replace(/^npx cachet /, 'cachet ')
        .replace(/https:\/\/verify\.example\.com\/c\/0005…/g, first?.url ?? 'MISSING')
        .replace(/0005…/g, first?.token ?? 'MISSING')
        .replace(/https:\/\/verify\.example\.com/g, origin)
        .replace(/7K3M-Q9XP-2HT4-W/g, revokedSerial)
        .replace(/<kid>/g, rotatedKid);
    const cli = (...args: string[]) => {
      const r = cachet(args, { cwd, env: CLOCK });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };

    /** What each README line must do; a line this table does not know fails the test. */
    const steps: [RegExp, (out: string) => void | Promise<void>][] = [
      [
        /^cachet keygen /,
        () => {
          productionKid = JSON.parse(cli('key', 'list', '--json')).find(
            (k: { development?: boolean; purpose?: string }) => !k.development && !k.purpose,
          ).kid;
        },
      ],
      [/^cachet (boutique|associate) add /, () => {}],
      [
        /^cachet mint .*--json/,
        (out) => {
          first = JSON.parse(out);
          // The CLI mints for the origin the running server serves, not a port of its own.
          expect(first!.url.startsWith(`${origin}/c/`)).toBe(true);
          cards.push({ ...first!, expect: 'authentic', production: false });
        },
      ],
      [
        /^cachet mint .*--print --mark/,
        (out) => {
          const serialText = /^Minted card (\S+)/m.exec(out)![1]!;
          for (const ext of ['svg', 'png', 'insert.png', 'insert.pdf', 'insert.svg'])
            expect(existsSync(join(cwd, 'cards', `${serialText}.${ext}`)), ext).toBe(true);
          const url = /^ {2}url +(\S+)$/m.exec(out)![1]!;
          cards.push({ url, serialText, expect: 'authentic', production: true });
        },
      ],
      [
        /^cachet mint .*--claim-slip/,
        async (out) => {
          const serialText = /^Minted card (\S+)/m.exec(out)![1]!;
          const code = /^ {2}claim code +(\S+)$/m.exec(out)![1]!;
          const claimUrl = /^ {2}claim url +(\S+)$/m.exec(out)![1]!;
          expect(claimUrl).toBe(`${origin}/claim?code=${code}`);
          expect(existsSync(join(cwd, 'cards', `${serialText}.slip.pdf`))).toBe(true);
          const url = /^ {2}url +(\S+)$/m.exec(out)![1]!;
          expect(url).not.toContain(code.replaceAll('-', ''));
          cards.push({ url, serialText, expect: 'authentic', production: false });
          // The slip's code claims the card, as the README's claim section shows.
          const claimed = await fetch(`${origin}/api/v1/claim`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code, handle: '@camille' }),
          });
          expect(claimed.status).toBe(201);
          const verdict = (await (await fetch(url.replace('/c/', '/api/v1/verify/'))).json()) as {
            claim?: { handle?: string };
          };
          expect(verdict.claim?.handle).toBe('@camille');
        },
      ],
      [
        /^cachet mint --csv /,
        (out) => {
          // 3 cards, each with its QR code, PNG and PDF insert: counted across lanes.
          expect(out).toMatch(/files +9 written/);
          const manifest = readFileSync(join(cwd, 'cards/holiday/manifest.csv'), 'utf8');
          const rows = manifest.trim().split(/\r?\n/).slice(1);
          expect(rows).toHaveLength(3);
          for (const [i, row] of rows.entries()) {
            const [, , serialText, url] = row.split(',');
            cards.push({
              url: url!,
              serialText: serialText!,
              expect: i === 0 ? 'revoked' : 'authentic',
              // The campaign's rows leave the date empty: today's cards, signed by today's key.
              production: false,
            });
          }
          revokedSerial = cards.at(-3)!.serialText;
        },
      ],
      [/^cachet verify (http|\d)/, (out) => expect(out.split('\n')[0]).toBe('authentic')],
      [
        /^npm run --silent examples -- /,
        () => {
          // The photo of a card and the scraped posts, made from the first card by the script.
          for (const name of MADE) expect(existsSync(join(cwd, 'examples', name)), name).toBe(true);
        },
      ],
      [/^cachet verify examples\/screenshot\.jpg/, (out) => expect(out).toMatch(/\bauthentic\b/)],
      [
        /^cachet card reference /,
        (out) => expect(out).toContain(`Recorded the reference photo of ${first!.serialText}`),
      ],
      // The screenshot of a post shows the very card recorded: the same card, exit 0.
      [/^cachet card compare /, (out) => expect(out).toMatch(/^same-card: /)],
      [
        /^cachet verify --dir /,
        () => expect(readFileSync(join(cwd, 'report.csv'), 'utf8')).toMatch(/,authentic,/),
      ],
      [/^cachet revoke /, (out) => expect(out).toContain(`Revoked ${revokedSerial}`)],
      [/^cachet staff add /, (out) => expect(out).toMatch(/cachet_sk_/)],
      [/^curl /, () => {}],
      [/^cachet receipt verify /, () => {}],
      [
        /^cachet log verify .*--reference --photo /,
        (out) => expect(out).toMatch(/This photo is the reference logged at/),
      ],
      [/^cachet log verify /, (out) => expect(out).toMatch(/^In the log \S+\/log: entry \d+/)],
      [
        /^cachet log monitor /,
        (out) => expect(out).toMatch(/\/log: \d+ entries, \d+ new, consistent/),
      ],
      [/^cachet trust pull /, (out) => expect(out).toMatch(/^Saved the trust of http/)],
      [
        /^cachet verify --offline /,
        (out) => {
          expect(out.split('\n')[0]).toBe('authentic');
          expect(out).toMatch(/checked\s+on this machine, with no network/);
        },
      ],
      [
        /^cachet key rotate/,
        () => {
          const keys = JSON.parse(cli('key', 'list', '--json'));
          rotatedKid = keys.find((k: { status: string; purpose?: string }) => {
            return k.status === 'active' && !k.purpose;
          }).kid;
          // The production key had not started: it keeps its window, no validTo before it.
          const production = keys.find((k: { kid: string }) => k.kid === productionKid);
          expect(production).toMatchObject({ status: 'retired', validFrom: tomorrow });
          expect(production.validTo).toBeUndefined();
        },
      ],
      [/^cachet key compromise /, () => {}],
    ];

    for (const line of usingIt()) {
      const command = substitute(line);
      const step = steps.find(([pattern]) => pattern.test(command));
      expect(step, `the test knows no step for: ${line}`).toBeDefined();
      const r = spawnSync(
        'bash',
        [
          '-c',
          // `npx cachet` is the built CLI; `npm run` runs the repository's script from this folder.
          `cachet() { "${process.execPath}" "${CACHET_BIN}" "$@"; }\n` +
            `npm() { command npm --prefix "${ROOT}" "$@"; }\n${command}`,
        ],
        { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...CLOCK }, encoding: 'utf8' },
      );
      expect(r.status, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stderr, command).not.toMatch(/\n\s+at |unexpected error/);
      await step![1](r.stdout);
    }

    // The server takes the rotated keys within seconds; then every card reads as it should.
    const verdict = async (url: string) => {
      const api = url.replace('/c/', '/api/v1/verify/');
      return (await (await get(api)).json()) as { status: string; key: { kid: string } };
    };
    for (let i = 0; i < 50; i++) {
      const jwks = await (await get(`${origin}/.well-known/jwks.json`)).json();
      if (
        jwks.keys.some(
          (k: { kid: string; status: string }) =>
            k.kid === rotatedKid && k.status === 'compromised',
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await verdict(demo.authentic!)).toMatchObject({ status: 'authentic' });
    expect(await verdict(demo.revoked!)).toMatchObject({ status: 'revoked' });
    expect(cards).toHaveLength(6);
    for (const card of cards) {
      const v = await verdict(card.url);
      expect(v.status, card.serialText).toBe(card.expect);
      // Each card was signed by the key its date allows: the production key from tomorrow on.
      expect(v.key.kid === productionKid, card.serialText).toBe(card.production);
      // And the CLI, on this machine's registry, agrees with the server.
      const local = cachet(['verify', card.url], { cwd, env: CLOCK });
      expect(local.stdout.split('\n')[0], card.serialText).toBe(card.expect);
    }
  }, 120_000);
});
