// A card URL's QR code as SVG and PNG, for `cachet mint`: qrcode's PNG writer needs Node streams.
import QRCode from 'qrcode';
import { qrSegments, qrText, type Ecc } from '../print/qr.js';

export interface RenderedQr {
  /** QR version (1 to 40): 41 × 41 modules is version 6. */
  version: number;
  /** The text encoded, as a decoder returns it. */
  text: string;
  svg: string;
  png: Buffer;
}

/** Renders a card URL as SVG and PNG, with the standard 4-module quiet zone. */
export async function renderQr(
  url: string,
  options: { ecc?: Ecc; scale?: number } = {},
): Promise<RenderedQr> {
  const segments = qrSegments(url);
  const errorCorrectionLevel = options.ecc ?? 'M';
  const version = QRCode.create(segments, { errorCorrectionLevel }).version;
  const common = { errorCorrectionLevel, margin: 4, version };
  const [svg, png] = await Promise.all([
    QRCode.toString(segments, { ...common, type: 'svg' }),
    QRCode.toBuffer(segments, { ...common, type: 'png', scale: options.scale ?? 8 }),
  ]);
  return { version, text: qrText(url), svg, png };
}
