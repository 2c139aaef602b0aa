// `npm run dev:edge`: sets up the local registry as `npm start` does, seeds the local D1 from it,
// starts the Worker in workerd through `wrangler dev`, and prints the demo card URLs once it is
// ready, below wrangler's own lines (printed before, they scrolled out of sight).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const PORT = 8788;
const wrangler = 'node_modules/.bin/wrangler';

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

const prepared = JSON.parse(
  step(
    process.execPath,
    ['bin/cachet.js', 'edge-prepare', '--json', '--origin', `http://127.0.0.1:${PORT}`],
    {
      capture: true,
    },
  ),
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

const dev = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', String(PORT)], {
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
