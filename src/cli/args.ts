// Argument parsing for the CLI: node:util parseArgs, with messages that say what to type instead.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CachetError } from '../core/index.js';

/** One option of a command: how it parses, and what its usage says of it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value looks like in usage: N, CODE, FILE, YYYY-MM-DD. Booleans take none. */
  value?: string;
  /** What it does; a second line and more indent under the first. */
  help: string;
  /** The heading it is listed under; options without one are listed first. */
  group?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** `--json`, as most commands declare it. */
export const JSON_OPTION = { type: 'boolean', help: 'print JSON' } as const satisfies OptionSpec;

/** One way to call a command: its words, then the options it needs and those it takes. */
export interface Form {
  /** The positionals, like `<serial>` or `FILE`; a last one ending in `...` takes more. */
  words?: string;
  required?: string[];
  optional?: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Every option the command takes: parsed from these, and its usage written from them. */
  options: OptionSpecs;
  forms: Form[];
  /** What the command does, said before the options. */
  about?: string;
  /** Said after the options: exit status, where settings come from. */
  notes?: string;
  /** Runs the command; the resolved number is the exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** How wide usage text is wrapped. */
const WIDTH = 100;

const flag = (name: string, spec: OptionSpec | undefined) =>
  spec?.value ? `--${name} ${spec.value}` : `--${name}`;

/** `text` cut at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (lines[last] === '') lines[last] = word;
    else if (lines[last]!.length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A form as a synopsis line, wrapped under the command's words (`cachet key rotate`). */
function synopsis(command: Command, form: Form, head: string): string {
  const parts = [
    ...(form.words ? [form.words] : []),
    ...(form.required ?? []).map((n) => flag(n, command.options[n])),
    ...(form.optional ?? []).map((n) => `[${flag(n, command.options[n])}]`),
  ];
  const lines = [head];
  for (const part of parts) {
    const last = lines.length - 1;
    if (lines[last]!.length + 1 + part.length > WIDTH && lines[last]!.trim() !== '') {
      lines.push(' '.repeat(head.length) + ' ' + part);
    } else lines[last] += ` ${part}`;
  }
  return lines.join('\n');
}

/**
 * The usage of a command, written from its declarations: one synopsis line per form, what it
 * does, then every option with its help, by group.
 * @param path The words that run it: `cachet mint`, or `cachet key rotate` for a sub-command.
 */
export function usage(command: Command, path = `cachet ${command.name}`): string {
  const out = command.forms.map((form) => synopsis(command, form, path));
  if (command.about) out.push('', command.about);
  const groups = new Map<string, [string, OptionSpec][]>();
  for (const [name, spec] of Object.entries(command.options)) {
    const group = spec.group ?? '';
    groups.set(group, [...(groups.get(group) ?? []), [name, spec]]);
  }
  for (const [group, options] of [...groups].sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : 0,
  )) {
    out.push('');
    if (group) out.push(group);
    const labels = options.map(([name, spec]) => flag(name, spec));
    const width = Math.max(...labels.map((l) => l.length));
    options.forEach(([, spec], i) => {
      const indent = width + 4;
      const [first, ...more] = spec.help.split('\n').flatMap((line) => wrap(line, WIDTH - indent));
      out.push(`  ${labels[i]!.padEnd(width)}  ${first}`);
      for (const line of more) out.push(`${' '.repeat(indent)}${line}`);
    });
  }
  if (command.notes) out.push('', command.notes);
  return out.join('\n');
}

/** How many single-letter edits (a swap of two neighbours is one) turn `a` into `b`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name `typed` is most likely a typo of (a third of its letters at most), if any. */
export function closest(typed: string, known: readonly string[]): string | undefined {
  return known
    .map((k) => ({ k, d: distance(typed, k) }))
    .sort((a, b) => a.d - b.d)
    .find((c) => c.d <= Math.max(1, Math.floor(c.k.length / 3)))?.k;
}

/** A one-line message for parseArgs' errors, naming the option and the closest known one. */
function usageMessage(error: Error & { code?: string }, options: Options): string {
  const option = /'(-[^'\s]*)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = closest(option.replace(/^-+/, '').split('=')[0]!, Object.keys(options));
    return `unknown option ${option}${guess ? `: did you mean --${guess}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take/.test(error.message)) return `${option} takes no value`;
    // parseArgs reads `--date -1d` as a missing value followed by an option.
    if (/ambiguous/.test(error.message)) {
      return `${option} needs a value (one that starts with a dash is written ${option}=-…)`;
    }
    return `${option} needs a value`;
  }
  return error.message;
}

/** What parseArgs reads of the declarations. */
type Parsed<O extends OptionSpecs> = {
  [K in keyof O]: O[K]['type'] extends 'string' ? { type: 'string' } : { type: 'boolean' };
};

/**
 * A key id or token that begins with '-' (a thumbprint is base64url: one in 64 does): never an
 * option, however it reads.
 */
const LITERAL = /^-[A-Za-z0-9_-]{20,}$/;

/** parseArgs in strict mode; `--help` is always accepted. Unknown options become a usage error. */
export function parse<O extends OptionSpecs>(argv: string[], specs: O) {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [
      name,
      { type: s.type, ...(s.short && { short: s.short }) },
    ]),
  ) as Parsed<O>;
  // Such values are read as what they are: moved after `--`, in their order (each command
  // takes them last).
  const literals = argv.includes('--') ? [] : argv.filter((a) => LITERAL.test(a));
  const args =
    literals.length > 0 ? [...argv.filter((a) => !LITERAL.test(a)), '--', ...literals] : argv;
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean' as const, short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CachetError('ERR_INVALID_ARGUMENT', usageMessage(error as Error, options));
  }
}

/**
 * A command that takes no option but `--json`, as every `list` does: declared from its words and
 * what it does with the flag.
 */
export function jsonOnly(
  command: Omit<Command, 'options' | 'forms' | 'run'> & { run(json: boolean): Promise<number> },
): Command {
  const options = { json: JSON_OPTION };
  return {
    ...command,
    options,
    forms: [{ optional: ['json'] }],
    run: (argv) => command.run(parse(argv, options).values.json ?? false),
  };
}

/** The value of a required option. */
export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new CachetError('ERR_INVALID_ARGUMENT', `--${name} is required`);
  }
  return value;
}

/** An option that must be a whole number in [min, max]. */
export function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--${name} must be a whole number from ${min} to ${max}, not "${text}"`,
    );
  }
  return value;
}

/** Aligned `label  value` lines. */
export function rows(pairs: [string, string][], indent = '  '): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`).join('\n');
}
