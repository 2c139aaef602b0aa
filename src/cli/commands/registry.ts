// `cachet registry check`: the consistency check of services/registry-check.ts on this machine's
// registry and keys; exit 1 and every problem named when it is not clean.
import { jsonOnly } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';

export const registry: CommandGroup = {
  name: 'registry',
  summary: 'check that the registry, the issuance log, the revocation list and the keys agree',
  subCommands: [
    jsonOnly({
      name: 'check',
      summary: 'check the registry, the log, the revocation list and the keys; exit 1 on a problem',
      async run() {
        throw new Error('cachet registry check: not built yet');
      },
    }),
  ],
};
