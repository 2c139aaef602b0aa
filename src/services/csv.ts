// CSV as RFC 4180 writes it: commas, double-quoted fields with "" for a quote, CRLF or LF line
// ends. Spreadsheets export it this way; a byte-order mark at the start is ignored.
import { CachetError } from '../core/index.js';

/**
 * The text of a CSV file's bytes.
 * @param name The file as the user named it, for the message.
 * @throws CachetError `ERR_INVALID_ARGUMENT` for a file that is not text (a spreadsheet's own
 *   format, an image), or whose first line is separated by semicolons instead of commas.
 */
export function csvText(bytes: Uint8Array, name: string): string {
  if (bytes.includes(0)) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${name} is not a CSV file (it holds binary data, like a spreadsheet's own format or an image): save it as CSV, with commas`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A Latin-1 or Windows-1252 file would mint "Dupr\uFFFD" into the registry for good.
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${name} is not UTF-8 text (an accented letter in another encoding, such as Latin-1): save it as CSV UTF-8`,
    );
  }
  const header = text.slice(0, text.search(/[\r\n]|$/));
  if (header.includes(';') && !header.includes(',')) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      `${name} is separated by semicolons: use commas (save it as CSV with commas as the separator)`,
    );
  }
  return text;
}

/** The records of `text`, each with the line it starts on (1-based). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw new SyntaxError(`line ${start}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * A field as CSV writes it: quoted when it holds a comma, a quote or a line break. A text a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return: a
 * client reference, a QR code's text, a file name) gets a leading apostrophe, so it opens as
 * the text it is.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: (string | number)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
