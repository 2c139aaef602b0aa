// `cachet mint`: one card (registry row first, then the token, then its files), or a campaign
// batch from a CSV file.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { CachetError, dateToDay, OCCASIONS, type SigningKeys } from '../../core/index.js';
import { CAMPAIGN_COLUMNS, parseCampaign, runBatch } from '../../node/batch.js';
import {
  checkInsertOptions,
  INSERT_DEFAULTS,
  layoutInsert,
  PAPER,
  type InsertOptions,
  type Paper,
} from '../../print/insert.js';
import { MAX_ASSOCIATE } from '../../services/boutiques.js';
import { isFarAhead, MAX_DAYS_AHEAD, mintCardAs } from '../../services/mint.js';
import { csvText } from '../../services/csv.js';
import { qrRenderer } from '../../node/qr-pool.js';
import { printFile, printSlipFile, SLIP_FORMATS } from '../../print/print-files.js';
import { loadMark, nodePrintTools } from '../../node/print-node.js';
import { ECC_LEVELS, type Ecc } from '../../print/qr.js';
import { renderQr } from '../../node/render-qr.js';
import { integer, parse, required, rows, type Command, type OptionSpecs } from '../args.js';
import { auditCli, openContext, requireSigners } from '../context.js';
import { progressBar } from '../progress.js';
import { resolveDate } from '../relative-date.js';

const ONE = 'One card:';
const PRINT =
  'Print files (--print): <serial>.insert.png (600 dpi), .insert.pdf (vector) and .insert.svg';
const BATCH = `A campaign batch (--csv FILE), columns:
  ${CAMPAIGN_COLUMNS.join(', ')}
  (date, occasion, client_ref, copies and claim_slip may be left empty or out; copies is 1 by
  default; an optional key column names a row's cards for good)
  claim_slip (yes, true or 1) gives each of a row's cards a claim slip: its code goes in the
  manifest (claim_code, claim_url) and <serial>.slip.pdf; the registry keeps only its hash, so a
  run again shows it only from the manifest it finds in the batch folder.
  Every row is checked before anything is minted. Each card has a key made of the batch name,
  the row and the copy number: running the same file again, even after a crash, mints nothing
  twice and finishes what is missing.`;

const OPTIONS = {
  boutique: { type: 'string', value: 'CODE', help: 'the boutique the card is from', group: ONE },
  associate: { type: 'string', value: 'N', help: 'the associate who signs it', group: ONE },
  date: {
    type: 'string',
    value: 'DATE',
    help: 'issue date: YYYY-MM-DD, today, tomorrow or +Nd (N days from today, UTC;\ndefault: today)',
    group: ONE,
  },
  occasion: { type: 'string', value: 'NAME', help: `one of: ${OCCASIONS.join(', ')}`, group: ONE },
  'client-ref': {
    type: 'string',
    value: 'REF',
    help: "the brand's CRM reference: kept in the registry for legal, never in the token",
    group: ONE,
  },
  out: {
    type: 'string',
    value: 'DIR',
    help: 'folder for the files (default: cards; a batch: cards/<batch>)\none card: <serial>.svg and <serial>.png, the QR code alone, for designers\na batch: <serial>.svg per card, the print files with --print, and manifest.csv',
  },
  ecc: { type: 'string', value: 'L|M|Q|H', help: 'QR error correction level (default: M)' },
  json: {
    type: 'boolean',
    help: 'print {serial, serialText, token, url, qrText, qrVersion, files}; with --claim-slip\nalso claimCode and claimUrl',
  },
  print: { type: 'boolean', help: 'also write the print files', group: PRINT },
  'qr-width': {
    type: 'string',
    value: 'MM',
    help: `the QR code with its 4-module quiet zone (default ${INSERT_DEFAULTS.qrWidth}); modules\nstay at least 0.33 mm, on whole 600-dpi dots`,
    group: PRINT,
  },
  margin: {
    type: 'string',
    value: 'MM',
    help: `white space inside the trim (default ${INSERT_DEFAULTS.margin})`,
    group: PRINT,
  },
  bleed: {
    type: 'string',
    value: 'MM',
    help: `paper beyond the trim, cut off by the printer (default ${INSERT_DEFAULTS.bleed})`,
    group: PRINT,
  },
  mark: {
    type: 'string',
    value: 'FILE',
    help: 'the brand mark above the QR code (PNG, JPEG, WebP or SVG)',
    group: PRINT,
  },
  'mark-height': {
    type: 'string',
    value: 'MM',
    help: `its height (default ${INSERT_DEFAULTS.markHeight})`,
    group: PRINT,
  },
  origin: {
    type: 'string',
    value: 'URL',
    help: "the origin cards point to (default: this shell's CACHET_PUBLIC_URL, PORT and HOST, or the origin the server last served); needed when the two differ",
  },
  'claim-slip': {
    type: 'boolean',
    help: 'add a claim slip for the envelope, written as <serial>.slip.pdf, .png and .svg; its code is shown this once (the registry keeps only a salted hash)',
    group: ONE,
  },
  'allow-future-date': {
    type: 'boolean',
    help: `mint cards dated more than ${MAX_DAYS_AHEAD} days ahead (refused otherwise: a card is permanent)`,
  },
  csv: { type: 'string', value: 'FILE', help: 'the campaign file', group: BATCH },
  batch: {
    type: 'string',
    value: 'NAME',
    help: "the batch's name in those keys (default: the file's name)",
    group: BATCH,
  },
  'contact-sheet': {
    type: 'string',
    value: 'a4|letter',
    help: 'contact-sheet-<paper>.pdf: every insert, with crop marks (and slips-<paper>.pdf:\nthe claim slips this run minted)',
    group: BATCH,
  },
  'include-client-ref': {
    type: 'boolean',
    help: 'add client_ref to the manifest (it holds none by default)',
    group: BATCH,
  },
} satisfies OptionSpecs;

const PRINT_OPTIONS = ['print', 'qr-width', 'margin', 'bleed', 'mark', 'mark-height'];

export const mint: Command = {
  name: 'mint',
  summary: 'mint a card and its QR code and print files, or a campaign batch from a CSV file',
  options: OPTIONS,
  forms: [
    {
      required: ['boutique', 'associate'],
      optional: [
        'date',
        'occasion',
        'client-ref',
        'allow-future-date',
        'claim-slip',
        'origin',
        'out',
        'ecc',
        ...PRINT_OPTIONS,
        'json',
      ],
    },
    {
      required: ['csv'],
      optional: [
        'batch',
        'allow-future-date',
        'origin',
        'out',
        ...PRINT_OPTIONS,
        'contact-sheet',
        'include-client-ref',
        'json',
      ],
    },
  ],
  async run(argv) {
    const { values } = parse(argv, OPTIONS);
    const ecc = (values.ecc ?? 'M').toUpperCase() as Ecc;
    if (!ECC_LEVELS.includes(ecc))
      throw new CachetError('ERR_INVALID_ARGUMENT', '--ecc is one of L, M, Q, H');
    const print = await printOptions(values);
    if (values.csv !== undefined) return mintBatch(values, ecc, print);
    for (const name of ['batch', 'contact-sheet', 'include-client-ref'] as const) {
      if (values[name] !== undefined)
        throw new CachetError('ERR_INVALID_ARGUMENT', `--${name} goes with --csv`);
    }
    const request = {
      boutique: required(values, 'boutique'),
      associate: integer(required(values, 'associate'), 'associate', 0, MAX_ASSOCIATE),
      date: resolveDate(values.date, new Date()),
      occasion: values.occasion,
      clientRef: values['client-ref'],
      allowFutureDate: values['allow-future-date'],
      claimSlip: values['claim-slip'],
    };
    const { store, signers, keyring, config, mintedFor, actor } = await openContext({
      mint: { origin: values.origin },
    });
    try {
      // Sizes and the output folder are checked before the card is minted, not after.
      if (print) checkInsertOptions(config.origin, print);
      const dir = resolve(values.out ?? 'cards');
      await mkdir(dir, { recursive: true });
      const ctx = {
        store,
        signers: requireSigners(signers, keyring),
        origin: config.origin,
        now: new Date(),
        claims: store.claims(),
      };
      const record = { target: '' };
      const card = await auditCli(store, 'card.mint', record, async () => {
        const minted = await mintCardAs(actor, request, ctx);
        record.target = minted.serial;
        return minted;
      });
      await mintedFor(config.origin);
      const qr = await renderQr(card.url, { ecc });
      const files: Record<string, string> = {
        svg: join(dir, `${card.serialText}.svg`),
        png: join(dir, `${card.serialText}.png`),
      };
      await writeFile(files.svg!, qr.svg);
      await writeFile(files.png!, qr.png);
      let insert;
      if (print) {
        insert = layoutInsert(card.url, card.serialText, print);
        for (const format of ['png', 'pdf', 'svg'] as const) {
          const file = await printFile(card, format, print, nodePrintTools);
          const key = `insert${format[0]!.toUpperCase()}${format.slice(1)}`;
          files[key] = join(dir, file.filename);
          await writeFile(files[key]!, file.body);
        }
      }
      if (card.claimCode) {
        const boutique = await store.findBoutique(card.claims.boutique);
        const slip = {
          claimCode: card.claimCode,
          claimUrl: card.claimUrl!,
          serialText: card.serialText,
          boutique: boutique?.name ?? request.boutique,
        };
        for (const format of SLIP_FORMATS) {
          const file = await printSlipFile(slip, format, { mark: print?.mark }, nodePrintTools);
          const key = `slip${format[0]!.toUpperCase()}${format.slice(1)}`;
          files[key] = join(dir, file.filename);
          // Only its owner reads it: the code claims the card.
          await writeFile(files[key]!, file.body, { mode: 0o600 });
        }
      }
      const { serial, serialText, token, url, claimCode, claimUrl } = card;
      if (values.json) {
        console.log(
          JSON.stringify({
            serial,
            serialText,
            token,
            url,
            qrText: qr.text,
            qrVersion: qr.version,
            ...(claimCode && { claimCode, claimUrl }),
            ...(insert && {
              print: {
                widthMm: round(insert.drawing.width),
                heightMm: round(insert.drawing.height),
                moduleMm: round(insert.moduleMm),
              },
            }),
            files,
          }),
        );
        return 0;
      }
      console.log(`Minted card ${serialText}`);
      console.log(
        rows([
          ['url', url],
          ['issued', card.issued],
          ...(claimCode
            ? ([
                ['claim code', claimCode],
                ['claim url', claimUrl!],
              ] as [string, string][])
            : []),
          [
            'qr',
            `version ${qr.version} (${17 + 4 * qr.version} × ${17 + 4 * qr.version} modules), ECC ${ecc}`,
          ],
          ...(insert
            ? ([
                [
                  'insert',
                  `${round(insert.drawing.width)} × ${round(insert.drawing.height)} mm, modules ${round(insert.moduleMm)} mm`,
                ],
              ] as [string, string][])
            : []),
          ...Object.entries(files).map(([k, v]) => [k, v] as [string, string]),
        ]),
      );
      if (claimCode) {
        console.log(
          '  note    the claim code is shown this once: the registry keeps only its hash. Put the\n          slip in the envelope, never with the card in a photo.',
        );
      }
      developmentNote(signers, [card.issued]);
      return 0;
    } finally {
      store.close();
    }
  },
};

const round = (mm: number) => Math.round(mm * 100) / 100;

/** Whether a row of the file is dated further ahead than minting allows without asking. */
function farAhead(rows: { date?: string | undefined }[]): boolean {
  const now = new Date();
  return rows.some((row) => {
    try {
      return row.date !== undefined && isFarAhead(dateToDay(row.date), now);
    } catch {
      return false; // a date that does not parse is a problem of its own
    }
  });
}

/** Says so when a card of these dates was signed with a development key. */
function developmentNote(signers: SigningKeys, dates: string[]) {
  if (dates.some((date) => signers.find(dateToDay(date))?.key.development))
    console.log('  note    signed with the DEVELOPMENT key: not for real cards');
}

function millimetres(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--${name} is in millimetres, like 18 or 2.5, not "${text}"`,
    );
  }
  return value;
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** The insert options, or undefined when no print file is asked for. */
async function printOptions(values: Values): Promise<InsertOptions | undefined> {
  const named = ['qr-width', 'margin', 'bleed', 'mark', 'mark-height'] as const;
  const given = named.filter((n) => values[n] !== undefined);
  if (!values.print && values['contact-sheet'] === undefined) {
    if (given.length)
      throw new CachetError('ERR_INVALID_ARGUMENT', `--${given[0]} goes with --print`);
    return undefined;
  }
  const options: InsertOptions = {
    qrWidth: millimetres(values['qr-width'], 'qr-width'),
    margin: millimetres(values.margin, 'margin'),
    bleed: millimetres(values.bleed, 'bleed'),
    markHeight: millimetres(values['mark-height'], 'mark-height'),
    ecc: (values.ecc ?? 'M').toUpperCase() as Ecc,
  };
  if (values.mark !== undefined) options.mark = await loadMark(resolve(values.mark));
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

async function mintBatch(values: Values, ecc: Ecc, print: InsertOptions | undefined) {
  const file = resolve(values.csv!);
  for (const name of ['boutique', 'associate', 'date', 'occasion', 'client-ref'] as const) {
    if (values[name] !== undefined)
      throw new CachetError(
        'ERR_INVALID_ARGUMENT',
        `--${name} is a column of the CSV file with --csv`,
      );
  }
  if (values['claim-slip']) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      '--claim-slip is the claim_slip column of the CSV file with --csv (yes on the rows whose cards get a slip)',
    );
  }
  const paper = values['contact-sheet']?.toLowerCase();
  if (paper !== undefined && !(paper in PAPER))
    throw new CachetError('ERR_INVALID_ARGUMENT', '--contact-sheet is a4 or letter');
  // A missing or unreadable file is told in one line by the CLI's error handler.
  const campaign = parseCampaign(csvText(await readFile(file), values.csv!));
  const today = new Date().toISOString().slice(0, 10);
  const batch = values.batch ?? basename(file, extname(file));
  const outDir = resolve(values.out ?? join('cards', batch));
  const allowFutureDate = values['allow-future-date'] ?? false;
  const { store, signers, keyring, config, mintedFor } = await openContext({
    mint: { origin: values.origin },
  });
  try {
    if (print) checkInsertOptions(config.origin, print);
    // Before the QR workers start: a refusal here must not leave them holding the process open.
    const batchSigners = requireSigners(signers, keyring);
    const total = campaign.rows.reduce((n, r) => n + r.copies, 0);
    const progress = progressBar(total);
    const renderer = qrRenderer();
    const started = Date.now();
    const run = () =>
      runBatch({
        store,
        signers: batchSigners,
        origin: config.origin,
        now: new Date(),
        claims: store.claims(),
        rows: campaign.rows,
        problems: campaign.problems,
        allowFutureDate,
        batch,
        outDir,
        ecc,
        print: values.print ?? false,
        insert: print,
        contactSheet: paper as Paper | undefined,
        includeClientRef: values['include-client-ref'] ?? false,
        onCard: (_done, _total, serialText) => progress.tick(serialText),
        renderer,
      })
        .catch((error: unknown) => {
          progress.done();
          if (error instanceof CachetError && !allowFutureDate && farAhead(campaign.rows)) {
            throw new CachetError(
              error.code,
              `${error.message}\n  (if those dates are right, run again with --allow-future-date)`,
            );
          }
          if (error instanceof CachetError) throw error;
          // A full disk, a folder that cannot be written: what was minted is kept, and resumable.
          throw new CachetError(
            'ERR_INTERNAL',
            `the batch stopped: ${(error as Error).message}. Every card minted so far is in the registry; fix this and run the same command again to finish`,
          );
        })
        .finally(() => renderer.close());
    // One audit entry for the batch: its name, and how many cards it minted and found again.
    const result = await auditCli(
      store,
      'card.mint-batch',
      { target: batch },
      run,
      (r) => `${r.minted} minted, ${r.found} found of ${r.total}`,
    );
    progress.done();
    await mintedFor(config.origin);
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      console.log(JSON.stringify({ batch, outDir, seconds, ...result }));
      return 0;
    }
    console.log(`Batch ${batch}: ${result.total} cards in ${seconds.toFixed(1)} s`);
    console.log(
      rows([
        ['minted', `${result.minted} now`],
        ['found', `${result.found} minted by an earlier run of this batch`],
        ['files', `${result.filesWritten} written to ${outDir}`],
        ['manifest', result.manifest],
        ...(result.contactSheet ? ([['sheet', result.contactSheet]] as [string, string][]) : []),
        ...(result.slipSheet ? ([['slips', result.slipSheet]] as [string, string][]) : []),
        ...(result.claimCodes
          ? ([
              [
                'claims',
                `${result.claimCodes.written} claim codes in the manifest, slips <serial>.slip.pdf`,
              ],
            ] as [string, string][])
          : []),
      ]),
    );
    if (result.claimCodes?.notShown) {
      console.log(
        `  note    ${result.claimCodes.notShown} cards asking for a claim slip were minted by an earlier run:\n          their codes were shown only then (that run's manifest and slip files); the registry\n          keeps only a hash and cannot give them again (see claim_note in the manifest)`,
      );
    }
    developmentNote(signers, [...new Set(campaign.rows.map((r) => r.date ?? today))]);
    return 0;
  } finally {
    store.close();
  }
}
