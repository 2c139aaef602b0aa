#!/usr/bin/env node
// The `cachet` command: runs the compiled CLI in dist/ (built by `npm ci`, `npm start` or `npm run build`).
import { existsSync } from 'node:fs';

// Checked before any native code loads: the registry's driver (better-sqlite3) crashes older Node
// without a word. Exit 2, as for any setup mistake (1 is `verify`'s "not authentic").
const MIN_NODE = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE) {
  console.error(
    `cachet: this is Node ${process.versions.node}, and Cachet needs Node ${MIN_NODE} or later: run \`npx cachet\` in the Cachet folder (it uses the Node that npm installed there), or install Node ${MIN_NODE} or later.`,
  );
  process.exit(2);
}

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'cachet: the CLI is not built yet; run `npm run build` in the Cachet folder first.',
  );
  process.exit(2);
}
await import(main.href);
