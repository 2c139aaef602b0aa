// `cachet card`: the card as issued. `reference` records the photo of a written card (its code in
// the frame) on this machine's registry or a server's; `compare` tells legal whether a later photo
// shows that same card. The rules are the reference service's; each action is audited.
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  CachetError,
  formatSerial,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  parseSerial,
  parseTokenText,
  readCardInput,
  serialToHex,
  type GreyImage,
} from '../../core/index.js';
import { cliApiKey } from '../../config.js';
import { nodeCardMatcher } from '../../node/card-matcher.js';
import { imagePool } from '../../node/image-pool.js';
import { encodeGreyPng } from '../../services/grey-png.js';
import {
  compareWithReference,
  recordReference,
  type RecordedReference,
  type ReferenceComparison,
  type ReferencePorts,
} from '../../services/references.js';
import { JSON_OPTION, parse, rows, type Command, type OptionSpecs } from '../args.js';
import type { Actor } from '../../services/access.js';
import { auditCli, withContext } from '../context.js';
import { httpSendJson } from '../http.js';
import { serverOrigin } from '../server-origin.js';
import type { CommandGroup } from '../sub-commands.js';

const SERVER = {
  type: 'string',
  value: 'URL',
  help: "record on a Cachet server's registry instead of this machine's, signed in with the API key in CACHET_API_KEY",
} as const;

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/** The photo file, read whole once it is known to be a file of at most the image limit. */
function readPhoto(path: string): Uint8Array {
  const found = statSync(path, { throwIfNoEntry: false });
  if (!found) throw new CachetError('ERR_NOT_FOUND', `no file ${path}`);
  if (!found.isFile()) throw new CachetError('ERR_INVALID_ARGUMENT', `${path} is not a file`);
  if (found.size > MAX_IMAGE_BYTES) {
    throw new CachetError('ERR_IMAGE_TOO_LARGE', `${path} is over ${MAX_IMAGE_BYTES / 2 ** 20} MB`);
  }
  return new Uint8Array(readFileSync(path));
}

/**
 * The card a word names: its serial as printed, or the card URL or token digits its code holds
 * (what a boutique or legal has at hand). The token is only read for its serial here: whether it
 * is genuine is the reference service's to check against the registry.
 */
function serialOf(typed: string): Uint8Array {
  try {
    return parseSerial(typed);
  } catch (error) {
    const { digits, host } = readCardInput(typed);
    if (/^\d{40,}$/.test(digits)) return parseTokenText(digits).claims.serial;
    if (host !== undefined) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `${typed} is a link, but not to a card: a card URL ends in /c/ and the card's digits`,
      );
    }
    throw error;
  }
}

/** The card and the photo: two words, checked before anything is opened. */
function serialAndPhoto(positionals: string[]) {
  if (positionals.length !== 2) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      'give the card (its serial, card URL or token) and the photo file',
    );
  }
  const [card, photo] = positionals as [string, string];
  if (isFile(card) && !isFile(photo)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${card} is a file: give the card first, then the photo (<card> <photo>)`,
    );
  }
  const serial = serialOf(card);
  return { serial, hex: serialToHex(serial), photo: readPhoto(photo) };
}

/** Runs `work` with the reference service's ports over this machine's registry. */
function withLocalPorts<T>(
  work: (ports: ReferencePorts, store: Parameters<typeof auditCli>[0], actor: Actor) => Promise<T>,
) {
  return withContext({ needRegistry: true }, ({ store, config, actor }) =>
    work(
      {
        store,
        admin: store.admin(),
        // One photo on this thread: nothing else waits on it.
        cardMatcher: nodeCardMatcher(imagePool({ workers: 0, maxPixels: MAX_IMAGE_PIXELS })),
        now: () => new Date(),
        replaceDays: config.referenceReplaceDays,
        maxPixels: MAX_IMAGE_PIXELS,
      },
      store,
      actor,
    ),
  );
}

/** Sends the photo to the server's admin API; its refusal becomes the same error, its words kept. */
async function askServer<T>(server: string, method: string, path: string, photo: Uint8Array) {
  const key = cliApiKey(process.env);
  if (!key) {
    throw new CachetError(
      'ERR_UNAUTHENTICATED',
      'set CACHET_API_KEY to a staff API key to use --server',
    );
  }
  const url = `${serverOrigin(server).replace(/\/+$/, '')}/api/v1/admin${path}`;
  return httpSendJson<T>(url, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
    body: photo,
  });
}

/** What the audit log adds, as the admin API writes it. */
const auditDetail = (r: RecordedReference) =>
  `photo ${r.current.photoSha256.slice(0, 16)}${r.replaced ? `, replaced ${r.replaced.photoSha256.slice(0, 16)}` : ''}`;

const REFERENCE_OPTIONS = { server: SERVER, json: JSON_OPTION } satisfies OptionSpecs;

const reference: Command = {
  name: 'reference',
  summary: 'record the photo of a written card (its code in the frame) as its reference',
  options: REFERENCE_OPTIONS,
  forms: [{ words: '<card> <photo>', optional: ['server', 'json'] }],
  about: `Once the card is written, photograph it whole, handwriting and code in one frame (JPEG, PNG
or WebP). The photo must show this card's own code. Its metadata (place, camera, time) is
stripped before it is kept; its SHA-256 and its fingerprint's go into the public issuance log.
Recording again replaces the reference, until the days after minting CACHET_REFERENCE_REPLACE_DAYS
allows (7 by default); the one replaced is kept. Only legal and the managers of the card's
boutique can see the photo. The card is named by its serial, its card URL or its token.`,
  notes: 'Exit status: 0 when recorded, 2 when refused (the message says why).',
  async run(argv) {
    const { values, positionals } = parse(argv, REFERENCE_OPTIONS);
    const { serial, hex, photo } = serialAndPhoto(positionals);
    const recorded = values.server
      ? await askServer<RecordedReference>(values.server, 'PUT', `/cards/${hex}/reference`, photo)
      : await withLocalPorts((ports, store, actor) =>
          auditCli(
            store,
            'card.reference.record',
            { target: hex },
            () => recordReference(ports, actor, hex, photo),
            (r) => auditDetail(r),
          ),
        );
    if (values.json) {
      console.log(JSON.stringify(recorded));
      return 0;
    }
    const c = recorded.current;
    console.log(
      `Recorded the reference photo of ${formatSerial(serial)}${recorded.replaced ? ` (replacing the one of ${recorded.replaced.recordedAt})` : ''}`,
    );
    console.log(
      rows([
        ['photo SHA-256', c.photoSha256],
        ['fingerprint SHA-256', c.fingerprintSha256],
        ['replaceable until', recorded.replaceUntil],
      ]),
    );
    return 0;
  },
};

const COMPARE_OPTIONS = {
  server: {
    ...SERVER,
    help: 'compare on a Cachet server, signed in with the API key in CACHET_API_KEY',
  },
  views: {
    type: 'string',
    value: 'FOLDER',
    help: "write reference.png, photo.png (brought into the card's frame) and difference.png there",
  },
  json: JSON_OPTION,
} satisfies OptionSpecs;

/** What each answer says, for a person. */
const SAYS = {
  'same-card': 'the card in the photo is the card as issued',
  'different-card':
    "the code is this card's, but the card in the photo is NOT the one it was issued on: a copy",
  'cannot-tell': 'the photo shows too little of the card, or too poorly, to tell',
} as const;
const EXIT = { 'same-card': 0, 'different-card': 1, 'cannot-tell': 3 } as const;

type Answer = Omit<ReferenceComparison, 'views'> & {
  views?: {
    reference: GreyImage | string;
    photo: GreyImage | string;
    difference: GreyImage | string;
  };
};

const compare: Command = {
  name: 'compare',
  summary: 'tell whether a photo shows the card as issued or a copy (legal, managers)',
  options: COMPARE_OPTIONS,
  forms: [{ words: '<card> <photo>', optional: ['server', 'views', 'json'] }],
  about: `Compares the card around the code in the photo (a phone photo, a screenshot, a scan) with the
reference photo recorded when the card was issued, using the code's corners to bring the photo
into the card's own frame. The answer is same-card, different-card or cannot-tell, with a score
and what was compared. On a server, only legal and the managers of the card's boutique may. The
card is named by its serial, its card URL or its token.`,
  notes:
    'Exit status: 0 same-card, 1 different-card, 3 cannot-tell, 2 when no comparison was made.',
  async run(argv) {
    const { values, positionals } = parse(argv, COMPARE_OPTIONS);
    const { hex, photo } = serialAndPhoto(positionals);
    const views = values.views !== undefined;
    if (values.views !== undefined) viewsFolder(values.views);
    const answer: Answer = values.server
      ? await askServer<Answer>(
          values.server,
          'POST',
          `/cards/${hex}/compare${views ? '?views=1' : ''}`,
          photo,
        )
      : await withLocalPorts((ports, store, actor) =>
          auditCli(
            store,
            'card.reference.compare',
            { target: hex },
            () => compareWithReference(ports, actor, hex, photo, { views }),
            (c) => `${c.match.result} ${c.match.score.toFixed(3)}`,
          ),
        );
    if (values.views !== undefined && answer.views) await writeViews(values.views, answer.views);
    const m = answer.match;
    if (values.json) {
      const { views: _views, ...rest } = answer;
      console.log(JSON.stringify(rest));
      return EXIT[m.result];
    }
    console.log(`${m.result}: ${SAYS[m.result]} (score ${m.score.toFixed(3)})`);
    console.log(
      rows([
        [
          'compared',
          `${m.compared.blocks} blocks of ink, ${m.compared.matched} alike; ${Math.round(m.compared.coverage * 100)} % of the reference's area shown`,
        ],
        ...(m.compared.reason ? [['why', m.compared.reason] as [string, string]] : []),
        [
          'reference',
          `recorded ${answer.reference.recordedAt}, photo SHA-256 ${answer.reference.photoSha256}`,
        ],
        ...(values.views !== undefined ? [['views', values.views] as [string, string]] : []),
      ]),
    );
    return EXIT[m.result];
  },
};

/** The three pictures as PNG files in `folder` (from the comparison, or the server's data URLs). */
/**
 * The folder the views go to, made now if it is not there (its parent must be), before anything is
 * compared: a file in its place, or a folder that cannot be made, is said in one line.
 */
function viewsFolder(folder: string): string {
  const found = statSync(folder, { throwIfNoEntry: false });
  if (found) {
    if (!found.isDirectory()) {
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `${folder} is a file, not a folder for --views`,
      );
    }
    return folder;
  }
  const parent = statSync(dirname(resolve(folder)), { throwIfNoEntry: false });
  if (!parent?.isDirectory()) {
    throw new CachetError('ERR_NOT_FOUND', `no folder ${dirname(folder)} to make ${folder} in`);
  }
  try {
    mkdirSync(folder);
  } catch (error) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `cannot make the folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return folder;
}

async function writeViews(folder: string, views: NonNullable<Answer['views']>) {
  for (const name of ['reference', 'photo', 'difference'] as const) {
    const view = views[name];
    const bytes =
      typeof view === 'string'
        ? Buffer.from(view.slice(view.indexOf(',') + 1), 'base64')
        : await encodeGreyPng(view);
    writeFileSync(join(folder, `${name}.png`), bytes);
  }
}

export const card: CommandGroup = {
  name: 'card',
  summary: 'a card as issued: record its reference photo, compare a photo with it',
  subCommands: [reference, compare],
};
