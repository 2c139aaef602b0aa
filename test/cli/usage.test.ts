// Each command's usage is written from its option declarations: nothing declared is left out of
// it, nothing in it is undeclared, and it fits a terminal.
import { describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

describe.each(COMMANDS.map((c) => [c.name, c] as const))('cachet %s --help', (_, command) => {
  const text = usage(command);

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
    expect(text).toMatch(new RegExp(`^cachet ${command.name}`));
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
