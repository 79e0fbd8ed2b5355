// Text markup, blocks (docs/PROTOCOL.md, "Text markup"): a text's lines become code blocks (between
// fences), quotes (runs of `>` lines) and paragraphs (every other run of lines).

import { inlineNodes, joinLines } from './inline.js';

const OPENING_FENCE = /^```([A-Za-z0-9_+.#-]{0,32})[ \t\r]*$/;
const CLOSING_FENCE = /^```[ \t\r]*$/;

/** The blocks of `text`: {paragraph: nodes}, {quote: nodes} or {code, lang?}. */
export function markupBlocks(text) {
  const lines = text.split('\n');
  const nextClosing = closingFences(lines);
  const blocks = [];
  let run = { kind: undefined, lines: [] };
  const endRun = () => {
    if (run.kind) blocks.push({ [run.kind]: joinLines(run.lines.map(inlineNodes)) });
    run = { kind: undefined, lines: [] };
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const fence = OPENING_FENCE.exec(line);
    const close = fence ? nextClosing[index + 1] : undefined;
    if (close !== undefined) {
      endRun();
      const code = { code: lines.slice(index + 1, close).join('\n') };
      if (fence[1]) code.lang = fence[1];
      blocks.push(code);
      index = close;
      continue;
    }
    const kind = line.startsWith('>') ? 'quote' : 'paragraph';
    if (kind !== run.kind) endRun();
    run.kind = kind;
    run.lines.push(kind === 'quote' ? line.slice(line.startsWith('> ') ? 2 : 1) : line);
  }
  endRun();
  return blocks;
}

/** For each line, the first line at or after it that closes a fence (undefined: none): read once, from the end. */
function closingFences(lines) {
  const next = new Array(lines.length + 1);
  for (let index = lines.length - 1; index >= 0; index -= 1) next[index] = CLOSING_FENCE.test(lines[index]) ? index : next[index + 1];
  return next;
}
