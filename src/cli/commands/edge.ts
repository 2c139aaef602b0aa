// `cachet edge-prepare`: what `npm run dev:edge` needs before wrangler starts workerd.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CachetError, instantToDay, showControls, type Signer } from '../../core/index.js';
import { ensureDemo } from '../../services/demo.js';
import { readNodeConfig } from '../../config.js';
import { exportEdgeRegistry, NOT_IN_EXPORT, type EdgeExport } from '../../node/edge-export.js';
import { writeDevVars, writePrivateFile } from '../../node/dev-vars.js';
import { openNodeRuntime } from '../../node/runtime.js';
import { privateKeyPath, readJwks } from '../../store/key-files.js';
import { loadOrCreateLogKey, logKeyPath } from '../../store/log-key.js';
import { dumpRegistrySql } from '../../store/sql-dump.js';
import { refuseExisting } from '../../store/sql-load.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import { httpGet } from '../http.js';
import { serverOrigin } from '../server-origin.js';
import type { CommandGroup } from '../sub-commands.js';

const OPTIONS = {
  origin: {
    type: 'string',
    value: 'URL',
    help: "the local Worker's origin: its CACHET_PUBLIC_URL, where the demo card URLs point (default http://127.0.0.1:8788)",
  },
  seed: {
    type: 'string',
    value: 'FILE',
    help: 'the registry as SQL for `wrangler d1 execute --local` (default .wrangler/cachet-seed.sql)',
  },
  vars: {
    type: 'string',
    value: 'FILE',
    help: "the Worker's variables and secrets for `wrangler dev`, written mode 0600 as it holds private keys (default .dev.vars, git-ignored)",
  },
  json: { type: 'boolean', help: 'print the files and demo URLs as JSON' },
} satisfies OptionSpecs;

/**
 * A signer's private JWK as one line of JSON: the secret it was read from
 * (CACHET_SIGNING_KEY, CACHET_RECEIPT_KEY), or its file in keys/private.
 */
async function privateJwkText(
  config: { keysDir: string },
  signer: Signer,
  secret: string | undefined,
): Promise<string> {
  const text = secret ?? (await readFile(privateKeyPath(config.keysDir, signer.key.kid), 'utf8'));
  return JSON.stringify(JSON.parse(text));
}

/** `key i5LF… (development)`, or `no key` */
const describeSigner = (signer: Signer | null | undefined) =>
  signer ? `key ${signer.key.kid}${signer.key.development ? ' (development)' : ''}` : 'no key';

export const edgePrepare: Command = {
  name: 'edge-prepare',
  summary: 'seed file and .dev.vars for the Worker in local workerd',
  options: OPTIONS,
  forms: [{ optional: ['origin', 'seed', 'vars', 'json'] }],
  about: 'Sets up the local registry as npm start does (development key, demo brand), then writes:',
  notes: [
    'The vars file gets CACHET_PUBLIC_URL (--origin) and CACHET_VERIFY_HOSTS (its host),',
    'CACHET_JWKS (keys/jwks.json), the private keys npm start signs with today',
    '(CACHET_SIGNING_KEY, CACHET_RECEIPT_KEY) and the log key (CACHET_LOG_KEY, CACHET_LOG_ORIGIN):',
    'the local Worker mints and signs as npm start does. As it holds private keys, it is written',
    'mode 0600; keep it out of git (.dev.vars is git-ignored). Lines of those names are replaced;',
    'every other line of the file is kept.',
  ].join('\n'),
  async run(argv) {
    const { values } = parse(argv, OPTIONS);
    const origin = new URL(serverOrigin(values.origin ?? 'http://127.0.0.1:8788', '--origin'))
      .origin;
    const seed = values.seed ?? '.wrangler/cachet-seed.sql';
    const vars = values.vars ?? '.dev.vars';
    const config = readNodeConfig(process.env);
    const log = values.json ? console.error : console.log;
    const { store, signers, receiptSigner } = await openNodeRuntime(config, {
      firstRun: true,
      log,
    });
    try {
      const demo = config.demo ? await ensureDemo(store, signers, origin, new Date()) : null;
      await mkdir(dirname(seed), { recursive: true });
      // The whole registry, reporters' contacts and claim codes included: its owner's alone.
      await writePrivateFile(seed, dumpRegistrySql(store.db));
      const written: Record<string, string> = {
        CACHET_PUBLIC_URL: origin,
        // The origin's host, which CACHET_PUBLIC_URL makes a verify host already: written out
        // so that the file says which host the local Worker calls genuine.
        CACHET_VERIFY_HOSTS: new URL(origin).host,
        CACHET_JWKS: JSON.stringify(await readJwks(config.keysDir)),
      };
      // The keys npm start signs with today, so the local Worker mints and signs as it does.
      const signer = signers.find(instantToDay(new Date()));
      if (signer) {
        written.CACHET_SIGNING_KEY = await privateJwkText(config, signer, config.signingKey);
      } else {
        log('No card key here may sign today: the local Worker will only verify.');
      }
      if (receiptSigner) {
        written.CACHET_RECEIPT_KEY = await privateJwkText(config, receiptSigner, config.receiptKey);
      }
      // The Worker's own issuance log, signed with this machine's log key.
      await loadOrCreateLogKey(config.keysDir);
      const logKey = await readFile(logKeyPath(config.keysDir), 'utf8');
      written.CACHET_LOG_KEY = JSON.stringify(JSON.parse(logKey));
      written.CACHET_LOG_ORIGIN = `${new URL(origin).host}/log`;
      await mkdir(dirname(vars), { recursive: true });
      const { kept } = await writeDevVars(vars, written);
      if (values.json) {
        const demoUrls = {
          authentic: demo?.authentic?.url ?? null,
          revoked: demo?.revoked?.url ?? null,
        };
        const keys = { signing: signer?.key.kid ?? null, receipt: receiptSigner?.key.kid ?? null };
        console.log(JSON.stringify({ seed, vars, origin, keys, kept, demo: demoUrls }));
        return 0;
      }
      console.log(
        rows([
          ['seed', `${seed} (from ${config.dbPath})`],
          [
            'vars',
            `${vars} (mode 0600: it holds private keys${kept > 0 ? `; ${kept} line${kept === 1 ? '' : 's'} of your own kept` : ''})`,
          ],
          ['origin', `${origin} (CACHET_PUBLIC_URL)`],
          [
            'keys',
            `CACHET_JWKS from ${config.keysDir}/jwks.json; signs with ${describeSigner(signer)}, receipts with ${describeSigner(receiptSigner)}; the log's key`,
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
  'persist-to': {
    type: 'string',
    value: 'DIR',
    help: "wrangler's local state folder, as given to wrangler dev --persist-to (default .wrangler/state)",
  },
  json: { type: 'boolean', help: 'print what was exported as JSON' },
} satisfies OptionSpecs;

/** `cachet-edge-20261207T051502Z.db`: sorts by time, one a second. */
const defaultOut = (now: Date) =>
  `cachet-edge-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}.db`;

/** The Worker's newest signed checkpoint and the log's vkey, from the Worker itself. */
async function fetchCheckpoint(url: string) {
  const origin = serverOrigin(url, '--checkpoint').replace(/\/+(log\/checkpoint)?\/*$/, '');
  const source = `${origin}/log/checkpoint`;
  const note = await (await httpGet(source, { timeoutMs: 15_000 })).text();
  const vkey = (await (await httpGet(`${origin}/log/vkey`, { timeoutMs: 15_000 })).text()).trim();
  return { note, vkey, source };
}

function printExport(e: EdgeExport): void {
  const c = e.counts;
  const cp = e.log.checkpoint;
  const logLine =
    `${e.log.placed} entr${e.log.placed === 1 ? 'y' : 'ies'} placed (of ${c.logEntries}), tiles rebuilt` +
    (cp
      ? cp.matches
        ? `; the root matches the Worker's checkpoint at size ${cp.size}`
        : `; the Worker's checkpoint at size ${cp.size} does NOT match`
      : '; the root was not checked');
  console.log(
    `Exported D1 ${e.database} (${e.remote ? 'remote' : 'local'}) to ${e.path} (${e.bytes.toLocaleString('en')} bytes)`,
  );
  console.log(
    rows([
      ['cards', String(c.cards)],
      ['revocations', String(c.revocations)],
      ['boutiques', String(c.boutiques)],
      ['associates', String(c.associates)],
      ['staff', String(c.staff)],
      ['claims', String(c.claims)],
      ['reports', String(c.reports)],
      ['log', logLine],
    ]),
  );
  if (e.problems.length > 0) {
    console.log(`\n${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}:`);
    for (const p of e.problems)
      console.log(showControls(`  ${p.check}${p.subject ? ` ${p.subject}` : ''}: ${p.message}`));
  }
  if (e.notes.length > 0) {
    console.log('\nNotes:');
    for (const n of e.notes)
      console.log(showControls(`  ${n.check}${n.subject ? ` ${n.subject}` : ''}: ${n.message}`));
  }
  if (e.notChecked.length > 0) {
    console.log('\nNot checked:');
    for (const line of e.notChecked) console.log(`  - ${line}`);
  }
  console.log('\nNot in the export (D1 holds none of it):');
  for (const line of NOT_IN_EXPORT) console.log(`  - ${line}`);
  console.log(
    [
      '',
      'To check it again:  CACHET_DB=' + e.path + ' cachet registry check',
      'To serve it here:   CACHET_DB=' +
        e.path +
        ' npm start   (with the keys/ folder the Worker was deployed from)',
    ].join('\n'),
  );
}

/** `cachet edge export`: the Worker's D1 brought down to a registry file this CLI checks. */
export const edge: CommandGroup = {
  name: 'edge',
  summary: "the Worker's registry: export D1 to a file that `cachet registry check` reads",
  subCommands: [
    {
      name: 'export',
      summary: 'bring D1 down (wrangler d1 export) to a registry file, then check it',
      options: EXPORT_OPTIONS,
      forms: [{ optional: ['remote', 'out', 'checkpoint', 'persist-to', 'json'] }],
      about: [
        'Exports D1 with `wrangler d1 export` into a new SQLite registry file, rebuilds the',
        "issuance log's tiles from the entries D1 has placed (the Worker keeps them in R2), checks",
        "the rebuilt root against the Worker's signed checkpoint when given --checkpoint (and keeps",
        'that checkpoint in the file when it holds), then runs the registry check on the file.',
      ].join('\n'),
      notes: [
        'Exit status: 0 when the file is written and its check is clean, 1 when it is written and',
        'the check found a problem (each one is named), 2 when nothing was written (the file',
        "exists, wrangler failed). --remote uses wrangler's own login.",
      ].join('\n'),
      async run(argv) {
        const { values } = parse(argv, EXPORT_OPTIONS);
        const now = new Date();
        if (values.remote && values['persist-to'] !== undefined) {
          throw new CachetError(
            'ERR_INVALID_ARGUMENT',
            '--persist-to is for the local D1, not --remote',
          );
        }
        const out = values.out ?? defaultOut(now);
        refuseExisting(out);
        const checkpoint = values.checkpoint ? await fetchCheckpoint(values.checkpoint) : undefined;
        const exported = await exportEdgeRegistry({
          out,
          remote: values.remote ?? false,
          persistTo: values['persist-to'],
          checkpoint,
          now,
        });
        if (values.json) console.log(JSON.stringify({ ...exported, notInExport: NOT_IN_EXPORT }));
        else printExport(exported);
        return exported.problems.length > 0 ? 1 : 0;
      },
    },
  ],
};
