// Text from the public or from staff input, shown to staff so that it cannot disguise itself: a
// right-to-left override in an associate's name or a report's "where" can turn "(no. 660)" into
// "(066 .on)", or "evil.example/…moc.elgoog" into "…google.com". Staff views show each control
// and bidirectional character by its code point, and every view isolates such values (`<bdi>`).

/**
 * C0 controls, DEL, C1 controls, the bidirectional marks, embeddings, overrides and isolates
 * (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069: Unicode TR9 §2), the line and paragraph
 * separators (U+2028, U+2029), and the characters that draw nothing and could hide or smuggle
 * text: the soft hyphen (U+00AD), the combining grapheme joiner (U+034F), the Hangul fillers
 * (U+115F, U+1160, U+3164, U+FFA0), U+17B4/5, the Mongolian selectors and separator
 * (U+180B–U+180F), the zero width space (U+200B), U+2060–U+206F (word joiner, invisible
 * operators, deprecated format controls, the isolates), the byte order mark (U+FEFF), the
 * interlinear annotation characters (U+FFF9–U+FFFB), the tag characters (U+E0000–U+E007F), and
 * any lone surrogate, and the other characters Unicode says to ignore when drawing (U+FFF0–U+FFF8,
 * U+1BCA0–U+1BCA3, U+1D173–U+1D17A, U+E0080–U+E00FF, U+E01F0–U+E0FFF). The zero width
 * (non-)joiner and the variation selectors only beside printable ASCII, where they never do
 * anything (`google.com\u200d\ufe0f.evil.example`, `u-42\u200c`): Persian and Indic names, emoji
 * and Japanese names need them between their own characters. The `u` flag makes the astral
 * characters one code point each.
 */
export const CONTROL_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\ufff0-\ufff8\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0080}-\u{e00ff}\u{e01f0}-\u{e0fff}\ud800-\udfff]|(?<=[\x21-\x7e][\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*)[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]|[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}](?=[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]*[0-9A-Za-z])/gu;
/** The same, except the line feed: for text of several lines. */
export const CONTROL_CHARACTERS_BUT_NEWLINE = new RegExp(
  CONTROL_CHARACTERS.source.replace('\\u0000-\\u001f', '\\u0000-\\u0009\\u000b-\\u001f'),
  CONTROL_CHARACTERS.flags,
);

/**
 * `[U+202E]`: how a staff view names a control character in place of obeying it (by code point:
 * a tag character reads `[U+E0069]`, a lone surrogate `[U+D800]`).
 */
export const markControl = (c: string): string =>
  `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;

/**
 * `text` with every control and bidirectional character written as `[U+XXXX]`, for staff views.
 * With `keepNewlines`, a line feed stays (a report's account of several lines).
 */
export function markControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(
    options.keepNewlines ? CONTROL_CHARACTERS_BUT_NEWLINE : CONTROL_CHARACTERS,
    markControl,
  );
}
