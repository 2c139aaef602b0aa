// Sub-commands are declared, as options are: the built `cachet` picks one by its word, tells a
// mistyped word the one meant (exit 2, as for a mistyped command), lists them with their
// summaries when none is given (exit 2, as `cachet` alone), and gives each its own usage with
// only its own options. Nothing here opens or makes a registry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { isGroup } from '../../src/cli/sub-commands.js';
import { cachet } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture.js';

const cwd = tempDir('cachet-sub-');
const run = (...args: string[]) => cachet(args, { cwd });

/** Each command made of sub-commands: a typo of one, and a sub-command's own options and not. */
const GROUPS: {
  name: string;
  words: string[];
  typo: [string, string];
  help: { sub: string; has: string[]; lacks: string[] };
}[] = [
  {
    name: 'key',
    words: ['list', 'rotate', 'compromise'],
    typo: ['rotat', 'rotate'],
    help: { sub: 'rotate', has: ['--receipt', '--force', '--json'], lacks: ['--since'] },
  },
  {
    name: 'staff',
    words: ['add', 'list', 'disable', 'enable'],
    typo: ['disabel', 'disable'],
    help: { sub: 'add', has: ['--role ROLE', '--name NAME', '--boutique CODE'], lacks: [] },
  },
  {
    name: 'boutique',
    words: ['add', 'list'],
    typo: ['lsit', 'list'],
    help: { sub: 'list', has: ['--json'], lacks: ['--code', '--country'] },
  },
  {
    name: 'associate',
    words: ['add', 'list'],
    typo: ['ad', 'add'],
    help: { sub: 'list', has: ['--boutique CODE', '--json'], lacks: ['--number', '--name'] },
  },
  {
    name: 'log',
    words: ['backfill', 'proof', 'verify', 'monitor'],
    typo: ['monitr', 'monitor'],
    help: { sub: 'monitor', has: ['--state DIR', '--vkey'], lacks: ['--server', '--proof'] },
  },
  {
    name: 'trust',
    words: ['pull'],
    typo: ['pul', 'pull'],
    help: { sub: 'pull', has: ['--dir DIR', '--jwks FILE'], lacks: [] },
  },
  {
    name: 'witness',
    words: ['serve'],
    typo: ['serv', 'serve'],
    help: { sub: 'serve', has: ['--name NAME', '--log', '--port N'], lacks: [] },
  },
  {
    name: 'receipt',
    words: ['verify'],
    typo: ['verfy', 'verify'],
    help: { sub: 'verify', has: ['--jwks FILE', '--token'], lacks: [] },
  },
];

/** A declared sub-command's one-line summary. */
function summaryOf(group: string, word: string): string {
  const command = COMMANDS.find((c) => c.name === group)!;
  if (!isGroup(command)) throw new Error(`cachet ${group} declares no sub-commands`);
  return command.subCommands.find((s) => s.name === word)!.summary;
}

describe.each(GROUPS)('cachet $name', ({ name, words, typo, help }) => {
  it('tells a mistyped sub-command the one meant, in one line, and exits 2', () => {
    const r = run(name, typo[0]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `cachet ${name}: no sub-command "${typo[0]}": did you mean \`${typo[1]}\`?`,
    );
    expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(2);
    expect(r.stdout).toBe('');
  });

  it('with no sub-command, lists them with their summaries and exits 2', () => {
    const r = run(name);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^cachet ${name} <sub-command>`));
    const listed = [...r.stdout.matchAll(/^ {2}(\S+) +(.+)$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(words.map((w) => [w, summaryOf(name, w)]));
    expect(run(name, '--help')).toMatchObject({ code: 0, stdout: r.stdout });
  });

  it(`gives \`${help.sub} --help\` the usage of that sub-command, with its own options only`, () => {
    const r = run(name, help.sub, '--help');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^cachet ${name} ${help.sub}\\b`));
    for (const option of help.has) expect(r.stdout).toContain(option);
    for (const option of help.lacks) expect(r.stdout).not.toContain(option);
  });
});

describe('a sub-command', () => {
  it('says which declared argument is missing, or which one is too many', () => {
    const missing = run('key', 'compromise', '--since', 'today');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cachet key compromise: missing <kid>');
    expect(missing.stderr).toContain('(cachet key compromise --help lists its options)');
    const extra = run('log', 'backfill', 'now');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('cachet log backfill: takes no argument, not "now"');
    // Both ways of naming whom to disable: the option is what leaves no room for the staff id.
    const both = run('staff', 'disable', 'stf_x', '--oidc-subject', 'x');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'cachet staff disable: with --oidc-subject it takes no argument, not "stf_x"',
    );
    // A word with a line break in it stays on the message's one line.
    expect(run('log', 'backfill', 'a\nb').stderr).toContain(
      'cachet log backfill: takes no argument, not "a\\x0ab"',
    );
    // Only options the user gave are named.
    const added = run('staff', 'add', 'extra');
    expect(added.code).toBe(2);
    expect(added.stderr).toContain('cachet staff add: takes no argument, not "extra"');
    expect(run('key', 'compromise', 'k1', 'extra', '--since', 'today').stderr).toContain(
      'cachet key compromise: takes <kid> only, not "extra"',
    );
  });

  it('is found after options given before it, and refuses an option of another one', () => {
    const r = run('key', '--since', 'today', 'compromise');
    expect(r.stderr).toContain('cachet key compromise: missing <kid>');
    const other = run('key', 'list', '--since', 'today');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('cachet key list: unknown option --since');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('names an option no sub-command knows, given without a sub-command', () => {
    const r = run('key', '--jsn');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cachet key: unknown option --jsn: did you mean --json?');
    expect(r.stdout).toBe('');
  });
});
