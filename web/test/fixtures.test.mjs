// The shared protocol fixtures (Tests/Fixtures/protocol), which the Swift tests check too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { CLIENT_TYPES, decodeClientFrame, decodeServerFrame, encodeClientFrame, FrameError, SERVER_TYPES } from '../src/protocol/frames.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol');
const fixtures = (folder) =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, folder, name), 'utf8') }));

for (const { name, text } of fixtures('server')) {
  test(`server fixture ${name} decodes with every field`, () => {
    assert.deepEqual(decodeServerFrame(text), JSON.parse(text));
  });
}

for (const { name, text } of fixtures('client')) {
  test(`client fixture ${name} is what the client encodes`, () => {
    const frame = JSON.parse(text);
    assert.deepEqual(JSON.parse(encodeClientFrame(frame)), frame);
    assert.deepEqual(decodeClientFrame(encodeClientFrame(frame)), frame);
  });
}

for (const { name, text } of fixtures('invalid')) {
  test(`invalid fixture ${name} is refused with its documented code`, () => {
    const fixture = JSON.parse(text);
    assert.throws(() => decodeClientFrame(fixture.frame), (error) => {
      assert.ok(error instanceof FrameError);
      assert.equal(error.code, fixture.code);
      assert.equal(error.id, fixture.id);
      return true;
    });
  });
}

test('every frame type has a fixture', () => {
  const types = (folder) => new Set(fixtures(folder).map(({ text }) => JSON.parse(text).type));
  assert.deepEqual([...types('server')].sort(), [...SERVER_TYPES].sort());
  assert.deepEqual([...types('client')].sort(), [...CLIENT_TYPES].sort());
});

test('a server frame with a field of the wrong kind is refused', () => {
  assert.throws(() => decodeServerFrame('{"type":"message","room":"lobby","seq":"1","from":"a","text":"b","time":1}'), FrameError);
  assert.throws(() => decodeServerFrame('{"type":"presence","room":"lobby","seq":1,"event":"danced","name":"a"}'), FrameError);
  assert.throws(() => decodeServerFrame('{"type":"presence","room":"lobby","seq":1,"event":"renamed","name":"a","from":7}'), FrameError);
  assert.throws(() => decodeServerFrame('{"type":"teleport"}'), FrameError);
});

test('a presence frame needs no member list, and one it still carries is passed over', () => {
  const frame = decodeServerFrame('{"type":"presence","room":"lobby","seq":1,"event":"joined","name":"a"}');
  assert.equal(frame.members, undefined);
  assert.doesNotThrow(() => decodeServerFrame('{"type":"presence","room":"lobby","seq":1,"event":"joined","name":"a","members":["a"]}'));
});

test('the encoder refuses frames the server would refuse', () => {
  assert.throws(() => encodeClientFrame({ type: 'say', room: 'lobby' }), FrameError);
  assert.throws(() => encodeClientFrame({ type: 'dance' }), FrameError);
  assert.equal(encodeClientFrame({ type: 'say', room: 'lobby', text: 'hi', extra: 1 }), '{"type":"say","room":"lobby","text":"hi"}');
});
