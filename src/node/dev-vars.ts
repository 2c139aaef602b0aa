// The `.dev.vars` file `wrangler dev` reads the Worker's variables and secrets from: Cachet's
// lines written, an operator's own lines kept, and the file private to its owner (it holds keys).
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { CachetError } from '../core/index.js';

/** The name a dotenv line sets (`NAME=…`, `export NAME=…`); undefined for comments and blanks. */
function nameOf(line: string): string | undefined {
  return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
}

/** A value as one dotenv line reads it back: single-quoted (taken as is), so JSON stays whole. */
function quoted(name: string, value: string): string {
  if (/['\r\n]/.test(value)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${name} cannot be written to .dev.vars: its value holds a quote or a line break`,
    );
  }
  return `${name}='${value}'`;
}

/**
 * Writes `vars` into the dotenv file at `path`. The lines already there that set other names
 * (and comments) are kept, first; lines setting one of these names are replaced. The file is
 * written anew with mode 0600, whatever it had, then moved into place.
 * @returns How many of the file's earlier lines were kept.
 */
export async function writeDevVars(
  path: string,
  vars: Readonly<Record<string, string>>,
): Promise<{ kept: number }> {
  let before = '';
  try {
    before = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const kept = before
    .split('\n')
    .filter((line, i, all) => !(i === all.length - 1 && line === ''))
    .filter((line) => {
      const name = nameOf(line);
      return name === undefined || !Object.hasOwn(vars, name);
    });
  const ours = Object.entries(vars).map(([name, value]) => quoted(name, value));
  const text = `${[...kept, ...ours].join('\n')}\n`;
  await writePrivateFile(path, text);
  return { kept: kept.filter((line) => line.trim() !== '').length };
}

/**
 * Writes `text` to `path` readable by its owner alone (0600, whatever the umask or the mode the
 * file had): a new file under a temporary name, then moved into place, so a link at `path` is
 * replaced, never followed.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
