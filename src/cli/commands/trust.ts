// `cachet trust pull`: saves what checking cards with no network needs (the brand's JWK Set, its
// signed trust bundle, the revocation list the bundle names and the log's latest checkpoint),
// after checking each against the others. `cachet verify --offline` reads the folder.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CachetError, isCachetError, loadTrust, type LoadedTrust } from '../../core/index.js';
import { JSON_OPTION, parse, rows, type Command, type OptionSpecs } from '../args.js';
import { httpGet } from '../http.js';
import { serverOrigin } from '../server-origin.js';
import type { CommandGroup } from '../sub-commands.js';
import {
  freshness,
  parseJwks,
  TRUST_FILES as FILES,
  TRUST_ROOT,
  trustDirFor,
} from '../trust-dir.js';

async function fetchBytes(url: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const response = await httpGet(url, { missingOk: true });
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

async function fetchRequired(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await fetchBytes(url);
  if (!bytes)
    throw new CachetError('ERR_NOT_FOUND', `${url} is not there: is this a Cachet server?`);
  return bytes;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Pulls and checks a server's trust, and saves it in `dir` whole (or leaves `dir` as it was). */
async function pull(
  server: string,
  options: { dir?: string | undefined; jwks?: string | undefined },
) {
  // The scheme is never guessed: a bare host could be pulled over http where https was meant.
  const origin = new URL(serverOrigin(server, 'trust pull')).origin;
  const dir = options.dir ?? trustDirFor(origin);
  const jwksBytes = options.jwks
    ? new Uint8Array(readFileSync(options.jwks))
    : await fetchRequired(`${origin}/.well-known/jwks.json`);
  const trusted = await parseJwks(jwksBytes, options.jwks ?? `${origin}/.well-known/jwks.json`);
  // The bundle and the list are rebuilt together on the server: should a revocation land between
  // the two requests, the pair disagrees, and is fetched again.
  let bundle = '';
  let list = new Uint8Array();
  let loaded: LoadedTrust | undefined;
  for (let attempt = 1; !loaded; attempt++) {
    bundle = text(await fetchRequired(`${origin}/.well-known/cachet/trust.jws`));
    list = await fetchRequired(`${origin}/.well-known/cachet/revocations`);
    try {
      loaded = await loadTrust(bundle, list, { now: new Date(), trusted });
    } catch (error) {
      const retry =
        isCachetError(error, 'ERR_TRUST_INVALID') && /SHA-256|disagrees/.test(error.message);
      if (!retry || attempt === 3) throw error;
    }
  }
  const checkpoint = loaded.bundle.log ? await fetchBytes(`${origin}/log/checkpoint`) : null;
  // Written to a fresh folder, then moved into place: a pull cut short leaves the old trust.
  const staging = `${dir}.partial-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, FILES.bundle), bundle);
  writeFileSync(join(staging, FILES.list), list);
  writeFileSync(join(staging, FILES.jwks), jwksBytes);
  if (checkpoint) writeFileSync(join(staging, FILES.checkpoint), checkpoint);
  writeFileSync(
    join(staging, FILES.source),
    `${JSON.stringify({ server: origin, pulledAt: new Date().toISOString() }, null, 2)}\n`,
  );
  if (existsSync(dir)) renameSync(dir, `${staging}.old`);
  renameSync(staging, dir);
  rmSync(`${staging}.old`, { recursive: true, force: true });
  return { dir, loaded, checkpoint: checkpoint !== null };
}

const OPTIONS = {
  dir: {
    type: 'string',
    value: 'DIR',
    help: `where to save it (default: ${TRUST_ROOT}/<host>)`,
  },
  jwks: {
    type: 'string',
    value: 'FILE',
    help: "the brand's JWK Set from a source you trust, instead of the server's own",
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;

const pullCommand: Command = {
  name: 'pull',
  summary: "fetch, check and save a brand's keys, trust bundle, revocations and log checkpoint",
  options: OPTIONS,
  forms: [{ words: '<url>', optional: ['dir', 'jwks', 'json'] }],
  about: [
    "Fetches the brand's JWK Set, its trust bundle (/.well-known/cachet/trust.jws), the",
    'revocation list the bundle names and the log checkpoint; checks the bundle against the',
    'JWK Set and the list against the bundle; saves them together, or changes nothing.',
    'Pull again before the bundle expires (a week): a device refuses an expired one.',
  ].join('\n'),
  notes: 'Exit status: 0 when saved, 1 when anything did not check (nothing is saved then).',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    const { dir, loaded, checkpoint } = await pull(positionals[0]!, values);
    const now = new Date();
    if (values.json) {
      console.log(
        JSON.stringify({
          dir,
          iss: loaded.bundle.iss,
          keys: loaded.bundle.keys.length,
          revocations: loaded.revocations.count,
          revocationsAsOf: new Date(loaded.revocations.generatedAt * 1000).toISOString(),
          expires: new Date(loaded.bundle.exp * 1000).toISOString(),
          checkpoint,
        }),
      );
      return 0;
    }
    console.log(`Saved the trust of ${loaded.bundle.iss} in ${dir}/`);
    console.log(
      rows([
        ['signed by', `${loaded.signedBy} (in the JWK Set ${values.jwks ?? 'the server serves'})`],
        ['keys', String(loaded.bundle.keys.length)],
        ['revocations', `${loaded.revocations.count}, as of ${freshness(loaded, now)}`],
        [
          'log',
          loaded.bundle.log
            ? `${loaded.bundle.log.origin}${checkpoint ? '' : ' (no checkpoint yet)'}`
            : 'none',
        ],
      ]),
    );
    return 0;
  },
};

export const trust: CommandGroup = {
  name: 'trust',
  summary: 'save what checking cards with no network needs (cachet verify --offline)',
  subCommands: [pullCommand],
};
