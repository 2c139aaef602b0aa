// `cachet verify` on images: every QR code in each image read (on this machine, or by the server
// asked) and checked, and the card around it compared with the card as issued when the house
// keeps a photo of it; one table row (or CSV row, or JSON entry) per code, with a progress bar.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CachetError,
  checkImageSize,
  isCachetError,
  MAX_IMAGE_PIXELS,
  sniffImage,
} from '../../core/index.js';
import type { CodeReport } from '../../services/check.js';
import { csvField } from '../../services/csv.js';
import { progressBar } from '../progress.js';
import { IMAGE_FILE } from './input.js';
import type { CheckPhoto } from './online.js';
import { matchLine, reportView, tableCells } from './verdict-view.js';

/** One image's outcome: the codes found, or why it could not be read. */
interface ImageResult {
  file: string;
  codes: CodeReport[];
  error?: { code: string; message: string };
}

async function checkImage(path: string, check: CheckPhoto): Promise<Omit<ImageResult, 'file'>> {
  try {
    const bytes = new Uint8Array(readFileSync(path));
    const kind = sniffImage(bytes);
    if (!kind) throw new CachetError('ERR_IMAGE_TYPE', 'not a JPEG, PNG, WebP or GIF image');
    checkImageSize(kind, MAX_IMAGE_PIXELS);
    return { codes: await check(bytes) };
  } catch (error) {
    if (!isCachetError(error) || error.code === 'ERR_URL') throw error;
    return { codes: [], error: { code: error.code, message: error.message } };
  }
}

/** Every image file under `dir`, in a stable order. */
export function imagesUnder(dir: string): string[] {
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

const COLUMNS = [
  'file',
  'code',
  'result',
  'serial',
  'boutique',
  'issued',
  'associate',
  'detail',
  'match',
];

/** One row per code found, and one for an image with none (or an error). */
function tableRows(results: ImageResult[]): string[][] {
  return results.flatMap(({ file, codes, error }) => {
    if (codes.length === 0) {
      return [[file, '', error ? 'error' : 'no-code', '', '', '', '', error?.message ?? '', '']];
    }
    return codes.map((r, i) => {
      const view = reportView(r, '');
      return [file, String(i + 1), view.result, ...tableCells(view)];
    });
  });
}

/** Under the table: what the comparison says of each card the house keeps a photo of. */
function matchLines(results: ImageResult[]): string[] {
  return results.flatMap(({ file, codes }) =>
    codes.flatMap((report, i) => {
      const match = reportView(report, '').match;
      return match ? [`${file}, code ${i + 1}: ${matchLine(match)}`] : [];
    }),
  );
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

/**
 * Checks every code in `files` and prints one row per code.
 * @param root The folder names are given relative to (--dir), if any.
 * @returns 0 when every image held codes and all were authentic on the cards they were issued
 * on (no `different-card`), 1 otherwise.
 */
export async function verifyImages(
  files: string[],
  root: string | undefined,
  check: CheckPhoto,
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
  } else {
    console.log(formatTable(tableRows(results)));
    for (const line of matchLines(results)) console.log(line);
  }
  // A genuine code on a card that is not the one it was issued on is a copy: never a pass.
  const allAuthentic = results.every(
    (r) =>
      r.codes.length > 0 &&
      r.codes.every((c) => {
        const view = reportView(c, '');
        return view.result === 'authentic' && view.match !== 'different-card';
      }),
  );
  return allAuthentic ? 0 : 1;
}
