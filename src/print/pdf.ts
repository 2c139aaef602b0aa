// A small PDF 1.7 writer for print drawings: vector rectangles and outlines (so the QR modules and
// the serial stay sharp at any printer resolution), images with their alpha, TrimBox and
// BleedBox for the print shop. No fonts: text arrives already turned into outlines.
import { MM_PER_POINT, type Drawing, type PathCommand, type PrintImage } from './drawing.js';

export interface PdfOptions {
  title: string;
  /** zlib deflate for the page streams (node:zlib in Node); pages stay uncompressed without it. */
  deflate?: (bytes: Uint8Array) => Uint8Array;
  /** The creation time written in the document information. */
  created?: Date;
}

const encoder = new TextEncoder();

/** Points with two decimals (0.0035 mm). */
function pt(valueMm: number): string {
  return String(Math.round((valueMm / MM_PER_POINT) * 100) / 100);
}

function pdfString(text: string): string {
  return `(${text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, (c) => `\\${c}`)})`;
}

function pdfDate(at: Date): string {
  return `D:${at
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/** The content stream of one page: black fills, then images. */
function pageContent(drawing: Drawing, imageName: (image: PrintImage) => string): string {
  const h = drawing.height;
  const xy = (x: number, y: number) => `${pt(x)} ${pt(h - y)}`;
  const out: string[] = ['0 g'];
  for (const shape of drawing.shapes) {
    if (shape.kind === 'rects') {
      for (const [x, y, w, height] of shape.rects) {
        out.push(`${pt(x)} ${pt(h - y - height)} ${pt(w)} ${pt(height)} re`);
      }
      out.push('f');
    } else if (shape.kind === 'path') {
      let last: [number, number] = [0, 0];
      for (const c of shape.commands) out.push(pathOp(c, last, xy, (p) => (last = p)));
      out.push('f');
    } else {
      out.push(
        `q ${pt(shape.width)} 0 0 ${pt(shape.height)} ${pt(shape.x)} ${pt(h - shape.y - shape.height)} cm /${imageName(shape.image)} Do Q`,
      );
    }
  }
  return out.join('\n');
}

/** One path command as PDF operators; quadratic curves become the equivalent cubic ones. */
function pathOp(
  c: PathCommand,
  last: [number, number],
  xy: (x: number, y: number) => string,
  moveTo: (p: [number, number]) => void,
): string {
  switch (c.op) {
    case 'M':
    case 'L':
      moveTo([c.pts[0], c.pts[1]]);
      return `${xy(c.pts[0], c.pts[1])} ${c.op === 'M' ? 'm' : 'l'}`;
    case 'Q': {
      const [qx, qy, x, y] = c.pts;
      const c1 = xy(last[0] + (2 / 3) * (qx - last[0]), last[1] + (2 / 3) * (qy - last[1]));
      const c2 = xy(x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y));
      moveTo([x, y]);
      return `${c1} ${c2} ${xy(x, y)} c`;
    }
    case 'C': {
      const [x1, y1, x2, y2, x, y] = c.pts;
      moveTo([x, y]);
      return `${xy(x1, y1)} ${xy(x2, y2)} ${xy(x, y)} c`;
    }
    case 'Z':
      return 'h';
  }
}

/** A PDF with one page per drawing. */
export function drawingsToPdf(
  pages: Iterable<Drawing>,
  options: PdfOptions,
): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  let count = 0;
  const reserve = () => ++count;
  const object = (id: number, dictionary: string, stream?: Uint8Array) => {
    offsets[id] = length;
    if (!stream) return push(`${id} 0 obj\n${dictionary}\nendobj\n`);
    push(`${id} 0 obj\n<< ${dictionary} /Length ${stream.length} >>\nstream\n`);
    push(stream);
    push('\nendstream\nendobj\n');
  };

  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const catalog = reserve();
  const pagesId = reserve();
  const info = reserve();
  const images = new Map<PrintImage, { id: number; name: string }>();
  const pageIds: number[] = [];
  for (const drawing of pages) {
    const used = new Map<string, number>();
    const content = pageContent(drawing, (image) => {
      let entry = images.get(image);
      if (!entry) {
        entry = { id: reserve(), name: `Im${images.size + 1}` };
        images.set(image, entry);
        writeImage(entry.id, image);
      }
      used.set(entry.name, entry.id);
      return entry.name;
    });
    const raw = encoder.encode(content);
    const contentId = reserve();
    object(
      contentId,
      options.deflate ? '/Filter /FlateDecode' : '',
      options.deflate ? options.deflate(raw) : raw,
    );
    const box = (x: number, y: number, w: number, h: number) =>
      `[${pt(x)} ${pt(drawing.height - y - h)} ${pt(x + w)} ${pt(drawing.height - y)}]`;
    const trim = drawing.trim
      ? ` /TrimBox ${box(drawing.trim.x, drawing.trim.y, drawing.trim.width, drawing.trim.height)} /BleedBox ${box(0, 0, drawing.width, drawing.height)}`
      : '';
    const xobjects = [...used].map(([name, id]) => `/${name} ${id} 0 R`).join(' ');
    const pageId = reserve();
    object(
      pageId,
      `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox ${box(0, 0, drawing.width, drawing.height)}${trim} /Resources << /XObject << ${xobjects} >> >> /Contents ${contentId} 0 R >>`,
    );
    pageIds.push(pageId);
  }
  object(
    pagesId,
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
  );
  object(catalog, `<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
  object(
    info,
    `<< /Title ${pdfString(options.title)} /Producer (Cachet) /CreationDate (${pdfDate(options.created ?? new Date())}) >>`,
  );

  const xref = length;
  const lines = [`xref\n0 ${count + 1}\n0000000000 65535 f \n`];
  for (let id = 1; id <= count; id++)
    lines.push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(lines.join(''));
  push(
    `trailer\n<< /Size ${count + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );

  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;

  function writeImage(id: number, image: PrintImage) {
    const size = `/Width ${image.widthPx} /Height ${image.heightPx} /BitsPerComponent 8`;
    let mask = '';
    if (image.alphaDeflated) {
      const maskId = reserve();
      object(
        maskId,
        `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceGray /Filter /FlateDecode`,
        image.alphaDeflated,
      );
      mask = ` /SMask ${maskId} 0 R`;
    }
    object(
      id,
      `/Type /XObject /Subtype /Image ${size} /ColorSpace /DeviceRGB /Filter /FlateDecode${mask}`,
      image.rgbDeflated,
    );
  }
}
