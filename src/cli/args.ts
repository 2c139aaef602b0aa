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
    throw new CachetError('ERR_INVALID_ARGUMENT', (error as Error).message);
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
