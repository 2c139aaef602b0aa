// `cachet serve`: the same server `npm start` runs.
import { runNodeServer } from '../../node/run.js';
import { parse, type Command } from '../args.js';

export const serve: Command = {
  name: 'serve',
  summary: 'serve the verification pages and API',
  options: {},
  forms: [{}],
  notes: `Settings come from the environment: PORT (8787), HOST (127.0.0.1), CACHET_DB (data/cachet.db),
CACHET_KEYS_DIR (keys), CACHET_PUBLIC_URL (the origin in card URLs), CACHET_SIGNING_KEY,
CACHET_DEMO=0 (no demo brand).`,
  async run(argv) {
    parse(argv, {});
    await runNodeServer();
    return new Promise<number>(() => {}); // runs until a signal stops the process
  },
};
