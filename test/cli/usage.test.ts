// Each command's usage is written from its option declarations: nothing declared is left out of
// it, nothing in it is undeclared, and it fits a terminal. A command made of sub-commands lists
// them, and each sub-command has a usage of its own.
import { describe, expect, it } from 'vitest';
import { usage, type Command } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { groupUsage, isGroup } from '../../src/cli/sub-commands.js';

/** Every command that runs, with the words that run it. */
const LEAVES: [string, Command][] = COMMANDS.flatMap((c) =>
  isGroup(c)
    ? c.subCommands.map((sub) => [`cachet ${c.name} ${sub.name}`, sub] as [string, Command])
    : [[`cachet ${c.name}`, c] as [string, Command]],
);

describe.each(LEAVES)('%s --help', (path, command) => {
  const text = usage(command, path);

  it('lists every declared option with its help, and names no other', () => {
    for (const [name, spec] of Object.entries(command.options)) {
      expect(text).toContain(`--${name}`);
      expect(text).toContain(spec.help.split('\n')[0]!.split(' ').slice(0, 4).join(' '));
    }
    const named = new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!));
    for (const form of command.forms) {
      for (const name of [...(form.required ?? []), ...(form.optional ?? [])]) {
        expect(command.options, `form option --${name}`).toHaveProperty([name]);
      }
    }
    // Flags of other tools (wrangler, npm) stay out of the synopsis; ours are all declared.
    const synopsis = text.split('\n\n')[0]!;
    for (const name of named) {
      if (synopsis.includes(`--${name}`)) expect(command.options).toHaveProperty([name]);
    }
  });

  it('starts with its synopsis and fits in 100 columns', () => {
    expect(text.startsWith(`${path} `) || text === path || text.startsWith(`${path}\n`)).toBe(true);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe.each(COMMANDS.filter(isGroup).map((g) => [g.name, g] as const))(
  'cachet %s',
  (name, group) => {
    it('lists each sub-command with its summary, in 100 columns', () => {
      const text = groupUsage(group);
      expect(text).toMatch(new RegExp(`^cachet ${name} <sub-command>`));
      for (const sub of group.subCommands) {
        expect(text).toMatch(
          new RegExp(`^ {2}${sub.name} +${sub.summary.replace(/[()|?*+.]/g, '\\$&')}$`, 'm'),
        );
      }
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    });
  },
);
