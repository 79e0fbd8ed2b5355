// Text markup: every case of Tests/Fixtures/protocol/markup.json, which the CLI passes too, and the
// shortcode table against its one home (docs/shortcodes.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { markupBlocks } from '../src/markup/blocks.js';
import { SHORTCODES } from '../src/markup/shortcodes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cases = JSON.parse(readFileSync(join(root, 'Tests', 'Fixtures', 'protocol', 'markup.json'), 'utf8')).cases;

for (const { text, blocks } of cases) {
  test(`markup of ${JSON.stringify(text)}`, () => {
    assert.deepEqual(markupBlocks(text), blocks);
  });
}

test('the shortcode table is docs/shortcodes.json', () => {
  const home = JSON.parse(readFileSync(join(root, 'docs', 'shortcodes.json'), 'utf8')).shortcodes;
  assert.deepEqual(Object.fromEntries(SHORTCODES), home);
});

test('long hostile lines stay text, and are read without running out of stack', () => {
  for (const line of ['*a '.repeat(3000), '`'.repeat(4000) + ' x', ':smil'.repeat(1500), 'https://a' + ')'.repeat(3000)]) {
    const [block, ...rest] = markupBlocks(line);
    assert.equal(rest.length, 0);
    assert.equal(block.paragraph.map((node) => (typeof node === 'string' ? node : node.link)).join(''), line);
  }
});

test('delimiters nest at most four deep, however many there are', () => {
  const depth = (nodes) => Math.max(0, ...nodes.map((node) => (typeof node === 'object' && Array.isArray(Object.values(node)[0]) ? 1 + depth(Object.values(node)[0]) : 0)));
  for (const line of ['~~_*'.repeat(1000), '**~~*_x'.repeat(500) + '_*~~**'.repeat(500)]) {
    assert.ok(depth(markupBlocks(line)[0].paragraph) <= 4);
  }
  assert.equal(depth(markupBlocks('**~~*_x_*~~**')[0].paragraph), 4);
});
