// The character classes of the markup rules (docs/PROTOCOL.md, "Text markup"), over whole code points:
// an emoji is two UTF-16 units, and the CLI reads the same rules over Unicode scalars.

const WORD = /[\p{L}\p{M}\p{N}]/u;
const WHITESPACE = /\p{White_Space}/u;

/** The code point that starts at UTF-16 offset `at`, or '' past the end. */
export function characterAt(text, at) {
  return at < text.length ? String.fromCodePoint(text.codePointAt(at)) : '';
}

/** The code point that ends at UTF-16 offset `at`, or '' at the start. */
export function characterBefore(text, at) {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return String.fromCodePoint(text.codePointAt(start));
}

/** A letter, mark or digit: what no delimiter, link or shortcode may follow. */
export const isWord = (character) => character !== '' && WORD.test(character);

export const isWhitespace = (character) => character !== '' && WHITESPACE.test(character);
