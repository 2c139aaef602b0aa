// `cachet verify` on images: every QR code in each image read on this machine and checked, one
// table row (or CSV row, or JSON entry) per code, with a progress bar.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CachetError,
  checkImageSize,
  isCachetError,
  MAX_IMAGE_PIXELS,
  sniffImage,
} from '../../core/index.js';
import { readImageOnNode } from '../../image/read-image-node.js';
import type { CodeReport } from '../../services/check.js';
import { csvField } from '../../services/csv.js';
import { progressBar } from '../progress.js';
import { IMAGE_FILE } from './input.js';
import type { CheckCode } from './online.js';
import { reportView, tableCells } from './verdict-view.js';

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

const COLUMNS = ['file', 'code', 'result', 'serial', 'boutique', 'issued', 'associate', 'detail'];

/** One row per code found, and one for an image with none (or an error). */
function tableRows(results: ImageResult[]): string[][] {
  return results.flatMap(({ file, codes, error }) => {
    if (codes.length === 0) {
      return [[file, '', error ? 'error' : 'no-code', '', '', '', '', error?.message ?? '']];
    }
    return codes.map((r, i) => {
      const view = reportView(r, '');
      return [file, String(i + 1), view.result, ...tableCells(view)];
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

/**
 * Checks every code in `files` and prints one row per code.
 * @param root The folder names are given relative to (--dir), if any.
 * @returns 0 when every image held codes and all were authentic, 1 otherwise.
 */
export async function verifyImages(
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
    (r) => r.codes.length > 0 && r.codes.every((c) => reportView(c, '').result === 'authentic'),
  );
  return allAuthentic ? 0 : 1;
}
