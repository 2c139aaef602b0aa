// `cachet log`: the public issuance log. `backfill` gives cards registered before the log their
// entries; `proof` fetches a card's proof (of its issuance, or of its reference photo); `verify`
// checks one, offline when given the files, and a photo against the reference logged;
// `monitor` follows a brand's log and reports any checkpoint that contradicts one it kept, and
// any claim entry no honest claim story holds.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CachetError,
  decodeEntryBundle,
  encodeEntryBundle,
  parseVkey,
  readCardInput,
} from '../../core/index.js';
import {
  checkLogProof,
  checkReferenceProof,
  ENTRY_REFERENCE,
  parseTlogProof,
} from '../../core/index.js';
import {
  describeReport,
  monitorLog,
  type LogSource,
  type MonitorState,
} from '../../services/log-monitor.js';
import { JSON_OPTION, jsonOnly, parse, type Command, type OptionSpecs } from '../args.js';
import { auditCli, openContext } from '../context.js';
import { progressBar } from '../progress.js';
import { httpGet } from '../http.js';
import { serverOrigin } from '../server-origin.js';
import type { CommandGroup } from '../sub-commands.js';

/** Cards given their entries per transaction. */
const STEP = 1000;

/** The token and the server to ask about it: --server, or the card link's own origin. */
function cardAndServer(input: string, server: string | undefined) {
  const card = readCardInput(input);
  const origin = server
    ? serverOrigin(server)
    : card.host
      ? `${card.scheme}//${card.host}`
      : undefined;
  return { digits: card.digits, origin: origin?.replace(/\/+$/, '') };
}

const vkeyText = (value: string) =>
  (existsSync(value) ? readFileSync(value, 'utf8') : value).trim();

async function backfill(json: boolean): Promise<number> {
  const { store } = await openContext({ needRegistry: true });
  try {
    const before = await store.countUnlogged();
    const bar = progressBar(before.withToken);
    const added = await auditCli(
      store,
      'log.backfill',
      { target: 'log' },
      async () => {
        let total = 0;
        for (;;) {
          const cards = await store.unloggedCards(STEP);
          if (cards.length === 0) return total;
          const n = await store.appendToLog(cards, new Date());
          for (const card of cards) bar.tick(card.serial);
          total += n;
          if (n === 0) return total; // nothing more can go in
        }
      },
      (n) => `${n} added, ${before.withoutToken} without a token`,
    );
    bar.done();
    console.log(
      json
        ? JSON.stringify({ added, withoutToken: before.withoutToken })
        : `Added ${added} card${added === 1 ? '' : 's'} to the issuance log` +
            (before.withoutToken > 0
              ? `; ${before.withoutToken} registered before tokens were kept cannot be logged`
              : ''),
    );
    return 0;
  } finally {
    store.close();
  }
}

/** The proof's path on a server: the card's issuance, or its current reference photo. */
const proofPath = (digits: string, reference: boolean | undefined) =>
  `/api/v1/proof/${digits}${reference ? '/reference' : ''}`;

/** Whether a proof text carries a reference entry (0x02); an unreadable one is left to the check. */
function holdsReference(proofText: string): boolean {
  try {
    return parseTlogProof(proofText).extra?.[0] === ENTRY_REFERENCE;
  } catch {
    return false;
  }
}

async function verifyProof(
  input: string,
  values: {
    server?: string;
    proof?: string;
    vkey?: string;
    reference?: boolean;
    photo?: string;
    json?: boolean;
  },
): Promise<number> {
  const { digits, origin } = cardAndServer(input, values.server);
  const needServer = () => {
    if (!origin) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        'give --server, or --proof and --vkey to check offline',
      );
    }
    return origin;
  };
  const photo = values.photo ? new Uint8Array(readFileSync(values.photo)) : undefined;
  const askReference = values.reference || photo !== undefined;
  const proofText = values.proof
    ? readFileSync(values.proof, 'utf8')
    : await (await httpGet(`${needServer()}${proofPath(digits, askReference)}`)).text();
  const vkey = values.vkey
    ? vkeyText(values.vkey)
    : (await (await httpGet(`${needServer()}/log/vkey`)).text()).trim();
  const key = await parseVkey(vkey);
  const keyNote = values.vkey
    ? ''
    : ' (key as the server gave it: pass --vkey to check against a key you hold)';
  try {
    if (askReference || holdsReference(proofText)) {
      const proven = await checkReferenceProof(digits, proofText, key, photo ? { photo } : {});
      const loggedAt = new Date(proven.loggedAt * 1000).toISOString();
      console.log(
        values.json
          ? JSON.stringify({ logged: true, type: 'reference', ...proven, loggedAt, vkey })
          : [
              ...(proven.photo === 'matches'
                ? [`This photo is the reference logged at ${loggedAt}.`]
                : proven.photo === 'matches-once-stripped'
                  ? [
                      `This photo is the reference logged at ${loggedAt}, once its metadata is stripped as the house keeps it.`,
                    ]
                  : []),
              `Reference photo in the log ${proven.origin}: entry ${proven.index}, logged ${loggedAt}, within a checkpoint of ${proven.size} signed by ${key.name}${keyNote}`,
              `  photo SHA-256        ${proven.photoSha256}`,
              `  fingerprint SHA-256  ${proven.fingerprintSha256}`,
            ].join('\n'),
      );
      return 0;
    }
    const proven = await checkLogProof(digits, proofText, key);
    const loggedAt = new Date(proven.loggedAt * 1000).toISOString();
    console.log(
      values.json
        ? JSON.stringify({ logged: true, type: 'issuance', ...proven, loggedAt, vkey })
        : `In the log ${proven.origin}: entry ${proven.index}, logged ${loggedAt}, within a checkpoint of ${proven.size} signed by ${key.name}${keyNote}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof CachetError)) throw error;
    console.log(
      values.json
        ? JSON.stringify({ logged: false, code: error.code, message: error.message })
        : `NOT PROVEN: ${error.message}`,
    );
    return 1;
  }
}

/** The log's prefix: a URL ending in /log, or a server origin (its /log). */
function logPrefix(text: string): string {
  const url = serverOrigin(text).replace(/\/+$/, '');
  return url.endsWith('/log') ? url : `${url}/log`;
}

async function monitor(
  url: string,
  values: { state?: string | undefined; vkey?: string | undefined; json?: boolean | undefined },
): Promise<number> {
  const prefix = logPrefix(url);
  const dir = values.state ?? join('cachet-monitor', new URL(prefix).host.replace(':', '_'));
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const read = (name: string) => (existsSync(file(name)) ? readFileSync(file(name)) : null);
  const state: MonitorState = {
    vkey: read('vkey')?.toString('utf8').trim() ?? null,
    checkpoint: read('checkpoint')?.toString('utf8') ?? null,
    entries: (() => {
      const bundle = read('entries');
      return bundle ? decodeEntryBundle(bundle) : [];
    })(),
  };
  const source: LogSource = {
    text: async (path) => (await httpGet(`${prefix}/${path}`)).text(),
    bytes: async (path) => new Uint8Array(await (await httpGet(`${prefix}/${path}`)).arrayBuffer()),
  };
  const checked = await monitorLog(source, state, {
    ...(values.vkey ? { vkey: vkeyText(values.vkey) } : {}),
  }).catch((error: unknown) => {
    // The key kept from an earlier run no longer signs this log: say which file holds it.
    if (
      error instanceof CachetError &&
      error.code === 'ERR_LOG_SIGNATURE' &&
      state.vkey &&
      !values.vkey
    ) {
      console.error(
        `cachet log monitor: the log's checkpoint is not signed by the key this monitor kept in ${file('vkey')}: a log that changes its key is not the log you followed; if you know why it changed, follow it afresh with --state DIR`,
      );
      return 2;
    }
    // Exit 2 is kept for a log that contradicts itself or changed its key; any other failure,
    // a log out of reach included, is exit 1, so that an alert on 2 never fires for a network
    // fault.
    if (error instanceof CachetError) {
      console.error(`cachet log monitor: ${error.message}`);
      return 1;
    }
    throw error;
  });
  if (typeof checked === 'number') return checked;
  const { report, state: next } = checked;
  if (report.status === 'ok') {
    writeFileSync(file('vkey'), `${next.vkey}\n`);
    writeFileSync(file('checkpoint'), next.checkpoint!);
    writeFileSync(file('entries'), encodeEntryBundle(next.entries));
  } else {
    const evidence = join(dir, `evidence-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(evidence, { recursive: true });
    writeFileSync(join(evidence, 'kept.checkpoint'), report.evidence!.kept);
    writeFileSync(join(evidence, 'served.checkpoint'), report.evidence!.served);
    writeFileSync(join(evidence, 'vkey'), `${state.vkey ?? ''}\n`);
    if (!values.json) console.log(`Evidence saved in ${evidence}`);
  }
  console.log(values.json ? JSON.stringify(report) : describeReport(report).join('\n'));
  return report.status === 'ok' ? 0 : 2;
}

const SERVER = {
  type: 'string',
  value: 'URL',
  help: 'the Cachet server to ask (default: the origin of the card link)',
} as const;
const VKEY = {
  type: 'string',
  value: 'VKEY|FILE',
  help: "the log's verifier key, or a file holding it (GET /log/vkey); trusted as given",
} as const;

const REFERENCE = {
  type: 'boolean',
  help: "the proof of the card's current reference photo, not of its issuance",
} as const;
const PROOF_OPTIONS = { server: SERVER, reference: REFERENCE } satisfies OptionSpecs;
const VERIFY_OPTIONS = {
  server: SERVER,
  proof: {
    type: 'string',
    value: 'FILE',
    help: 'a saved .tlog-proof (from cachet log proof): checked without the network',
  },
  vkey: VKEY,
  reference: REFERENCE,
  photo: {
    type: 'string',
    value: 'FILE',
    help: "check that this photo is the card's logged reference photo (as kept, or as the camera saved it)",
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;
const MONITOR_OPTIONS = {
  state: {
    type: 'string',
    value: 'DIR',
    help: 'where monitor keeps what it saw (default: cachet-monitor/<host>)',
  },
  vkey: VKEY,
  json: JSON_OPTION,
} satisfies OptionSpecs;

const subCommands: Command[] = [
  jsonOnly({
    name: 'backfill',
    summary: 'give every registered card with no log entry one',
    about: [
      'Every registered card with no log entry gets one, logged now (its day stays the day on the',
      'card); running it again adds nothing. Cards registered before tokens were kept cannot be',
      'logged, and are counted.',
    ].join('\n'),
    run: backfill,
  }),
  {
    name: 'proof',
    summary: "print a card's proof of inclusion in the log",
    options: PROOF_OPTIONS,
    forms: [{ words: '<token|url>', optional: ['server', 'reference'] }],
    about: [
      "Prints the card's c2sp.org/tlog-proof (save it as card.tlog-proof); with --reference, the",
      "proof of its current reference photo's entry (save it as reference.tlog-proof).",
    ].join('\n'),
    async run(argv) {
      const { values, positionals } = parse(argv, PROOF_OPTIONS);
      const { digits, origin } = cardAndServer(positionals[0]!, values.server);
      if (!origin) throw new CachetError('ERR_INVALID_ARGUMENT', 'give --server, or a card link');
      process.stdout.write(
        await (await httpGet(`${origin}${proofPath(digits, values.reference)}`)).text(),
      );
      return 0;
    },
  },
  {
    name: 'verify',
    summary: 'check that a card is in the log, offline when given the files',
    options: VERIFY_OPTIONS,
    forms: [
      {
        words: '<token|url>',
        optional: ['server', 'proof', 'vkey', 'reference', 'photo', 'json'],
      },
    ],
    about: [
      'Checks that the card is in the log: its entry, the signed checkpoint and the inclusion',
      'proof; with --proof and --vkey it needs no network. A proof of a reference photo (from',
      'log proof --reference, or asked with --reference) is checked as such: its entry holds the',
      "card's token hash and the photo's SHA-256; --photo FILE also checks that FILE is that very",
      'photo: byte for byte, or once its metadata is stripped as the house strips it before keeping it.',
    ].join('\n'),
    notes: [
      'Exit status: 0 when the card (or its reference photo, and the --photo given) is proven in',
      'the log, 1 when not, 2 when no proof could be had (the server out of reach, or holding',
      'none: a card not yet logged, or with no reference photo recorded).',
    ].join('\n'),
    async run(argv) {
      const { values, positionals } = parse(argv, VERIFY_OPTIONS);
      return verifyProof(positionals[0]!, values);
    },
  },
  {
    name: 'monitor',
    summary: "follow a brand's log and report any checkpoint that contradicts one kept",
    options: MONITOR_OPTIONS,
    forms: [{ words: '<url>', optional: ['state', 'vkey', 'json'] }],
    about: [
      "Checks the log's newest checkpoint against the one kept from the last run, and rebuilds the",
      'tree from the entry bundles; reports the entries logged each day by type (cards issued,',
      'reference photos recorded, claim events by event), any whose card is dated far from when',
      'it was logged, any of a type it does not know, and flags a claim the house reassigned,',
      'erased or renumbered (CLAIM FLAGGED: a claim with no card, a change, release or void of',
      'a claim never made or already ended, a second claim over a standing one, a number that',
      'goes backwards or skips).',
    ].join('\n'),
    notes: [
      'Exit status: 0 when the log is consistent, 2 when two of its signed checkpoints contradict',
      'each other (both are saved as evidence beside its state) or its checkpoint is no longer',
      'signed by the key kept, 1 on any other error (a log out of reach included).',
    ].join('\n'),
    async run(argv) {
      const { values, positionals } = parse(argv, MONITOR_OPTIONS);
      return monitor(positionals[0]!, values);
    },
  },
];

export const log: CommandGroup = {
  name: 'log',
  summary: 'the public issuance log: add old cards, prove a card is in it, follow it',
  subCommands,
};
