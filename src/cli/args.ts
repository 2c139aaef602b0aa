// Argument parsing for the CLI: node:util parseArgs, with messages that say what to type instead.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CachetError } from '../core/index.js';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; the resolved number is the exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** How many single-letter edits turn `a` into `b`. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length]!;
}

/** A one-line message for parseArgs' errors, naming the option and the closest known one. */
function usageMessage(error: Error & { code?: string }, options: Options): string {
  const option = /'(-[^'\s]*)/.exec(error.message)?.[1] ?? '';
  const known = Object.keys(options);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = option.replace(/^-+/, '').split('=')[0]!;
    const closest = known
      .map((k) => ({ k, d: distance(name, k) }))
      .sort((a, b) => a.d - b.d)
      .find((c) => c.d <= Math.max(1, Math.floor(c.k.length / 3)));
    return `unknown option ${option}${closest ? `: did you mean --${closest.k}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take/.test(error.message)
      ? `${option} takes no value`
      : `${option} needs a value`;
  }
  return error.message;
}

/** parseArgs in strict mode; `--help` is always accepted. Unknown options become a usage error. */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CachetError('ERR_INVALID_ARGUMENT', usageMessage(error as Error, options));
  }
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
