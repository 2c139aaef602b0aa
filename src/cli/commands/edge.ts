// `cachet edge-prepare`: what `npm run dev:edge` needs before wrangler starts workerd.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDemo } from '../../services/demo.js';
import { readNodeConfig } from '../../config.js';
import { openNodeRuntime } from '../../node/runtime.js';
import { readJwks } from '../../store/key-files.js';
import { loadOrCreateLogKey, logKeyPath } from '../../store/log-key.js';
import { dumpRegistrySql } from '../../store/sql-dump.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';

const OPTIONS = {
  origin: {
    type: 'string',
    value: 'URL',
    help: 'where the demo card URLs point (default http://127.0.0.1:8788)',
  },
  seed: {
    type: 'string',
    value: 'FILE',
    help: 'the registry as SQL for `wrangler d1 execute --local` (default .wrangler/cachet-seed.sql)',
  },
  vars: {
    type: 'string',
    value: 'FILE',
    help: 'CACHET_JWKS for `wrangler dev` (default .dev.vars, git-ignored)',
  },
  json: { type: 'boolean', help: 'print the files and demo URLs as JSON' },
} satisfies OptionSpecs;

export const edgePrepare: Command = {
  name: 'edge-prepare',
  summary: 'seed file and .dev.vars for the Worker in local workerd',
  options: OPTIONS,
  forms: [{ optional: ['origin', 'seed', 'vars', 'json'] }],
  about: 'Sets up the local registry as npm start does (development key, demo brand), then writes:',
  async run(argv) {
    const { values } = parse(argv, OPTIONS);
    const origin = values.origin ?? 'http://127.0.0.1:8788';
    const seed = values.seed ?? '.wrangler/cachet-seed.sql';
    const vars = values.vars ?? '.dev.vars';
    const config = readNodeConfig(process.env);
    const log = values.json ? console.error : console.log;
    const { store, signers } = await openNodeRuntime(config, { firstRun: true, log });
    try {
      const demo = config.demo ? await ensureDemo(store, signers, origin, new Date()) : null;
      await mkdir(dirname(seed), { recursive: true });
      await writeFile(seed, dumpRegistrySql(store.db));
      const jwks = JSON.stringify(await readJwks(config.keysDir));
      // The Worker's own issuance log, signed with this machine's log key.
      await loadOrCreateLogKey(config.keysDir);
      const logKey = (await readFile(logKeyPath(config.keysDir), 'utf8')).trim();
      const logOrigin = `${new URL(origin).host}/log`;
      await writeFile(
        vars,
        `CACHET_JWKS='${jwks}'\nCACHET_LOG_KEY='${logKey}'\nCACHET_LOG_ORIGIN=${logOrigin}\n`,
      );
      if (values.json) {
        const demoUrls = {
          authentic: demo?.authentic?.url ?? null,
          revoked: demo?.revoked?.url ?? null,
        };
        console.log(JSON.stringify({ seed, vars, demo: demoUrls }));
        return 0;
      }
      console.log(
        rows([
          ['seed', `${seed} (from ${config.dbPath})`],
          [
            'vars',
            `${vars} (CACHET_JWKS from ${config.keysDir}/jwks.json, CACHET_LOG_KEY and CACHET_LOG_ORIGIN)`,
          ],
          ...(demo?.authentic ? [['authentic', demo.authentic.url] as [string, string]] : []),
          ...(demo?.revoked ? [['revoked', demo.revoked.url] as [string, string]] : []),
        ]),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

const EXPORT_OPTIONS = {
  remote: {
    type: 'boolean',
    help: "the deployed Worker's D1 (default: the local one of dev:edge)",
  },
  out: {
    type: 'string',
    value: 'FILE',
    help: 'the registry file to write (default: cachet-edge-<UTC stamp>.db); never overwritten',
  },
  checkpoint: {
    type: 'string',
    value: 'URL',
    help: "the Worker whose /log/checkpoint the export's log is checked against",
  },
  json: { type: 'boolean', help: 'print what was exported as JSON' },
} satisfies OptionSpecs;

/** `cachet edge export`: the Worker's D1 brought down to a registry file this CLI checks. */
export const edge: CommandGroup = {
  name: 'edge',
  summary: "the Worker's registry: export D1 to a file that `cachet registry check` reads",
  subCommands: [
    {
      name: 'export',
      summary: 'bring D1 down (wrangler d1 export) to a registry file, then check it',
      options: EXPORT_OPTIONS,
      forms: [{ optional: ['remote', 'out', 'checkpoint', 'json'] }],
      async run(argv) {
        parse(argv, EXPORT_OPTIONS);
        throw new Error('cachet edge export: not built yet');
      },
    },
  ],
};
