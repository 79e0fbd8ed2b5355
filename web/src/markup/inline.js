// Text markup, inline (docs/PROTOCOL.md, "Text markup"): one line becomes atoms (code, links, mentions,
// shortcodes, delimiters, text), then delimiters pair into bold, italic and strike. Linear in the line.

import { mentionAt } from '../protocol/mentions.js';
import { characterAt, characterBefore, isWhitespace, isWord } from './characters.js';
import { SHORTCODES } from './shortcodes.js';

const LINK_START = /^https?:\/\//i;
const LINK_END = /[<>"`]/;
const LINK_TRAILING = ".,:;!?'*_~";
const SHORTCODE = /^:([a-z0-9_+-]{1,32}):/;
const DELIMITERS = { '**': 'bold', '~~': 'strike', '*': 'italic', _: 'italic' };

/** The inline nodes of one line. */
export function inlineNodes(line) {
  const atoms = atomsOf(line);
  return pair(atoms, 0, atoms.length, closers(atoms));
}

/** Lines' nodes as one list, a `\n` between lines, adjacent text joined. */
export function joinLines(lines) {
  return merged(lines.flatMap((nodes, index) => (index === 0 ? nodes : ['\n', ...nodes])));
}

function atomsOf(line) {
  const atoms = [];
  const partners = codePartners(line);
  let at = 0;
  while (at < line.length) {
    const atom = codeAt(line, at, partners) ?? linkAt(line, at) ?? mentionNodeAt(line, at) ?? shortcodeAt(line, at) ?? delimiterAt(line, at) ?? textAt(line, at);
    atoms.push(atom);
    at = atom.end;
  }
  return atoms;
}

const runLength = (line, at, character) => {
  let end = at;
  while (line[end] === character) end += 1;
  return end - at;
};

/** Each backtick run's partner, the next run just as long (start → start): one pass from the end, so a
 * line of many runs of different lengths is still read in linear time. */
function codePartners(line) {
  const runs = [];
  for (let at = line.indexOf('`'); at >= 0; ) {
    const length = runLength(line, at, '`');
    runs.push({ at, length });
    at = line.indexOf('`', at + length);
  }
  const partners = new Map();
  const nearest = new Map();
  for (let index = runs.length - 1; index >= 0; index -= 1) {
    const { at, length } = runs[index];
    if (nearest.has(length)) partners.set(at, nearest.get(length));
    nearest.set(length, at);
  }
  return partners;
}

function codeAt(line, at, partners) {
  if (line[at] !== '`') return undefined;
  const length = runLength(line, at, '`');
  const partner = partners.get(at);
  if (partner === undefined) return { node: line.slice(at, at + length), end: at + length };
  let code = line.slice(at + length, partner);
  if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
  return { node: { code }, end: partner + length };
}

function linkAt(line, at) {
  if ((line[at] !== 'h' && line[at] !== 'H') || isWord(characterBefore(line, at))) return undefined;
  const scheme = LINK_START.exec(line.slice(at, at + 8));
  if (!scheme) return undefined;
  const start = at + scheme[0].length;
  const host = characterAt(line, start);
  if (!(isWord(host) || host === '[')) return undefined;
  let end = start;
  let unmatched = 0; // `)` less `(`
  while (end < line.length && !LINK_END.test(line[end]) && !isWhitespace(characterAt(line, end))) {
    if (line[end] === '(') unmatched -= 1;
    if (line[end] === ')') unmatched += 1;
    end += characterAt(line, end).length;
  }
  for (; end > start; end -= 1) {
    const last = line[end - 1];
    if (last === ')' && unmatched > 0) unmatched -= 1;
    else if (!LINK_TRAILING.includes(last)) break;
  }
  return end > start ? { node: { link: line.slice(at, end) }, end } : undefined;
}

function mentionNodeAt(line, at) {
  if (line[at] !== '@') return undefined;
  const mention = mentionAt(line, at);
  return mention && { node: { mention: mention.name }, end: mention.end };
}

function shortcodeAt(line, at) {
  if (line[at] !== ':' || isWord(characterBefore(line, at))) return undefined;
  const match = SHORTCODE.exec(line.slice(at, at + 35));
  const emoji = match && SHORTCODES.get(match[1]);
  return emoji ? { node: { emoji, shortcode: match[1] }, end: at + match[0].length } : undefined;
}

function delimiterAt(line, at) {
  const character = line[at];
  if (character !== '*' && character !== '_' && character !== '~') return undefined;
  const length = runLength(line, at, character);
  const delimiter = character.repeat(length);
  const end = at + length;
  if (!DELIMITERS[delimiter]) return { node: delimiter, end };
  const before = characterBefore(line, at);
  const after = characterAt(line, end);
  return {
    node: delimiter,
    end,
    delimiter,
    opens: after !== '' && !isWhitespace(after) && !isWord(before),
    closes: before !== '' && !isWhitespace(before) && !isWord(after),
  };
}

function textAt(line, at) {
  const character = characterAt(line, at);
  return { node: character, end: at + character.length };
}

/** For each delimiter and atom index, the first atom at or after it that closes that delimiter: one pass from the end. */
function closers(atoms) {
  const next = {};
  for (const delimiter of Object.keys(DELIMITERS)) {
    const column = new Array(atoms.length + 1);
    for (let index = atoms.length - 1; index >= 0; index -= 1) {
      column[index] = atoms[index].delimiter === delimiter && atoms[index].closes ? index : column[index + 1];
    }
    next[delimiter] = column;
  }
  return next;
}

/** The nodes of atoms[from..<to], delimiters paired with their first closer inside the range. */
function pair(atoms, from, to, next) {
  const nodes = [];
  for (let index = from; index < to; index += 1) {
    const atom = atoms[index];
    const close = atom.opens ? next[atom.delimiter][index + 1] : undefined;
    if (close !== undefined && close < to && close > index + 1) {
      nodes.push({ [DELIMITERS[atom.delimiter]]: pair(atoms, index + 1, close, next) });
      index = close;
    } else {
      nodes.push(atom.node);
    }
  }
  return merged(nodes);
}

/** Adjacent strings joined, empty ones dropped. */
function merged(nodes) {
  const out = [];
  for (const node of nodes) {
    if (typeof node !== 'string') out.push(node);
    else if (node !== '' && typeof out[out.length - 1] === 'string') out[out.length - 1] += node;
    else if (node !== '') out.push(node);
  }
  return out;
}
