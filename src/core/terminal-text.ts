// Text from a registry or a file, made safe to print on a terminal: a control character or a
// bidirectional override can clear the screen, move the cursor or reorder a line so that it reads
// "ok", so each one is shown as its escape (`\x1b`, `\u202e`) instead of being obeyed.
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_NEWLINE } from './shown-text.js';

/** `\x1b`, `\u202e`, or `\u{e0069}` beyond the Basic Multilingual Plane. */
const escape = (c: string): string => {
  const code = c.codePointAt(0)!;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : code <= 0xffff
      ? `\\u${code.toString(16).padStart(4, '0')}`
      : `\\u{${code.toString(16)}}`;
};

/**
 * `text` with every control character and bidirectional control written visibly as its escape.
 * With `keepNewlines`, a line feed stays a line feed (a message of several lines of our own).
 */
export function showControls(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(
    options.keepNewlines ? CONTROL_CHARACTERS_BUT_NEWLINE : CONTROL_CHARACTERS,
    escape,
  );
}
