// Commands made of sub-commands (`cachet key rotate`), declared as a table as citty's
// `subCommands` are: which one runs, the list `cachet key` prints, each one's own usage, the
// check of its positionals and the "did you mean" all come from that one declaration.
import { parseArgs } from 'node:util';
import { CachetError, showControls } from '../core/index.js';
import { closest, parse, rows, type Command, type OptionSpecs } from './args.js';

/** A command whose first word names one of its sub-commands. */
export interface CommandGroup {
  name: string;
  summary: string;
  /** Each sub-command: a command of its own, named by its word (`rotate`), with one form. */
  subCommands: Command[];
}

/** Whether `command` is made of sub-commands. */
export const isGroup = (command: Command | CommandGroup): command is CommandGroup =>
  'subCommands' in command;

/**
 * A list of commands with their one-line summaries, under the line that says how to run them:
 * `cachet <command> [options]`, or `cachet key <sub-command> [options]`.
 */
export function commandList(
  path: string,
  noun: string,
  commands: readonly { name: string; summary: string }[],
): string {
  return [
    `${path} <${noun}> [options]   (${path} <${noun}> --help for its options)`,
    '',
    rows(commands.map((c) => [c.name, c.summary])),
  ].join('\n');
}

/** What `cachet key` (or `cachet key --help`) prints: its sub-commands and their summaries. */
export function groupUsage(group: CommandGroup, path = `cachet ${group.name}`): string {
  return commandList(path, 'sub-command', group.subCommands);
}

/** The options of all of a group's sub-commands, as one declaration. */
function everyOption(group: CommandGroup): OptionSpecs {
  return Object.assign({}, ...group.subCommands.map((c) => c.options)) as OptionSpecs;
}

/**
 * Where the sub-command's word is in `argv`: the first positional, with the options of every
 * sub-command read as declared (so that `--since DATE compromise` skips DATE); -1 when none.
 */
function wordIndex(group: CommandGroup, argv: string[]): number {
  const options = Object.fromEntries(
    Object.entries(everyOption(group)).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short && { short: spec.short }) },
    ]),
  );
  const { tokens } = parseArgs({
    args: argv,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.find((t) => t.kind === 'positional')?.index ?? -1;
}

/**
 * The sub-command `argv` names, and the arguments that are its own (the word taken out); none
 * when `argv` names none.
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the closest sub-command, or all of them.
 */
export function pickSubCommand(
  group: CommandGroup,
  argv: string[],
): { command: Command; argv: string[] } | undefined {
  const at = wordIndex(group, argv);
  if (at < 0) {
    // No word, but an option none of the sub-commands knows: that option is the mistake.
    parse(argv, everyOption(group));
    return undefined;
  }
  const typed = argv[at]!;
  const command = group.subCommands.find((c) => c.name === typed);
  if (command) return { command, argv: [...argv.slice(0, at), ...argv.slice(at + 1)] };
  const names = group.subCommands.map((c) => c.name);
  const guess = closest(typed, names);
  throw new CachetError(
    'ERR_INVALID_ARGUMENT',
    `no sub-command "${showControls(typed)}"${guess ? `: did you mean \`${guess}\`?` : ` (the sub-commands are: ${names.join(', ')})`}`,
  );
}

/**
 * Checks a sub-command's positionals against the words of its form (`<kid>`, `FILE`; one ending
 * in `...` takes more).
 * @throws CachetError `ERR_INVALID_ARGUMENT` naming the one missing, or the first one too many.
 */
export function checkPositionals(command: Command, argv: string[]): void {
  const { values, positionals } = parse(argv, command.options);
  // The form whose required options are given (`staff disable --oidc-subject`), else the first.
  const given = command.forms.find(
    (f) => f.required?.length && f.required.every((name) => values[name] !== undefined),
  );
  const form = given ?? command.forms[0];
  const words = form?.words?.match(/<[^>]+>|\S+/g) ?? [];
  const missing = words[positionals.length];
  if (missing !== undefined) throw new CachetError('ERR_INVALID_ARGUMENT', `missing ${missing}`);
  const extra = positionals[words.length];
  if (extra !== undefined && !words.at(-1)?.endsWith('...')) {
    // `staff disable x --oidc-subject y`: say it is the option that leaves no room for a word.
    const withOptions =
      given && command.forms.length > 1
        ? `with ${given.required!.map((name) => `--${name}`).join(' and ')} it `
        : '';
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${withOptions}${words.length === 0 ? 'takes no argument' : `takes ${words.join(' ')} only`}, not "${showControls(extra)}"`,
    );
  }
}
