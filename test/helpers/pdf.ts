// PDFs read the way a print shop's software reads them: Poppler's pdfinfo and pdftoppm (Debian's
// poppler-utils, installed by .ci/run).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixture.js';

const dir = tempDir('cachet-pdf-');
let count = 0;

function save(pdf: Uint8Array): string {
  const file = join(dir, `doc-${++count}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** What `pdfinfo -box` says of the document. */
export function pdfInfo(pdf: Uint8Array): string {
  return execFileSync('pdfinfo', ['-box', save(pdf)], { encoding: 'utf8' });
}

/** Every page rendered by pdftoppm at `dpi`, as PNG bytes. */
export function pdfPages(pdf: Uint8Array, dpi = 600): Buffer[] {
  const file = save(pdf);
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1],
  );
  const prefix = file.slice(0, -4);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, prefix]);
  const width = String(pages).length;
  return Array.from({ length: pages }, (_, i) =>
    readFileSync(`${prefix}-${String(i + 1).padStart(width, '0')}.png`),
  );
}
