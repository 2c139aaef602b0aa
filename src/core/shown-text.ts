// Text from the public or from staff input, shown to staff so that it cannot disguise itself: a
// right-to-left override in an associate's name or a report's "where" can turn "(no. 660)" into
// "(066 .on)", or "evil.example/…moc.elgoog" into "…google.com". Staff views show each control
// and bidirectional character by its code point, and every view isolates such values (`<bdi>`).

/**
 * C0 controls, DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates
 * (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069): Unicode TR9 §2 lists the last four groups.
 */
export const CONTROL_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, except the line feed: for text of several lines. */
export const CONTROL_CHARACTERS_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `[U+202E]`: how a staff view names a control character in place of obeying it. */
export const markControl = (c: string): string =>
  `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`;

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
