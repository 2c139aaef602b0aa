// The part of qrcode the portable print art uses, without @types/qrcode's Node typings: the
// portable layers' type check (tsconfig.portable.json) maps 'qrcode' here, so a Node-only call
// such as toBuffer or toFile fails to compile there. The Node build uses @types/qrcode itself.
export type QRCodeErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H';

export interface QRCodeSegment {
  data: string | Uint8Array;
  mode: 'numeric' | 'alphanumeric' | 'byte' | 'kanji';
}

export interface QRCodeOptions {
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel;
  version?: number;
  margin?: number;
}

export interface QRCode {
  version: number;
  modules: { size: number; data: Uint8Array; get(row: number, col: number): number };
}

declare const qrcode: {
  create(data: string | QRCodeSegment[], options?: QRCodeOptions): QRCode;
  toString(
    data: string | QRCodeSegment[],
    options: QRCodeOptions & { type: 'svg' | 'utf8' | 'terminal' },
  ): Promise<string>;
};
export default qrcode;
