// The claim slip drawn and read back: its QR code by an independent decoder (zxing-wasm) off the
// 600-dpi PNG and off Poppler's render of the PDF, the code typed in groups of four from
// Crockford's alphabet only, and a long verify host that still prints modules a phone reads.
import { describe, expect, it } from 'vitest';
import { formatClaimCode, generateClaimCode, parseClaimCode } from '../../src/core/index.js';
import { drawingsToPdfNode, drawingToPng } from '../../src/node/print-node.js';
import { MIN_MODULE_MM } from '../../src/print/insert.js';
import { layoutSlip, printableText, SLIP_LINE } from '../../src/print/slip.js';
import { claimUrlOf } from '../../src/services/mint.js';
import { pdfPages } from '../helpers/pdf.js';
import { decodeQr } from '../helpers/qr-decode.js';

const slipOf = (origin: string) => {
  const code = generateClaimCode();
  return {
    code,
    content: {
      claimCode: formatClaimCode(code),
      claimUrl: claimUrlOf(origin, code),
      serialText: 'K3QZ-8WXD-2M4T-C',
      boutique: 'Paris Saint-Honoré',
    },
  };
};

describe('the claim slip', () => {
  it('leads to the claim page with a code that parses, from the PNG and the PDF', async () => {
    const { code, content } = slipOf('https://verify.brand.co');
    const { drawing } = layoutSlip(content);
    for (const image of [
      await drawingToPng(drawing),
      pdfPages(drawingsToPdfNode([drawing], 'slip'), 300)[0]!,
    ]) {
      const [read] = await decodeQr(image);
      const url = new URL(read!);
      expect(`${url.origin}${url.pathname}`).toBe('https://verify.brand.co/claim');
      expect(parseClaimCode(url.searchParams.get('code')!)).toBe(code);
    }
  });

  it('types the code in groups of four, in characters that cannot be read two ways', () => {
    const { code, content } = slipOf('https://verify.brand.co');
    const { codeLines } = layoutSlip(content);
    expect(codeLines.join(' ').split(' ')).toEqual(formatClaimCode(code).split('-'));
    expect(codeLines.join('')).toMatch(/^[0-9A-HJKMNP-TV-Z ]+$/);
    expect(SLIP_LINE).toBe('Claim this card as its recipient');
    expect(printableText('Paris Saint-Honoré')).toBe('Paris Saint-Honore');
  });

  it('keeps modules a phone reads behind a long verify host', async () => {
    const { content } = slipOf('https://verify.maison-de-haute-couture-paris.com');
    const layout = layoutSlip(content);
    expect(layout.qr.moduleMm).toBeGreaterThanOrEqual(MIN_MODULE_MM);
    expect(await decodeQr(await drawingToPng(layout.drawing))).toEqual([content.claimUrl]);
  });
});
