// Node entry (`npm start`): reads the settings, sets up a first run (development key, demo brand)
// and serves until SIGINT or SIGTERM. Everything it runs lives in src/node/.
import { CachetError } from './core/index.js';
import { runNodeServer } from './node/run.js';

runNodeServer().catch((error: unknown) => {
  console.error(`cachet: ${error instanceof CachetError ? error.message : String(error)}`);
  process.exit(1);
});
