// The frames that refer to something, against the shared signing vectors: a say with a reply, an
// edit, a delete and a reaction (conv1) and a shared file (file1), signed as the Outbox signs them,
// give the vectors' sigs (Ed25519 is deterministic); received, they verify, and with another
// reference (or none) they do not; and their fixtures are those frames.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PinBook } from '../src/identity/pinBook.js';
import { judgeSignature } from '../src/identity/signatureState.js';
import { decodeClientFrame, encodeClientFrame } from '../src/protocol/frames.js';
import { vectorIdentity, vectors } from './support/identities.mjs';
import { receivedFrameOf, sentFrameOf } from './support/vectorFrames.mjs';

const clientFixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'client');
const fixture = (name) => JSON.parse(readFileSync(join(clientFixtures, name), 'utf8'));
const identityOf = (seed) => vectorIdentity(vectors.identities.findIndex((identity) => identity.seed === seed));
const withReferences = vectors.messages.filter((entry) => entry.refs);

test('the vectors have a reply, an edit, a delete, a reaction and a file', () => {
  assert.deepEqual([...new Set(withReferences.map((entry) => entry.kind))].sort(), ['delete', 'edit', 'file', 'message', 'reaction']);
});

/** The frame as received with another message (or file) referred to. */
function referringElsewhere(frame) {
  if (frame.file) return { ...frame, file: { ...frame.file, id: '00112233445566778899aabbccddeeff' } };
  return frame.reply ? { ...frame, reply: { ...frame.reply, id: 'm9' } } : { ...frame, target: { ...frame.target, id: 'm9' } };
}

for (const entry of withReferences) {
  test(`${entry.kind} ${entry.id}: signing the frame that sends it gives the vector's sig`, async () => {
    const frame = sentFrameOf(entry);
    const signed = await (await identityOf(entry.seed)).sign(frame);
    assert.equal(signed.sig, entry.sig);
    assert.deepEqual(decodeClientFrame(encodeClientFrame(signed)), signed, 'the encoder keeps the reference');
  });

  test(`${entry.kind} ${entry.id}: received, it verifies; without its reference it does not`, async () => {
    const frame = receivedFrameOf(entry);
    assert.equal((await judgeSignature(frame, { pins: new PinBook() })).state, 'first-seen');
    const { reply, target, file, ...bare } = frame;
    assert.ok(reply || target || file);
    assert.equal((await judgeSignature(bare, { pins: new PinBook() })).state, 'invalid');
    assert.equal((await judgeSignature(referringElsewhere(frame), { pins: new PinBook() })).state, 'invalid', 'another message or file');
  });
}

test('the client fixtures of a reply, an edit, a delete, a reaction and a file carry the vectors’ sigs', async () => {
  for (const name of ['say-reply.json', 'edit.json', 'delete.json', 'reaction.json', 'file.json']) {
    const frame = fixture(name);
    const entry = withReferences.find((vector) => vector.id === frame.id);
    const signed = await (await identityOf(entry.seed)).sign({ ...frame, sig: undefined });
    assert.equal(signed.sig, frame.sig, name);
  }
});
