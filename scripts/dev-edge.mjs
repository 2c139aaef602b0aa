// `npm run dev:edge`: sets up the local registry as `npm start` does, seeds the local D1 from it,
// starts the Worker in workerd through `wrangler dev`, and prints the demo card URLs once it is
// ready, below wrangler's own lines (printed before, they scrolled out of sight).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DEFAULT_PORT = 8788;
const wrangler = 'node_modules/.bin/wrangler';

const USAGE = `npm run dev:edge [-- --port N]

Runs the Worker locally in workerd on http://127.0.0.1:N, with a local D1 seeded from the
Node registry and the .dev.vars that \`cachet edge-prepare\` writes for that origin.

  --port N   the port to serve on (default: CACHET_EDGE_PORT, else ${DEFAULT_PORT})`;

/** `value` as a TCP port, or an error naming where it came from. */
function port(value, from) {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new Error(`${from} must be a TCP port from 1 to 65535, not "${value}"`);
  }
  return Number(value);
}

/**
 * What `npm run dev:edge -- ARGS` asks for: the port (--port N or --port=N, else
 * CACHET_EDGE_PORT, else 8788) and whether only the usage is wanted.
 * @param {string[]} argv the arguments after the script's name
 * @param {Record<string, string | undefined>} env the environment
 * @returns {{ port: number, help: boolean }}
 * @throws Error naming the argument or the variable that is wrong
 */
export function readDevEdgeOptions(argv, env) {
  let given;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--port') {
      if (argv[i + 1] === undefined) throw new Error('--port needs a value, like --port 9000');
      given = port(argv[++i], '--port');
    } else if (arg.startsWith('--port=')) given = port(arg.slice('--port='.length), '--port');
    else throw new Error(`unknown argument "${arg}"; see: npm run dev:edge -- --help`);
  }
  const fromEnv = env.CACHET_EDGE_PORT?.trim();
  if (given === undefined && fromEnv) given = port(fromEnv, 'CACHET_EDGE_PORT');
  return { port: given ?? DEFAULT_PORT, help };
}

/** Runs a step to its end; its output is shown, or returned with `capture`. */
function step(command, args, { capture = false } = {}) {
  const r = spawnSync(command, args, {
    stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`dev:edge: ${command} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
  return r.stdout;
}

function main() {
  let options;
  try {
    options = readDevEdgeOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`dev:edge: ${error.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const origin = `http://127.0.0.1:${options.port}`;
  const prepared = JSON.parse(
    step(process.execPath, ['bin/cachet.js', 'edge-prepare', '--json', '--origin', origin], {
      capture: true,
    }),
  );
  step(wrangler, ['d1', 'migrations', 'apply', 'cachet', '--local']);
  // wrangler refuses a file with no statement: an empty registry has nothing to seed.
  if (readFileSync(prepared.seed, 'utf8').trim()) {
    step(wrangler, ['d1', 'execute', 'cachet', '--local', '--file', prepared.seed]);
  }

  const links = [
    'Demo cards:',
    ...Object.entries(prepared.demo ?? {})
      .filter(([, url]) => url)
      .map(([status, url]) => `  ${status.padEnd(9)}  ${url}`),
  ];
  if (links.length === 1)
    links.push('  none: this registry holds a brand of its own, or CACHET_DEMO=0');

  const dev = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', String(options.port)], {
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let shown = false;
  dev.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!shown && /Ready on/.test(String(chunk))) {
      shown = true;
      console.log(links.join('\n'));
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
  dev.on('exit', (code) => process.exit(code ?? 0));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
