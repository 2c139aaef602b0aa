// Asks for a secret (a passphrase) on the terminal without echoing it. Only on a TTY: a
// command run from a script is given a file instead, and says so.
import { CachetError } from '../core/index.js';

/** Whether a secret can be asked for here (both ends of the terminal are a TTY). */
export const canAsk = () => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** Reads one line from the terminal with echo off; Ctrl+C or Ctrl+D gives up. */
export function askSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') {
          return finish(new CachetError('ERR_INVALID_ARGUMENT', 'no passphrase given'));
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
