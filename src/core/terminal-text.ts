// Text from a registry or a file, made safe to print on a terminal: a control character or a
// bidirectional override can clear the screen, move the cursor or reorder a line so that it reads
// "ok", so each one is shown as its escape (`\x1b`, `\u202e`) instead of being obeyed.

/**
 * C0 controls, DEL, C1 controls, and the bidirectional marks, embeddings, overrides and isolates
 * (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069): Unicode TR9 §2 lists the last four groups.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * `text` with every control character and bidirectional control written visibly as its escape.
 * With `keepNewlines`, a line feed stays a line feed (a message of several lines of our own).
 */
export function showControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? CONTROLS_BUT_NEWLINE : CONTROLS, escape);
}
