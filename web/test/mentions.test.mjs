// Mention parsing and formatting: every case of Tests/Fixtures/protocol/mentions.json, which the CLI passes too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { findMentions, isValidName, mentions, mentionToken } from '../src/protocol/mentions.js';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'mentions.json');
const cases = JSON.parse(readFileSync(path, 'utf8'));

for (const { text, mentions: expected } of cases.texts) {
  test(`"${text}" mentions ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(findMentions(text).map((mention) => mention.name), expected);
  });
}

for (const { name, token } of cases.format) {
  test(`${name} is mentioned as ${token}, which parses back to it`, () => {
    assert.equal(mentionToken(name), token);
    assert.deepEqual(findMentions(`hi ${token}, there`).map((mention) => mention.name), [name]);
  });
}

test('names match regardless of case', () => {
  assert.ok(mentions('thanks @BOB', 'bob'));
  assert.ok(mentions('@:Bob Smith: look', 'bob smith'));
  assert.equal(mentions('thanks @bobby', 'bob'), false, 'the longest run is the name');
});

test('an @ right after an emoji (a surrogate pair) starts a mention; after a letter it does not', () => {
  assert.deepEqual(findMentions('🦊@bob').map((mention) => mention.name), ['bob']);
  assert.deepEqual(findMentions('x@bob'), []);
});

test('a @:NAME: mention needs a valid name as it stands', () => {
  assert.equal(isValidName(' bob'), false);
  assert.equal(isValidName('a\tb'), false);
  assert.equal(isValidName('x'.repeat(33)), false);
  assert.ok(isValidName('👩‍💻 dev'), 'the zero-width joiner emoji need is allowed');
  assert.deepEqual(findMentions('@: bob: @:a\u200bb:'), []);
});
