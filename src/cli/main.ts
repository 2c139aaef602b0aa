// The `cachet` command: parse, call a library function, catch once, print, set the exit code.
import { CachetError } from '../core/index.js';
import type { Command } from './args.js';
import { associate, boutique } from './commands/boutique.js';
import { edgePrepare } from './commands/edge.js';
import { key } from './commands/key.js';
import { keygen } from './commands/keygen.js';
import { mint } from './commands/mint.js';
import { receipt } from './commands/receipt.js';
import { revoke } from './commands/revoke.js';
import { serve } from './commands/serve.js';
import { staff } from './commands/staff.js';
import { verify } from './commands/verify.js';

const COMMANDS: Command[] = [
  keygen,
  key,
  boutique,
  associate,
  mint,
  verify,
  revoke,
  receipt,
  staff,
  serve,
  edgePrepare,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cachet <command> [options]   (cachet <command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`cachet: no command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CachetError) {
      // The usage first, so that the message (a CSV file's list of problems, say) is the last
      // thing on the screen.
      if (error.code === 'ERR_INVALID_ARGUMENT') console.error(`${command.usage}\n`);
      console.error(`cachet ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('cachet: unexpected error:', error);
    process.exitCode = 2;
  },
);
