// `cachet verify`: the verdict for a card URL, token or photo, or for a folder of images, from
// the local registry or from a Cachet server.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createChecker, type CodeReport } from '../../services/check.js';
import { webCryptoMac } from '../../services/mac.js';
import { memoryDayKeys } from '../../services/scanner-hash.js';
import type { PublicVerdict } from '../../services/present.js';
import {
  CachetError,
  checkImageSize,
  isCachetError,
  dayToDate,
  formatSerial,
  MAX_IMAGE_PIXELS,
  occasionName,
  readCardInput,
  sniffImage,
  toHex,
  verifyCardOffline,
  type OfflineVerdict,
} from '../../core/index.js';
import { freshness, loadTrustDir, pickTrustDir } from './trust.js';
import { readImageOnNode } from '../../image/read-image-node.js';
import { csvField } from '../../services/csv.js';
import { parse, rows, type Command, type OptionSpecs } from '../args.js';
import { openContext } from '../context.js';
import { progressBar } from '../progress.js';

const IMAGE_FILE = /\.(jpe?g|png|webp|gif)$/i;

/** Checks one code's text: against this machine's keys and registry, or a server's. */
type CheckCode = (text: string) => Promise<CodeReport>;

async function getJson<T>(url: string, server: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new CachetError('ERR_URL', `cannot reach ${server}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const body = (await response.json().catch(() => null)) as T & { error?: { message: string } };
  if (body && !body.error) return body;
  throw new CachetError(
    'ERR_URL',
    `${server} answered ${response.status}: ${body?.error?.message ?? 'not a verdict'}`,
  );
}

/**
 * The server's origin, from a URL with its scheme.
 * @param what How the message names the value: `--server` unless given.
 * @throws CachetError naming the fix when the scheme is missing (`127.0.0.1:8787`).
 */
export function serverOrigin(text: string, what = '--server'): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${what} takes a URL with http:// or https://, like http://${text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}, not "${text}"`,
    );
  }
  return text;
}

function remoteChecker(server: string): CheckCode {
  const base = server.replace(/\/+$/, '');
  return (text) =>
    getJson<CodeReport>(`${base}/api/v1/check?q=${encodeURIComponent(text)}`, server);
}

async function localChecker(): Promise<{ check: CheckCode; hosts: string[]; close(): void }> {
  const { config, store, keyring } = await openContext({ needRegistry: true });
  // Staff checks from the command line are not public scans: nothing is recorded.
  const checker = createChecker({
    store,
    keyring,
    now: () => new Date(),
    verifyMemo: 0,
    recordScan: () => {},
    widelyScanned: config.widelyScanned,
    origin: config.origin,
    verifyHosts: config.verifyHosts,
    scannerKeys: memoryDayKeys(),
    mac: webCryptoMac(),
  });
  return {
    check: (text) =>
      checker.code(
        { country: '', host: '', scheme: 'https:', client: '', counted: false },
        text,
        'api',
      ),
    hosts: config.verifyHosts,
    close: () => store.close(),
  };
}

function describe(v: PublicVerdict): string {
  const lines: [string, string][] = [];
  if (v.card) {
    const b = v.card.boutique;
    lines.push(
      ['boutique', b ? `${b.name}, ${b.city} (${b.country})` : 'unknown'],
      ['issued', v.card.issued],
      ['associate', v.card.associate?.displayName ?? 'unknown'],
      ['occasion', v.card.occasion],
      ['serial', v.card.serialText],
    );
  }
  if (v.revocation)
    lines.push(['revoked', `${v.revocation.revokedAt.slice(0, 10)}: ${v.revocation.reason}`]);
  if (v.reason && !v.revocation) lines.push(['reason', v.reason.message]);
  if (v.key)
    lines.push([
      'key',
      `${v.key.kid} (${v.key.status}${v.key.development ? ', DEVELOPMENT' : ''})`,
    ]);
  if (v.scans)
    lines.push(['checks', `${v.scans.count}${v.scans.since ? ` since ${v.scans.since}` : ''}`]);
  if (v.warnings.length) lines.push(['warnings', v.warnings.join(', ')]);
  return [v.status, ...(lines.length ? [rows(lines)] : [])].join('\n');
}

/** The one word for a code: its status, or look-alike. */
const resultOf = (r: CodeReport) => (r.lookAlike ? 'look-alike' : r.verdict!.status);

function describeReport(r: CodeReport, expected: string): string {
  if (!r.lookAlike) return describe(r.verdict!);
  return `look-alike\n${rows([
    ['leads to', r.host ?? ''],
    ['expected', expected],
    ['code', r.text],
  ])}`;
}

/** One image's outcome: the codes found, or why it could not be read. */
interface ImageResult {
  file: string;
  codes: CodeReport[];
  error?: { code: string; message: string };
}

async function checkImage(path: string, check: CheckCode): Promise<Omit<ImageResult, 'file'>> {
  try {
    const bytes = new Uint8Array(readFileSync(path));
    const kind = sniffImage(bytes);
    if (!kind) throw new CachetError('ERR_IMAGE_TYPE', 'not a JPEG, PNG, WebP or GIF image');
    checkImageSize(kind, MAX_IMAGE_PIXELS);
    const codes = [];
    for (const text of new Set(await readImageOnNode(bytes))) codes.push(await check(text));
    return { codes };
  } catch (error) {
    if (!isCachetError(error) || error.code === 'ERR_URL') throw error;
    return { codes: [], error: { code: error.code, message: error.message } };
  }
}

/** Every image file under `dir`, in a stable order. */
function imagesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...imagesUnder(path));
    else if (entry.isFile() && IMAGE_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

const COLUMNS = ['file', 'code', 'result', 'serial', 'boutique', 'issued', 'associate', 'detail'];

/** One row per code found, and one for an image with none (or an error). */
function tableRows(results: ImageResult[]): string[][] {
  return results.flatMap(({ file, codes, error }) => {
    if (codes.length === 0) {
      return [[file, '', error ? 'error' : 'no-code', '', '', '', '', error?.message ?? '']];
    }
    return codes.map((r, i) => {
      const card = r.verdict?.card;
      const detail = r.lookAlike ? `leads to ${r.host}` : (r.verdict?.warnings.join(' ') ?? '');
      return [
        file,
        String(i + 1),
        resultOf(r),
        card?.serialText ?? '',
        card?.boutique?.code ?? '',
        card?.issued ?? '',
        card?.associate?.displayName ?? '',
        detail,
      ];
    });
  });
}

function formatTable(table: string[][]): string {
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...table.map(line)].join('\n');
}

async function verifyImages(
  files: string[],
  root: string | undefined,
  check: CheckCode,
  format: 'table' | 'json' | 'csv',
): Promise<number> {
  const progress = progressBar(files.length);
  const results: ImageResult[] = [];
  for (const path of files) {
    const file = root ? relative(root, path) : path;
    results.push({ file, ...(await checkImage(path, check)) });
    progress.tick(file);
  }
  progress.done();
  if (format === 'json') console.log(JSON.stringify(results, null, 2));
  else if (format === 'csv') {
    for (const row of [COLUMNS, ...tableRows(results)]) console.log(row.map(csvField).join(','));
  } else console.log(formatTable(tableRows(results)));
  const allAuthentic = results.every(
    (r) => r.codes.length > 0 && r.codes.every((c) => resultOf(c) === 'authentic'),
  );
  return allAuthentic ? 0 : 1;
}

const OPTIONS = {
  dir: {
    type: 'string',
    value: 'FOLDER',
    help: 'every image under FOLDER (sub-folders too), with a progress bar on a terminal',
  },
  server: {
    type: 'string',
    value: 'URL',
    help: 'ask this Cachet server (http:// or https://) instead of this machine',
  },
  offline: {
    type: 'boolean',
    help: 'check on this machine with trust saved by cachet trust pull: no network, no registry',
  },
  trust: {
    type: 'string',
    value: 'DIR',
    help: `with --offline: the saved trust (default: the card host's, or the only one)`,
  },
  proof: {
    type: 'string',
    value: 'FILE',
    help: 'with --offline: a saved .tlog-proof of the card, checked against the log key',
  },
  at: {
    type: 'string',
    value: 'TIME',
    help: 'with --offline: check as of this instant (ISO 8601), as a test vector states it',
  },
  json: { type: 'boolean', help: 'print the results as JSON' },
  csv: { type: 'boolean', help: 'print the results as CSV (one of --json and --csv)' },
} satisfies OptionSpecs;

export const verify: Command = {
  name: 'verify',
  summary: 'verify a card URL, token or photo, or a folder of images (exit 0 only when authentic)',
  options: OPTIONS,
  forms: [
    { words: '<url|token|image...>', optional: ['json', 'csv', 'server'] },
    { required: ['dir'], optional: ['json', 'csv', 'server'] },
    {
      words: '<url|token|image>',
      required: ['offline'],
      optional: ['trust', 'proof', 'at', 'json'],
    },
  ],
  about: `Checks the token against the keys and registry of this machine, or asks a Cachet server.
Images (JPEG, PNG, WebP, GIF) are read on this machine: every QR code in each one is checked,
and a code that leads to any host but the brand's verify hosts is reported as a look-alike.
With --offline nothing leaves this machine: the signature, the key's dates and the revocation list
come from trust saved by cachet trust pull, so a card the registry does not hold still reads as
authentic, and revocations newer than the saved list are not known (the answer says how fresh).`,
  notes:
    'Exit status: 0 when every code is authentic, 1 otherwise, 2 when the check could not be made.',
  async run(argv) {
    const { values, positionals } = parse(argv, OPTIONS);
    if (values.json && values.csv) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'choose one of --json and --csv');
    }
    if (values.offline) {
      if (values.server !== undefined || values.dir !== undefined || values.csv) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          '--offline checks one card, with no --server',
        );
      }
      if (positionals.length !== 1) {
        throw new CachetError('ERR_INVALID_ARGUMENT', 'give one card URL, token or image');
      }
      return verifyOffline(positionals[0]!, values);
    }
    if (values.trust !== undefined || values.proof !== undefined || values.at !== undefined) {
      throw new CachetError('ERR_INVALID_ARGUMENT', '--trust, --proof and --at go with --offline');
    }
    if (values.server !== undefined) serverOrigin(values.server);
    if (values.dir !== undefined) {
      const found = statSync(values.dir, { throwIfNoEntry: false });
      if (!found) throw new CachetError('ERR_NOT_FOUND', `no folder ${values.dir}`);
      if (!found.isDirectory()) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          `--dir ${values.dir} is a file, not a folder`,
        );
      }
    }
    const images = values.dir
      ? imagesUnder(values.dir)
      : positionals.filter((p) => kindOfInput(p) === 'image');
    if (!values.dir && positionals.length === 0) {
      throw new CachetError('ERR_INVALID_ARGUMENT', 'give a card URL, a token, or image files');
    }
    if (values.dir && images.length === 0) {
      throw new CachetError('ERR_NOT_FOUND', `no JPEG, PNG, WebP or GIF image under ${values.dir}`);
    }
    const local = values.server ? null : await localChecker();
    const check = local?.check ?? remoteChecker(values.server!);
    try {
      if (values.dir || images.length > 0) {
        const format = values.json ? 'json' : values.csv ? 'csv' : 'table';
        return await verifyImages(images, values.dir, check, format);
      }
      if (positionals.length !== 1) {
        throw new CachetError('ERR_INVALID_ARGUMENT', 'give one card URL or token at a time');
      }
      const report = await check(positionals[0]!);
      if (values.json) console.log(JSON.stringify(report.lookAlike ? report : report.verdict));
      else console.log(describeReport(report, local ? local.hosts.join(', ') : values.server!));
      return resultOf(report) === 'authentic' ? 0 : 1;
    } finally {
      local?.close();
    }
  },
};

/** The first bytes of a file: enough to tell an image by its signature and header. */
function headOf(path: string): Uint8Array {
  const head = new Uint8Array(65_536);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * What an argument is: the text of a code (a card URL or token digits) or an image file.
 * @throws CachetError saying which it is not: a missing file, a file that is no image, a folder,
 * or text that is none of these.
 */
function kindOfInput(input: string): 'code' | 'image' {
  const found = statSync(input, { throwIfNoEntry: false });
  if (found?.isDirectory()) {
    throw new CachetError('ERR_INVALID_ARGUMENT', `${input} is a folder: use --dir ${input}`);
  }
  if (found?.isFile()) {
    if (sniffImage(headOf(input))) return 'image';
    throw new CachetError(
      'ERR_IMAGE_TYPE',
      `${input} is a file but not a JPEG, PNG, WebP or GIF image (nor a card URL or token)`,
    );
  }
  // A scheme, or the path of a card link: a code, whatever the host (look-alikes are checked).
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) || /\/c\//i.test(input)) return 'code';
  // Digits are a token: one of the wrong width gets the `malformed` verdict.
  if (/^[\d\s-]+$/.test(input)) return 'code';
  if (IMAGE_FILE.test(input) || /[\\/]/.test(input)) {
    throw new CachetError('ERR_NOT_FOUND', `cannot read ${input}: no such file`);
  }
  throw new CachetError(
    'ERR_INVALID_ARGUMENT',
    `"${input}" is not a card URL, a token (its digits) or an image file`,
  );
}

/** `verify --offline`: the saved trust only; the same steps a phone takes with no network. */
async function verifyOffline(
  input: string,
  options: {
    trust?: string | undefined;
    proof?: string | undefined;
    at?: string | undefined;
    json?: boolean | undefined;
  },
): Promise<number> {
  let text = input;
  // A file, or what can only be a file's name, is read as one (a missing photo is said to be
  // missing); any other text is checked as a code, and the verdict says what is wrong with it.
  const fileLike = statSync(input, { throwIfNoEntry: false }) || IMAGE_FILE.test(input);
  if (fileLike && kindOfInput(input) === 'image') {
    const codes = await readImageOnNode(new Uint8Array(readFileSync(input)));
    if (codes.length === 0) throw new CachetError('ERR_IMAGE_UNREADABLE', `no QR code in ${input}`);
    text = codes[0]!;
  }
  const card = readCardInput(text);
  const now = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(now.getTime())) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `--at ${options.at} is not a time like 2026-06-02T12:00:00Z`,
    );
  }
  const trust = await loadTrustDir(pickTrustDir(options.trust, card.host), now);
  const logProof = options.proof ? readFileSync(options.proof, 'utf8') : undefined;
  // The link is read by the server's rule: a look-alike gets no further check.
  const verdict = await verifyCardOffline(text, { ...trust, now, logProof });
  if (options.json) {
    const expected = verdict.leadsTo === undefined ? {} : { expected: trust.bundle.verifyHosts };
    console.log(JSON.stringify({ ...offlineJson(verdict), ...expected }));
    return verdict.status === 'authentic' ? 0 : 1;
  }
  if (verdict.leadsTo !== undefined) {
    const expected = trust.bundle.verifyHosts.join(', ');
    console.log(
      `look-alike\n${rows([
        ['leads to', verdict.leadsTo],
        ['expected', expected],
      ])}`,
    );
    return 1;
  }
  const lines: [string, string][] = [];
  const claims = verdict.claims;
  if (claims) {
    lines.push(
      ['boutique', `number ${claims.boutique} (names are on the brand's page)`],
      ['issued', dayToDate(claims.issued)],
      ['associate', `number ${claims.associate}`],
      ['occasion', occasionName(claims.occasion) ?? String(claims.occasion)],
      ['serial', formatSerial(claims.serial)],
    );
  }
  if (verdict.revocation) lines.push(['revoked', verdict.revocation.reason]);
  else if (verdict.reason) lines.push(['reason', verdict.reason.message]);
  if (verdict.key) lines.push(['key', `${verdict.key.kid} (${verdict.key.status})`]);
  if (verdict.log.status === 'included') {
    lines.push([
      'log',
      `entry ${verdict.log.index}, logged ${new Date(verdict.log.loggedAt * 1000).toISOString()}`,
    ]);
  } else if (verdict.log.status === 'invalid')
    lines.push(['log', `proof refused: ${verdict.log.message}`]);
  if (verdict.warnings.length) lines.push(['warnings', verdict.warnings.join(', ')]);
  lines.push(['checked', 'on this machine, with no network']);
  lines.push(['revocations', `as of ${freshness(trust, now)}`]);
  console.log(`${verdict.status}\n${rows(lines)}`);
  return verdict.status === 'authentic' ? 0 : 1;
}

/** An offline verdict as JSON: the key by kid, the claims in words. */
function offlineJson(v: OfflineVerdict) {
  const { key, claims, ...rest } = v;
  return {
    ...rest,
    ...(key && { key: { kid: key.kid, status: key.status } }),
    ...(claims && {
      card: {
        serial: toHex(claims.serial),
        issued: dayToDate(claims.issued),
        boutique: claims.boutique,
        associate: claims.associate,
        occasion: occasionName(claims.occasion),
      },
    }),
  };
}
