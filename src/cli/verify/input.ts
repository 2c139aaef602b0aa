// What an argument of `cachet verify` is: the text of a code, or an image file.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CachetError, sniffImage } from '../../core/index.js';

/** The names of the image files `cachet verify` reads. */
export const IMAGE_FILE = /\.(jpe?g|png|webp|gif)$/i;

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
export function kindOfInput(input: string): 'code' | 'image' {
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
