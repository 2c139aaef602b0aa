// What staff views and the terminal show of text that draws nothing or moves text around: each
// such character by its code point, one code point at a time (a tag character is not two
// surrogates), while the joiners and variation selectors that names and emoji need stay as sent.
import { describe, expect, it } from 'vitest';
import { markControls, showControls } from '../../src/core/index.js';

/** One of each invisible or line-breaking character staff must see. */
const HIDDEN = [
  0x2028, 0x2029, 0xad, 0x34f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180b, 0x180e, 0x180f, 0x200b,
  0x2060, 0x2064, 0x206a, 0x206f, 0x3164, 0xfeff, 0xffa0, 0xfff9, 0xfffb, 0xe0000, 0xe0001, 0xe0069,
  0xe007f, 0xfff0, 0x1bca0, 0x1d173, 0x1d17a, 0xe0080, 0xe0fff,
];

describe('markControls', () => {
  it('names every invisible, separator and tag character by its code point', () => {
    for (const point of HIDDEN) {
      const mark = `[U+${point.toString(16).toUpperCase().padStart(4, '0')}]`;
      expect(markControls(`a${String.fromCodePoint(point)}b`), mark).toBe(`a${mark}b`);
    }
  });

  it('writes a tag character as one code point, and a lone surrogate as itself', () => {
    expect(markControls('flag\u{e0067}\u{e0062}\u{e007f}')).toBe('flag[U+E0067][U+E0062][U+E007F]');
    expect(markControls('x\ud800y\udc00z')).toBe('x[U+D800]y[U+DC00]z');
    // A surrogate pair of an ordinary astral character is one character, left alone.
    expect(markControls('ok 😀 𝒜')).toBe('ok 😀 𝒜');
  });

  it('leaves the joiners and variation selectors that names and emoji need', () => {
    const persian = 'می\u200cخواهم'; // ZWNJ
    const hindi = 'क्\u200dष'; // ZWJ
    const emoji = '👩\u200d💻 ❤\ufe0f 葛\u{e0100}';
    expect(markControls(persian)).toBe(persian);
    expect(markControls(hindi)).toBe(hindi);
    expect(markControls(emoji)).toBe(emoji);
  });

  it('names a joiner or variation selector beside printable ASCII, where it does nothing', () => {
    // A URL that reads "google.com" with two characters hidden after it, and a subject that reads
    // like another's: every joiner in the run is named, not only the ones at its ends.
    expect(markControls('https://google.com\u200d\ufe0f.evil.example/')).toBe(
      'https://google.com[U+200D][U+FE0F].evil.example/',
    );
    expect(markControls('u-42\u200c')).toBe('u-42[U+200C]');
    expect(markControls('g\u200d\u200d\u200dx')).toBe('g[U+200D][U+200D][U+200D]x');
    expect(markControls('\u200cabc')).toBe('[U+200C]abc');
  });

  it('keeps a line feed with keepNewlines, but not a line or paragraph separator', () => {
    expect(markControls('one\ntwo\u2028three\u2029four', { keepNewlines: true })).toBe(
      'one\ntwo[U+2028]three[U+2029]four',
    );
  });
});

describe('showControls', () => {
  it('escapes invisible characters, astral ones in the \\u{…} form', () => {
    expect(showControls('a\u200bb\ufeffc\u{e0069}d\u2029e\ud800')).toBe(
      'a\\u200bb\\ufeffc\\u{e0069}d\\u2029e\\ud800',
    );
    expect(showControls('\x1b[2J')).toBe('\\x1b[2J');
  });
});
