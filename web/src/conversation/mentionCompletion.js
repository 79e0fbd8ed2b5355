// Completing a mention in the composer: `@` and the start of a name offers the room's members whose
// name starts so (regardless of case); choosing one puts in the token that mentions it (mentionToken:
// `@bob`, or `@:bob smith:` for a name with other characters).

import { mentionToken } from '../protocol/mentions.js';

// An `@` that starts a mention (not after a letter, digit, `_` or `-`), then a bare name's start, or
// `@:` and the start of any name (until its closing `:`).
const TYPED_MENTION = /(?:^|[^\p{L}\p{M}\p{N}_-])@(:[^:\n]*|[\p{L}\p{M}\p{N}_-]*)$/u;
const MAXIMUM_CANDIDATES = 8;

/** The mention being typed just before `caret`: {start (of its @), prefix}, or undefined. */
export function typedMention(text, caret) {
  const before = text.slice(0, caret);
  const match = TYPED_MENTION.exec(before);
  if (!match) return undefined;
  const typed = match[1];
  return { start: caret - typed.length - 1, prefix: typed.startsWith(':') ? typed.slice(1) : typed };
}

/** The members to offer for `prefix`: not ourselves, names starting with it, at most 8, in order. */
export function mentionCandidates(members, prefix, me) {
  const wanted = prefix.toLowerCase();
  return members.filter((name) => name.toLowerCase() !== me.toLowerCase() && name.toLowerCase().startsWith(wanted)).slice(0, MAXIMUM_CANDIDATES);
}

/** The text with the typed mention (at `typed.start`, up to `caret`) replaced by `name`'s token and a space: {text, caret}. */
export function completeMention(text, caret, typed, name) {
  const token = `${mentionToken(name)} `;
  return { text: text.slice(0, typed.start) + token + text.slice(caret), caret: typed.start + token.length };
}
