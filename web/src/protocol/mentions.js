// Mentions (docs/PROTOCOL.md, "Conversation events"): written in the text, so that they are sealed with
// it. `@NAME` when the name is only letters, digits, `_` and `-` (the mention is the longest such run),
// else `@:NAME:` (a name has no `:`, so the first one ends it; what is between must be a valid name as
// it stands). An `@` right after a letter, digit, `_` or `-` starts none (alice@example.org). The cases
// are Tests/Fixtures/protocol/mentions.json, which the CLI passes too.

import { characterBefore } from '../markup/characters.js';

/** One character of a bare name; marks go with the letter they modify (a decomposed ë). */
const NAME_CHARACTER = /[\p{L}\p{M}\p{N}_-]/u;
const BARE_NAME = /^[\p{L}\p{M}\p{N}_-]+/u;
const BARE_ONLY = /^[\p{L}\p{M}\p{N}_-]+$/u;
// What a name may not hold (the username rules): control and format characters (but the zero-width
// joiner emoji need), whitespace other than a plain space, and `:`.
const FORBIDDEN = /[\p{Cc}\p{Cf}:]|(?! )\s/u;
const ZERO_WIDTH_JOINER = /\u200d/gu;
const MAXIMUM_CHARACTERS = 32;
const MAXIMUM_BYTES = 128;

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;
const characterCount = (text) => (segmenter ? [...segmenter.segment(text)].length : [...text].length);

/** Whether `name` is a valid username as it stands (not trimmed: `@: bob:` mentions nobody). */
export function isValidName(name) {
  if (name.length === 0 || name.trim() !== name) return false;
  if (FORBIDDEN.test(name.replace(ZERO_WIDTH_JOINER, ''))) return false;
  return characterCount(name) <= MAXIMUM_CHARACTERS && new TextEncoder().encode(name).length <= MAXIMUM_BYTES;
}

/** The mentions in `text`, in order: {name (as written), start, end} (UTF-16 offsets of the whole token). */
export function findMentions(text) {
  const found = [];
  let at = text.indexOf('@');
  while (at >= 0) {
    const next = mentionAt(text, at);
    if (next) found.push(next);
    at = text.indexOf('@', next ? next.end : at + 1);
  }
  return found;
}

/** The mention that starts with the `@` at `at` (a UTF-16 offset), or undefined; markup reads mentions with it. */
export function mentionAt(text, at) {
  if (at > 0 && NAME_CHARACTER.test(characterBefore(text, at))) return undefined;
  const rest = text.slice(at + 1);
  if (rest.startsWith(':')) {
    const close = rest.indexOf(':', 1);
    const name = close > 0 ? rest.slice(1, close) : '';
    return isValidName(name) ? { name, start: at, end: at + close + 2 } : undefined;
  }
  const bare = BARE_NAME.exec(rest);
  return bare ? { name: bare[0], start: at, end: at + 1 + bare[0].length } : undefined;
}

/** The token that mentions `name`: what completion inserts. */
export function mentionToken(name) {
  return BARE_ONLY.test(name) ? `@${name}` : `@:${name}:`;
}

/** Whether `text` mentions `name` (names match regardless of case). */
export function mentions(text, name) {
  const wanted = name.toLowerCase();
  return findMentions(text).some((mention) => mention.name.toLowerCase() === wanted);
}
