#!/usr/bin/env node
// The `cachet` command: runs the compiled CLI in dist/ (built by `npm ci`, `npm start` or `npm run build`).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'cachet: the CLI is not built yet; run `npm run build` in the Cachet folder first.',
  );
  process.exit(2);
}
await import(main.href);
