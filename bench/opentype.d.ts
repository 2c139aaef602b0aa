// The little of opentype.js (which ships no types) the card corpus uses: glyph outlines.
declare module 'opentype.js' {
  export interface Path {
    toPathData(options?: { decimalPlaces?: number; flipY?: boolean }): string;
  }
  export interface Glyph {
    advanceWidth?: number;
    /** TrueType outline points, set once getPath has run. */
    points?: { x: number; y: number; onCurve: boolean; lastPointOfContour: boolean }[];
    getPath(x: number, y: number, fontSize: number): Path;
  }
  export interface Font {
    unitsPerEm: number;
    charToGlyph(char: string): Glyph;
  }
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
