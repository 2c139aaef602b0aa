// Campaign batches: a CSV of rows (boutique, associate, date, occasion, client_ref, copies) made
// into cards, files and a manifest. Idempotent: every card has a key (the batch name, the row's
// content and the copy number), so running the same file again, even after a crash, finds the
// cards already made and only finishes what is missing.
//
// Order per chunk, which is what makes a crash harmless: sign and commit the rows (one
// transaction, in mintCards: the loop that mints one card too); write each file under a
// temporary name and rename it; append to the manifest.
// A file on disk therefore always has its row; a row without its file gets it on the next run.
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { CachetError, parseClaimCode } from '../core/index.js';
import { csvLine, parseCsv } from '../services/csv.js';
import { contactSheet, layoutInsert, type InsertOptions, type Paper } from '../print/insert.js';
import {
  mintCards,
  resolveJob,
  type MintContext,
  type MintedCard,
  type MintJob,
  type MintOutcome,
} from '../services/mint.js';
import { printFile, printSlipFile } from '../print/print-files.js';
import { layoutSlip } from '../print/slip.js';
import { drawingsToPdfNode, nodePrintTools } from './print-node.js';
import { qrRenderer, type QrRenderer } from './qr-pool.js';
import { type Ecc } from '../print/qr.js';

export interface CampaignRow {
  /** The line of the CSV file the row starts on. */
  line: number;
  boutique: string;
  associate: number;
  date?: string | undefined;
  occasion?: string | undefined;
  clientRef?: string | undefined;
  copies: number;
  /** An explicit idempotency key from a `key` column; otherwise one is made from the row. */
  key?: string | undefined;
  /** The `claim_slip` column said yes: each copy gets a claim slip. */
  claimSlip?: boolean | undefined;
}

export const CAMPAIGN_COLUMNS = [
  'boutique',
  'associate',
  'date',
  'occasion',
  'client_ref',
  'copies',
  'claim_slip',
] as const;
const OPTIONAL_COLUMNS = new Set(['date', 'occasion', 'client_ref', 'copies', 'claim_slip', 'key']);
/** What the claim_slip column takes, in any case; an empty cell is no. */
const YES = /^(yes|true|1)$/i;
const NO = /^(no|false|0)$/i;
export const MAX_COPIES = 10_000;
/** Problems listed before the rest are counted. */
const SHOWN_PROBLEMS = 20;

/** Something wrong with one line of the CSV file. */
export interface RowProblem {
  line: number;
  message: string;
}

/** Every problem at once, in line order: fixing a file takes one pass, not one per kind. */
function problemsError(problems: RowProblem[]): CachetError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, SHOWN_PROBLEMS).map((p) => `  line ${p.line}: ${p.message}`);
  if (sorted.length > SHOWN_PROBLEMS)
    shown.push(`  ... and ${sorted.length - SHOWN_PROBLEMS} more`);
  const count = sorted.length === 1 ? '1 row has a problem' : `${sorted.length} rows have problems`;
  return new CachetError(
    'ERR_INVALID_ARGUMENT',
    `${count}; nothing was minted:\n${shown.join('\n')}`,
  );
}

/** The rows of a campaign file that are well formed, and the problems of the others. */
export interface Campaign {
  rows: CampaignRow[];
  /** Lines that are not well formed: reported with the registry's checks, in one list. */
  problems: RowProblem[];
}

/**
 * The rows of a campaign file. The header names the columns, in any order and any case.
 * @throws CachetError when the file is not CSV, is empty, or its header is wrong.
 */
export function parseCampaign(text: string): Campaign {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `not a CSV file: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new CachetError('ERR_INVALID_ARGUMENT', 'the CSV file is empty');
  const names = header.fields.map((f) =>
    f
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const known = new Set<string>([...CAMPAIGN_COLUMNS, 'key']);
  const unknown = names.filter((n) => !known.has(n));
  const missing = CAMPAIGN_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !names.includes(c));
  const twice = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (twice.length) {
    // Which of the two would count is a guess, and a card minted on a guess is permanent.
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `the header names ${twice.map((n) => `column ${n}`).join(', ')} twice: keep one`,
    );
  }
  if (unknown.length || missing.length) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      [
        missing.length ? `missing column ${missing.join(', ')}` : '',
        unknown.length ? `unknown column ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ') + ` (the columns are: ${CAMPAIGN_COLUMNS.join(', ')}, and optionally key)`,
    );
  }
  const problems: RowProblem[] = [];
  const rows: CampaignRow[] = [];
  for (const { line, fields } of body) {
    const problem = (message: string) => problems.push({ line, message });
    const before = problems.length;
    const cell = (name: string) => {
      const at = names.indexOf(name);
      const value = at < 0 ? '' : (fields[at] ?? '').trim();
      return value === '' ? undefined : value;
    };
    if (fields.length !== names.length) {
      const fewer = fields.length < names.length;
      problem(
        `${fields.length} fields, the header has ${names.length}${fewer ? ' (an empty field is still written: a,b,,c)' : ''}`,
      );
      continue;
    }
    const associate = cell('associate') ?? '';
    const copies = cell('copies') ?? '1';
    if (!cell('boutique')) problem('no boutique');
    if (!/^\d{1,8}$/.test(associate)) problem(`the associate is a number, not "${associate}"`);
    if (!/^\d{1,5}$/.test(copies) || Number(copies) < 1 || Number(copies) > MAX_COPIES) {
      problem(`copies is from 1 to ${MAX_COPIES}, not "${copies}"`);
    }
    const slip = cell('claim_slip');
    if (slip !== undefined && !YES.test(slip) && !NO.test(slip)) {
      problem(`claim_slip is yes, true or 1 (or no, false, 0, empty), not "${slip}"`);
    }
    if (problems.length > before) continue;
    rows.push({
      line,
      boutique: cell('boutique') ?? '',
      associate: Number(associate),
      date: cell('date'),
      occasion: cell('occasion'),
      clientRef: cell('client_ref'),
      copies: Number(copies),
      key: cell('key'),
      ...(slip !== undefined && YES.test(slip) && { claimSlip: true }),
    });
  }
  if (rows.length === 0 && problems.length === 0) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'the CSV file has no rows');
  }
  return { rows, problems };
}

/** The batch: its rows and where its files go; minted with the registry and keys of its context. */
export interface BatchOptions extends MintContext {
  rows: CampaignRow[];
  /** Mint rows dated more than 90 days ahead (see resolveClaims). */
  allowFutureDate?: boolean;
  /** Lines of the file that were not well formed (see parseCampaign): reported with the rest. */
  problems?: RowProblem[];
  /** The batch's name, part of every card's key: by default the CSV file's name. */
  batch: string;
  outDir: string;
  ecc?: Ecc;
  /** Print files too: the insert as 600-dpi PNG and PDF. */
  print?: boolean;
  /** The insert's layout, for the print files and the contact sheet. */
  insert?: InsertOptions | undefined;
  /** Also a contact sheet of every insert, on this paper. */
  contactSheet?: Paper | undefined;
  includeClientRef?: boolean;
  /** Called after each card, in order. */
  onCard?: (done: number, total: number, serialText: string) => void;
  /** Cards per transaction and per step (default 200). */
  chunk?: number;
  /** Who draws the QR SVGs: worker threads (see qr-pool.ts), or this thread by default. */
  renderer?: QrRenderer;
}

export interface BatchResult {
  total: number;
  /** Cards minted by this run. */
  minted: number;
  /** Cards found already minted (an earlier run of the same batch). */
  found: number;
  filesWritten: number;
  manifest: string;
  contactSheet?: string;
  /** With a contact sheet: the claim slips this run minted, on the same paper. */
  slipSheet?: string;
  /**
   * With claim slips: codes in the manifest, and rows asking for a slip whose card an earlier run
   * minted, whose code this run cannot give (the registry keeps only a hash).
   */
  claimCodes?: { written: number; notShown: number };
}

interface Job {
  row: CampaignRow;
  copy: number;
  key: string;
}

/** Every card of the batch with its key, in file order. */
function jobsOf(rows: CampaignRow[], batch: string): Job[] {
  const seen = new Map<string, number>();
  const jobs: Job[] = [];
  for (const row of rows) {
    // Identical rows are distinct cards: the n-th occurrence is part of the key.
    const content = JSON.stringify([
      row.boutique,
      row.associate,
      row.date ?? '',
      row.occasion ?? '',
      row.clientRef ?? '',
    ]);
    const rowKey = row.key ?? `${content}#${(seen.get(content) ?? 0) + 1}`;
    seen.set(content, (seen.get(content) ?? 0) + 1);
    for (let copy = 1; copy <= row.copies; copy++) {
      const key = createHash('sha256').update(`${batch}\n${rowKey}\n${copy}`).digest('hex');
      jobs.push({ row, copy, key: `batch:${key.slice(0, 40)}` });
    }
  }
  const keys = new Set(jobs.map((j) => j.key));
  if (keys.size !== jobs.length) {
    throw new CachetError('ERR_INVALID_ARGUMENT', 'two rows have the same key column value');
  }
  return jobs;
}

/**
 * Writes `data` under a temporary name, then renames it: a crash never leaves half a file.
 * Synchronous on purpose: thousands of small files through the libuv thread pool cost more in
 * thread hand-offs than in writing (a 10,000-card batch spent more time in futex than in I/O).
 */
function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.partial`, data);
  renameSync(`${file}.partial`, file);
}

function exists(file: string): boolean {
  return (statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

/** The files of one card: the QR code as SVG, and with print options the insert's PNG and PDF. */
export function cardFileNames(serialText: string, print: boolean): string[] {
  return print
    ? [`${serialText}.svg`, `${serialText}.insert.png`, `${serialText}.insert.pdf`]
    : [`${serialText}.svg`];
}

/** Runs `work` on every item, at most `limit` at a time; resolves to the sum of the answers. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<number>) {
  let next = 0;
  let total = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      // Awaited first: `total += await …` would read `total` before the other lanes added theirs.
      const done = await work(items[next++]!);
      total += done;
    }
  });
  await Promise.all(lanes);
  return total;
}

/** sharp works on this many inserts at once: it has threads of its own for each. */
const PRINT_CONCURRENCY = 4;

/** Writes the files a chunk's cards do not have yet; resolves to how many were written. */
async function writeChunkFiles(
  cards: MintedCard[],
  options: BatchOptions,
  renderer: QrRenderer,
): Promise<number> {
  const dir = options.outDir;
  const svgMissing: MintedCard[] = [];
  for (const card of cards) {
    if (!exists(join(dir, `${card.serialText}.svg`))) svgMissing.push(card);
  }
  const svgs = await renderer.render(
    svgMissing.map((c) => c.url),
    options.ecc ?? 'M',
  );
  svgMissing.forEach((card, i) => writeAtomic(join(dir, `${card.serialText}.svg`), svgs[i]!));
  const slips = await writeSlips(cards, options);
  if (!options.print) return svgMissing.length + slips;
  return (
    svgMissing.length +
    slips +
    (await eachLimited(cards, PRINT_CONCURRENCY, async (card) => {
      let written = 0;
      // The same files, names and titles as `cachet mint --print` and the admin API.
      for (const format of ['png', 'pdf'] as const) {
        const file = join(dir, `${card.serialText}.insert.${format}`);
        if (exists(file)) continue;
        const insert = { ...options.insert, ecc: options.ecc };
        writeAtomic(file, (await printFile(card, format, insert, nodePrintTools)).body);
        written++;
      }
      return written;
    }))
  );
}

/**
 * Writes the claim slip of each card minted now with one (`<serial>.slip.pdf`, and the PNG with
 * print files): the code is known only now. Readable by its owner only: it claims the card.
 */
async function writeSlips(cards: MintedCard[], options: BatchOptions): Promise<number> {
  const names = new Map<number, string>();
  let written = 0;
  for (const card of cards) {
    if (!card.claimCode) continue;
    const number = card.claims.boutique;
    if (!names.has(number)) {
      names.set(number, (await options.store.findBoutique(number))?.name ?? '');
    }
    const slip = {
      claimCode: card.claimCode,
      claimUrl: card.claimUrl!,
      serialText: card.serialText,
      boutique: names.get(number)!,
    };
    for (const format of options.print ? (['pdf', 'png'] as const) : (['pdf'] as const)) {
      const file = await printSlipFile(
        slip,
        format,
        { mark: options.insert?.mark },
        nodePrintTools,
      );
      writeFileSync(`${join(options.outDir, file.filename)}.partial`, file.body, { mode: 0o600 });
      renameSync(
        `${join(options.outDir, file.filename)}.partial`,
        join(options.outDir, file.filename),
      );
      written++;
    }
  }
  return written;
}

/**
 * Runs a batch: validates every row first (nothing is minted if one is wrong), then, chunk by
 * chunk, mints what the registry does not hold yet, writes the missing files and appends to the
 * manifest, which is complete (renamed into place) last.
 */
export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const rowJobs = await validateRows(options);
  const jobs = jobsOf(options.rows, options.batch);
  const manifest = await openManifest(options, jobs.length);
  if (options.rows.some((row) => row.claimSlip)) manifest.claimCodes = { written: 0, notShown: 0 };
  const result: BatchResult = {
    total: jobs.length,
    minted: 0,
    found: 0,
    filesWritten: 0,
    manifest: manifest.file,
  };
  const renderer = options.renderer ?? qrRenderer(0);
  // Chunk k's files are drawn (on the QR workers) while chunk k + 1 is signed and committed;
  // the manifest is still written in file order.
  let writing: Promise<void> = Promise.resolve();
  for (const part of chunksOf(jobs, options.chunk ?? 200)) {
    const outcomes = await mintChunk(part, rowJobs, options, result);
    const cards = outcomes.map((o) => o.card);
    const previous = writing;
    writing = (async () => {
      const written = await writeChunkFiles(cards, options, renderer);
      await previous;
      result.filesWritten += written;
      await manifest.append(part, outcomes);
    })();
    // Awaited below; this only keeps a failure from counting as unhandled meanwhile.
    writing.catch(() => {});
    await previous;
  }
  await writing;
  await manifest.close();
  if (manifest.claimCodes) result.claimCodes = manifest.claimCodes;
  if (options.contactSheet) result.contactSheet = writeContactSheet(manifest.sheet, options);
  if (options.contactSheet && manifest.slips.length) {
    result.slipSheet = await writeSlipSheet(manifest.slips, options);
  }
  return result;
}

/**
 * Every row checked against the registry and the keys, as the job its copies share.
 * @throws CachetError listing every problem, the file's own included, when there is one.
 */
async function validateRows(options: BatchOptions): Promise<Map<CampaignRow, MintJob>> {
  const rowJobs = new Map<CampaignRow, MintJob>();
  const problems = [...(options.problems ?? [])];
  for (const row of options.rows) {
    try {
      rowJobs.set(
        row,
        await resolveJob({ ...row, allowFutureDate: options.allowFutureDate }, options),
      );
    } catch (error) {
      if (!(error instanceof CachetError)) throw error;
      problems.push({ line: row.line, message: error.message });
    }
  }
  if (problems.length) throw problemsError(problems);
  return rowJobs;
}

/** The jobs in runs of `size`: cards per transaction and per step. */
function* chunksOf(jobs: Job[], size: number): Generator<Job[]> {
  for (let first = 0; first < jobs.length; first += size) yield jobs.slice(first, first + size);
}

/**
 * The cards of a chunk, in its order: found by key, or signed and committed in one transaction
 * (see mintCards). Counts them into `result`.
 */
async function mintChunk(
  part: Job[],
  rowJobs: Map<CampaignRow, MintJob>,
  ctx: MintContext,
  result: BatchResult,
): Promise<MintOutcome[]> {
  const outcomes = await mintCards(
    part.map((job) => ({ ...rowJobs.get(job.row)!, key: job.key })),
    ctx,
  );
  for (const { how } of outcomes) {
    if (how === 'minted') result.minted++;
    // A card minted meanwhile by another run of the batch is counted as neither.
    else if (how === 'found') result.found++;
  }
  return outcomes;
}

/** The manifest being written, and the cards for the contact sheet. */
interface Manifest {
  file: string;
  sheet: { url: string; serialText: string }[];
  /** The cards minted now with a slip, for the slips' contact sheet. */
  slips: MintedCard[];
  /** Claim codes written, and not shown (see BatchResult.claimCodes). */
  claimCodes?: { written: number; notShown: number };
  /** Appends a chunk's lines, in order, and reports each card as done. */
  append(part: Job[], outcomes: MintOutcome[]): Promise<void>;
  /** Finishes the file and puts it in place under its name. */
  close(): Promise<void>;
}

/**
 * Makes the output folder, removes what a crash left half-written, and starts the manifest
 * under a temporary name with its header line.
 */
async function openManifest(options: BatchOptions, total: number): Promise<Manifest> {
  const { outDir, includeClientRef } = options;
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'manifest.csv');
  const slips = options.rows.some((row) => row.claimSlip);
  // Claim codes an earlier run wrote (its manifest, or what a crash left of it): the registry
  // keeps only their hashes, so this file is the one place they can be carried from.
  const earlier = slips ? earlierClaimCodes([file, `${file}.partial`]) : new Map();
  for (const name of await readdir(outDir)) {
    if (name.endsWith('.partial')) await rm(join(outDir, name), { force: true });
  }
  // 0600: with --include-client-ref it holds the brand's client references.
  const stream = createWriteStream(`${file}.partial`, { mode: 0o600 });
  const write = async (line: string) => {
    if (!stream.write(line)) await once(stream, 'drain');
  };
  await write(
    csvLine([
      'row',
      'copy',
      'serial',
      'url',
      'file',
      ...(includeClientRef ? ['client_ref'] : []),
      ...(slips ? ['claim_code', 'claim_url', 'claim_note'] : []),
    ]),
  );
  const sheet: Manifest['sheet'] = [];
  const slipCards: MintedCard[] = [];
  let done = 0;
  const manifest: Manifest = {
    file,
    sheet,
    slips: slipCards,
    async append(part, outcomes) {
      for (const [i, job] of part.entries()) {
        const { card, how } = outcomes[i]!;
        const files = cardFileNames(card.serialText, Boolean(options.print));
        await write(
          csvLine([
            job.row.line,
            job.copy,
            card.serialText,
            card.url,
            // The print-ready PNG when there is one, else the QR code's SVG.
            files[options.print ? 1 : 0]!,
            ...(includeClientRef ? [job.row.clientRef ?? ''] : []),
            ...(slips ? claimColumns(job, card, how, earlier, manifest.claimCodes!) : []),
          ]),
        );
        if (options.contactSheet) sheet.push({ url: card.url, serialText: card.serialText });
        if (options.contactSheet && card.claimCode) slipCards.push(card);
        options.onCard?.(++done, total, card.serialText);
      }
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
      await rename(`${file}.partial`, file);
    },
  };
  return manifest;
}

/** A claim code and its URL, as an earlier manifest wrote them. */
interface KeptCode {
  code: string;
  url: string;
}

/** The claim codes by serial in earlier manifests that can be read; the first file wins. */
function earlierClaimCodes(files: string[]): Map<string, KeptCode> {
  const kept = new Map<string, KeptCode>();
  for (const file of files) {
    let records;
    try {
      records = parseCsv(readFileSync(file, 'utf8'));
    } catch {
      continue; // none, or cut short by a crash mid-line: what could be read is all there is
    }
    const [head, ...rows] = records;
    const at = (name: string) => head?.fields.indexOf(name) ?? -1;
    const [serial, code, url] = [at('serial'), at('claim_code'), at('claim_url')];
    if (serial < 0 || code < 0 || url < 0) continue;
    for (const { fields } of rows) {
      const text = fields[code] ?? '';
      try {
        parseClaimCode(text);
      } catch {
        continue;
      }
      if (!kept.has(fields[serial]!)) kept.set(fields[serial]!, { code: text, url: fields[url]! });
    }
  }
  return kept;
}

/**
 * A card's claim columns: its code and URL when this run minted it with a slip, or when an earlier
 * manifest here has them; otherwise, for a row that asks for a slip, why there is no code.
 */
function claimColumns(
  job: Job,
  card: MintedCard,
  how: MintOutcome['how'],
  earlier: Map<string, KeptCode>,
  count: { written: number; notShown: number },
): string[] {
  if (card.claimCode) {
    count.written++;
    return [card.claimCode, card.claimUrl!, ''];
  }
  if (!job.row.claimSlip) return ['', '', ''];
  const kept = earlier.get(card.serialText);
  if (kept) {
    count.written++;
    return [kept.code, kept.url, 'minted by an earlier run: code kept from its manifest'];
  }
  count.notShown++;
  return [
    '',
    '',
    how === 'raced'
      ? 'minted meanwhile by another run of this batch: its code is only in that run’s manifest and slip file'
      : 'minted by an earlier run: its code was shown only then, in that run’s manifest and slip file (the registry keeps only a hash); a card minted without a slip has none',
  ];
}

/** The claim slips minted by this run on the contact sheet's paper, with crop marks; its file. */
async function writeSlipSheet(cards: MintedCard[], options: BatchOptions): Promise<string> {
  const paper = options.contactSheet!;
  const file = join(options.outDir, `slips-${paper}.pdf`);
  const names = new Map<number, string>();
  for (const number of new Set(cards.map((c) => c.claims.boutique))) {
    names.set(number, (await options.store.findBoutique(number))?.name ?? '');
  }
  const pages = contactSheet(
    cards,
    (card) =>
      layoutSlip(
        {
          claimCode: card.claimCode!,
          claimUrl: card.claimUrl!,
          serialText: card.serialText,
          boutique: names.get(card.claims.boutique)!,
        },
        { mark: options.insert?.mark },
      ).drawing,
    paper,
  );
  writeFileSync(
    `${file}.partial`,
    drawingsToPdfNode(pages, `Cachet ${basename(options.batch)}: claim slips`),
    {
      mode: 0o600,
    },
  );
  renameSync(`${file}.partial`, file);
  return file;
}

/** The contact sheet of every insert, on the paper asked for; returns its file. */
function writeContactSheet(sheet: Manifest['sheet'], options: BatchOptions): string {
  const paper = options.contactSheet!;
  const file = join(options.outDir, `contact-sheet-${paper}.pdf`);
  const pages = contactSheet(
    sheet,
    (c) => layoutInsert(c.url, c.serialText, { ...options.insert, ecc: options.ecc }).drawing,
    paper,
  );
  writeAtomic(file, drawingsToPdfNode(pages, `Cachet ${basename(options.batch)}: contact sheet`));
  return file;
}
