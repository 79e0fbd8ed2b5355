// The conversation events' frames (conv1) against the shared signing vectors: a say with a reply, an
// edit, a delete and a reaction, signed as the Outbox signs them, give the vectors' sigs (Ed25519 is
// deterministic); received, they verify; and their fixtures are those frames.
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

test('the vectors have a reply, an edit, a delete and a reaction', () => {
  assert.deepEqual([...new Set(withReferences.map((entry) => entry.kind))].sort(), ['delete', 'edit', 'message', 'reaction']);
});

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
    const { reply, target, ...bare } = frame;
    assert.ok(reply || target);
    assert.equal((await judgeSignature(bare, { pins: new PinBook() })).state, 'invalid');
    const elsewhere = reply ? { ...frame, reply: { ...reply, id: 'm9' } } : { ...frame, target: { ...target, id: 'm9' } };
    assert.equal((await judgeSignature(elsewhere, { pins: new PinBook() })).state, 'invalid', 'another message');
  });
}

test('the client fixtures of a reply, an edit, a delete and a reaction carry the vectors’ sigs', async () => {
  for (const name of ['say-reply.json', 'edit.json', 'delete.json', 'reaction.json']) {
    const frame = fixture(name);
    const entry = withReferences.find((vector) => vector.id === frame.id);
    const signed = await (await identityOf(entry.seed)).sign({ ...frame, sig: undefined });
    assert.equal(signed.sig, frame.sig, name);
  }
});
