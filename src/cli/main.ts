// The `cachet` command: parse, call a library function, catch once, print, set the exit code.
import { CachetError, showControls } from '../core/index.js';
import { closest, usage, type Command } from './args.js';
import { COMMANDS } from './commands/index.js';
import {
  checkPositionals,
  commandList,
  groupUsage,
  isGroup,
  pickSubCommand,
  type CommandGroup,
} from './sub-commands.js';

const help = () => `Usage: ${commandList('cachet', 'command', COMMANDS)}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    console.error(
      guess
        ? `cachet: no command "${name}": did you mean \`${guess}\`? (cachet --help lists them)`
        : `cachet: no command "${name}"\n\n${help()}`,
    );
    return 2;
  }
  return runCommand(command, rest, `cachet ${name}`);
}

/**
 * Runs `command`, or the sub-command its first word names: with `--help`, prints its usage
 * instead; a group named without a sub-command prints its list (exit 2, as `cachet` alone does).
 * @param path The words so far, as messages name the command: `cachet key`.
 * @param sub Whether `command` is a sub-command: its positionals are checked against its form.
 */
async function runCommand(
  command: Command | CommandGroup,
  argv: string[],
  path: string,
  sub = false,
): Promise<number> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  let picked: ReturnType<typeof pickSubCommand>;
  try {
    if (!isGroup(command)) {
      if (wantsHelp) {
        console.log(usage(command, path));
        return 0;
      }
      if (sub) checkPositionals(command, argv);
      return await command.run(argv);
    }
    picked = pickSubCommand(command, argv);
  } catch (error) {
    const message = userMistake(error);
    if (message === undefined) throw error;
    // A message may quote a registry's or a file's text: its controls are shown, never obeyed.
    console.error(showControls(`${path}: ${message}`, { keepNewlines: true }));
    if (error instanceof CachetError && error.code === 'ERR_INVALID_ARGUMENT') {
      console.error(`(${path} --help lists its ${isGroup(command) ? 'sub-commands' : 'options'})`);
    }
    return 2;
  }
  if (!picked) {
    console.log(groupUsage(command, path));
    return wantsHelp ? 0 : 2;
  }
  return runCommand(picked.command, picked.argv, `${path} ${picked.command.name}`, true);
}

/**
 * What the CLI adds to an error of the core or a service (by its code, or its code and subject):
 * the command or flag that is the way out. Domain messages carry no such hint.
 */
const HINTS: Partial<Record<string, string>> = {
  ERR_KEY_NOT_VALID_FOR_DATE:
    "give --date within a key's dates, or make a key for that date: cachet keygen --valid-from YYYY-MM-DD",
  ERR_DATE_FAR_AHEAD: 'if that date is right, run again with --allow-future-date',
  ERR_NO_SIGNING_KEY: 'run `cachet keygen`, or set CACHET_SIGNING_KEY',
  ERR_NO_RECEIPT_KEY: 'run `cachet keygen --receipt`, or set CACHET_RECEIPT_KEY',
  'ERR_NOT_FOUND:boutique': 'see: cachet boutique list',
  'ERR_NOT_FOUND:associate': 'see: cachet associate list',
};

/** Words of the file system's error codes, for a path the user gave. */
const SYSTEM_ERRORS: Partial<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
};

/**
 * The one line to print for an error a user can fix (a CachetError, or the file system refusing
 * a path they gave); undefined for a defect, which keeps its stack.
 */
function userMistake(error: unknown): string | undefined {
  if (error instanceof CachetError) {
    const hint = HINTS[`${error.code}:${error.subject}`] ?? HINTS[error.code];
    return hint && !error.message.includes(hint) ? `${error.message}\n  ${hint}` : error.message;
  }
  const { code, path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const words = code && SYSTEM_ERRORS[code];
  if (!words) return undefined;
  const writes = ['mkdir', 'rename', 'write', 'unlink', 'copyfile', 'chmod'];
  const verb = syscall && writes.includes(syscall) ? 'cannot write' : 'cannot read';
  return path ? `${verb} ${path}: ${words}` : words;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(showControls(`cachet: unexpected error: ${text}`, { keepNewlines: true }));
    process.exitCode = 2;
  },
);
