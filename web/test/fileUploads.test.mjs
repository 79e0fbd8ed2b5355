// Sharing a file (src/files/fileUploads.js), with the server played by the test: refused before any
// chunk when too large; `upload`, then chunks from the offset it answers, at most 4 unanswered, paced by
// the byte; posted once stored; resumed after a reconnect from the relay's offset; failed with a reason
// on `file_expired`; stopped by a cancel. In an encrypted room the body goes up sealed.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { decodeBase64 } from '../src/crypto/base64.js';
import { openRoomText, parseSealed } from '../src/e2e/sealedText.js';
import { FileUploads, UPLOAD_FAILED } from '../src/files/fileUploads.js';
import { openFileBody } from '../src/files/sealedBody.js';
import { ClientState } from '../src/protocol/clientState.js';
import { Outbox } from '../src/protocol/outbox.js';
import { people } from './support/e2e2.mjs';
import { encryptionParts, roomWithKey, settle } from './support/encryption.mjs';
import { fakeTimers } from './support/fakeTimers.mjs';

const [alice] = people;
const FILE_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const LIMITS = { max_message_bytes: 65536, max_rooms: 32, rate: 20, burst: 40, max_file_bytes: 100_000, file_chunk_bytes: 16384 };

/** A client whose connection the test plays: `direct` holds what went out at once (the body's frames), `queued` the messages. */
function client({ limits = LIMITS, online = true } = {}) {
  const state = new ClientState({ name: 'alice' });
  state.limits = limits;
  const connection = {
    state,
    online,
    direct: [],
    queued: [],
    sendNow(frame) {
      if (!this.online) return false;
      this.direct.push(frame);
      return true;
    },
    send(frame) {
      this.queued.push(frame);
    },
  };
  const parts = encryptionParts();
  const outbox = new Outbox({ connection, encryption: parts, identity: alice });
  const actions = [];
  const kept = new Map();
  const timers = fakeTimers();
  const bodies = { put: (id, blob) => kept.set(id, blob) };
  const uploads = new FileUploads({ connection, outbox, ...parts, identity: alice, bodies, dispatch: (action) => actions.push(action), timers });
  const of = (type) => connection.direct.filter((frame) => frame.type === type);
  return { connection, outbox, uploads, actions, kept, timers, of, ...parts };
}

const bodyOf = (size) => Uint8Array.from({ length: size }, (_, index) => (index * 31) % 256);
const fileOf = (size, name = 'cat.png', type = 'image/png') => new File([bodyOf(size)], name, { type });
const answer = (uploads, frame, offset = 0, chunk = 16384) => uploads.take({ type: 'uploadReady', upload: { type: 'upload', id: frame.id, file: FILE_ID, offset, chunk } });
const stored = (uploads, received, size) => uploads.take({ type: 'stored', stored: { type: 'stored', file: FILE_ID, size, received } });
const offsets = (chunks) => chunks.map((chunk) => chunk.offset);
const changes = (actions) => actions.filter((action) => action.type === 'upload').map((action) => action.change);

test('a file over the server\'s limit is refused before anything goes up, and the room is told why', async () => {
  const { uploads, connection, actions } = client();
  assert.equal(await uploads.send('lobby', fileOf(100_001)), undefined);
  assert.deepEqual(connection.direct, [], 'no upload, no chunk');
  assert.equal(actions.length, 1);
  assert.equal(actions[0].type, 'notice');
  assert.equal(actions[0].text, 'cat.png was not sent: it is 100001 bytes, and the limit is 100000 bytes.', 'in bytes, as both are 98 KiB');
  await uploads.send('lobby', fileOf(200_000));
  assert.equal(actions[1].text, 'cat.png was not sent: it is 195 KiB, and the limit is 98 KiB.');
});

test('in an encrypted room the limit is the sealed size: 37 bytes more with a random key', async () => {
  const { uploads, keyring, of, actions } = client();
  await roomWithKey(keyring, 'secret');
  assert.equal(await uploads.send('secret', fileOf(100_000 - 36)), undefined);
  assert.equal(of('upload').length, 0);
  assert.match(actions[0].text, /it is 100001 bytes once encrypted, and the limit is 100000 bytes/);
  assert.ok(await uploads.send('secret', fileOf(100_000 - 37)));
  assert.equal(of('upload')[0].size, 100_000);
});

test('an empty file, a server that takes no files, a room whose key we lack: refused, and said', async () => {
  const empty = client();
  assert.equal(await empty.uploads.send('lobby', fileOf(0)), undefined);
  assert.match(empty.actions[0].text, /empty/);
  const old = client({ limits: { ...LIMITS, max_file_bytes: undefined } });
  assert.equal(await old.uploads.send('lobby', fileOf(5)), undefined);
  assert.match(old.actions[0].text, /does not take files/);
  const locked = client();
  locked.keyring.ensure('secret', 'random');
  assert.equal(await locked.uploads.send('secret', fileOf(5)), undefined);
  assert.match(locked.actions[0].text, /do not have this room’s key/);
  for (const { connection } of [empty, old, locked]) assert.deepEqual(connection.direct, []);
});

test('upload, then chunks from the answer\'s offset, at most 4 unanswered, each from the last stored; then the file is posted', async () => {
  const { uploads, connection, outbox, actions, kept, of } = client();
  const file = fileOf(70000);
  const id = await uploads.send('lobby', file);
  const [request] = of('upload');
  assert.deepEqual(request, { type: 'upload', id: request.id, room: 'lobby', size: 70000, file: undefined });
  const [sent] = actions;
  assert.equal(sent.type, 'sent');
  assert.deepEqual(sent.frame, { type: 'file', id, room: 'lobby', text: '{"name":"cat.png","type":"image/png"}' });
  assert.deepEqual(sent.file, { size: 70000, bytes: 70000 });

  answer(uploads, request);
  await settle();
  assert.deepEqual(offsets(of('chunk')), [0, 16384, 32768, 49152], 'four at once, then the window is full');
  const body = bodyOf(70000);
  for (const chunk of of('chunk')) {
    assert.equal(chunk.file, FILE_ID);
    assert.deepEqual(decodeBase64(chunk.data), body.slice(chunk.offset, chunk.offset + 16384), 'standard base64 of the body');
  }
  assert.equal(kept.get(FILE_ID), file, 'our own body shows without a download');
  stored(uploads, 16384, 70000);
  assert.deepEqual(offsets(of('chunk')), [0, 16384, 32768, 49152, 65536]);
  assert.equal(decodeBase64(of('chunk')[4].data).length, 4464, 'the last chunk is what is left');
  for (const received of [32768, 49152, 65536]) stored(uploads, received, 70000);
  assert.equal(connection.queued.length, 0, 'not posted before all is stored');
  stored(uploads, 70000, 70000);
  await outbox.settled();
  const [posted] = connection.queued;
  assert.equal(posted.type, 'file');
  assert.equal(posted.id, id);
  assert.equal(posted.file, FILE_ID);
  assert.equal(posted.text, sent.frame.text);
  assert.ok(posted.sig, 'signed like a message');
  assert.deepEqual(changes(actions).at(-1), { status: 'pending', upload: { sent: 70000, total: 70000 } });
  assert.ok(changes(actions).some((change) => change.fileId === FILE_ID && change.upload?.sent === 16384), 'progress, with the file id');
  assert.equal(uploads.take({ type: 'acknowledged', ack: { id, room: 'lobby', seq: 9, time: 1 } }), false, 'the store sees the ack');
});

test('after a reconnect an unfinished upload is resumed with its file id, from the offset the relay gives', async () => {
  const { uploads, connection, of } = client();
  await uploads.send('lobby', fileOf(70000));
  answer(uploads, of('upload')[0]);
  await settle();
  stored(uploads, 16384, 70000);
  connection.online = false; // the gateway died with chunks unanswered
  stored(uploads, 32768, 70000);
  assert.equal(of('chunk').length, 5, 'nothing goes while offline');
  connection.online = true;
  assert.equal(uploads.take({ type: 'welcomed', welcome: {}, resumed: true }), false);
  const resume = of('upload')[1];
  assert.deepEqual(resume, { type: 'upload', id: resume.id, room: 'lobby', size: 70000, file: FILE_ID });
  assert.notEqual(resume.id, of('upload')[0].id);
  answer(uploads, of('upload')[0], 0); // a late answer to the first request changes nothing
  answer(uploads, resume, 49152);
  await settle();
  assert.deepEqual(offsets(of('chunk').slice(5)), [49152, 65536]);
});

test('a resume the relay answers with file_expired (it restarted) fails with a reason, and its echoes are swallowed', async () => {
  const { uploads, connection, actions, of } = client();
  const id = await uploads.send('lobby', fileOf(70000));
  answer(uploads, of('upload')[0]);
  await settle();
  uploads.take({ type: 'welcomed', welcome: {}, resumed: true });
  const resume = of('upload')[1];
  const refusal = (frameId) => ({ type: 'refused', error: { code: 'file_expired', message: 'the relay no longer holds this file', id: frameId } });
  assert.equal(uploads.take(refusal(resume.id)), true, 'the store need not show the raw refusal');
  assert.deepEqual(changes(actions).at(-1), { status: 'failed', error: UPLOAD_FAILED.restarted });
  assert.equal(UPLOAD_FAILED.restarted, 'the server no longer holds it (it restarted); send it again');
  assert.equal(uploads.take(refusal(`${id}:0`)), true, 'a chunk\'s refusal after that is an echo');
  assert.equal(changes(actions).filter((change) => change.status === 'failed').length, 1);
  uploads.take({ type: 'welcomed', welcome: {}, resumed: true });
  assert.equal(of('upload').length, 2, 'a failed upload is not resumed');
  assert.equal(connection.queued.length, 0, 'nor posted');
  assert.equal(uploads.take(refusal('someone-else')), false, 'refusals of other frames are not ours');
});

test('a relay away for a moment (unavailable, a failover) costs a second: the upload goes on from where the relay is', async () => {
  const { uploads, actions, timers, of } = client();
  const id = await uploads.send('lobby', fileOf(70000));
  answer(uploads, of('upload')[0]);
  await settle();
  stored(uploads, 16384, 70000);
  for (const offset of [16384, 32768]) assert.equal(uploads.take({ type: 'refused', error: { code: 'unavailable', message: 'no relay', id: `${id}:${offset}` } }), true);
  assert.equal(changes(actions).some((change) => change.status === 'failed'), false);
  assert.equal(of('upload').length, 1, 'not at once');
  timers.advance(1000);
  assert.deepEqual(of('upload')[1], { type: 'upload', id: of('upload')[1].id, room: 'lobby', size: 70000, file: FILE_ID });
  answer(uploads, of('upload')[1], 16384);
  await settle();
  assert.deepEqual(offsets(of('chunk').slice(5)), [16384, 32768, 49152, 65536]);
});

test('the relay\'s too_large for an upload, and a file_expired for our unfinished body, fail it with a reason', async () => {
  const large = client();
  await large.uploads.send('lobby', fileOf(500));
  large.uploads.take({ type: 'refused', error: { code: 'too_large', message: 'over 64 MiB held by you', id: large.of('upload')[0].id } });
  assert.deepEqual(changes(large.actions).at(-1), { status: 'failed', error: 'the server would not take it (over 64 MiB held by you)' });
  const dropped = client();
  await dropped.uploads.send('lobby', fileOf(70000));
  answer(dropped.uploads, dropped.of('upload')[0]);
  await settle();
  assert.equal(dropped.uploads.take({ type: 'fileExpired', room: 'lobby', file: FILE_ID }), false, 'the store marks its items too');
  assert.deepEqual(changes(dropped.actions).at(-1), { status: 'failed', error: UPLOAD_FAILED.dropped });
});

test('a post the relay refuses (it restarted after the body was stored) fails, and says why', async () => {
  const { uploads, outbox, actions, of } = client();
  const id = await uploads.send('lobby', fileOf(10));
  answer(uploads, of('upload')[0]);
  await settle();
  stored(uploads, 10, 10);
  await outbox.settled();
  assert.equal(uploads.take({ type: 'refused', error: { code: 'file_expired', message: 'gone', id } }), true);
  assert.deepEqual(changes(actions).at(-1), { status: 'failed', error: UPLOAD_FAILED.restarted });
});

test('a cancelled upload sends no more chunks and is never posted', async () => {
  const { uploads, connection, actions, of } = client();
  const id = await uploads.send('lobby', fileOf(70000));
  answer(uploads, of('upload')[0]);
  await settle();
  uploads.cancel(id);
  assert.deepEqual(changes(actions).at(-1), { status: 'cancelled' });
  for (const received of [16384, 32768, 49152, 65536]) stored(uploads, received, 70000);
  uploads.take({ type: 'welcomed', welcome: {}, resumed: true });
  assert.equal(of('chunk').length, 4);
  assert.equal(of('upload').length, 1);
  assert.equal(connection.queued.length, 0);
});

test('offline when sent, the upload goes with the next welcome', async () => {
  const { uploads, connection, of } = client({ online: false });
  await uploads.send('lobby', fileOf(10));
  assert.equal(of('upload').length, 0);
  connection.online = true;
  uploads.take({ type: 'welcomed', welcome: {}, resumed: false });
  assert.equal(of('upload').length, 1);
});

test('chunks are paced by the byte, under limits.file_rate', async () => {
  // 80% of 1250 bytes a second: a 1000-byte chunk a second once the first is out.
  const { uploads, timers, of } = client({ limits: { ...LIMITS, file_chunk_bytes: 1000, file_rate: 1250 } });
  await uploads.send('lobby', fileOf(3500));
  answer(uploads, of('upload')[0], 0, 1000);
  await settle();
  assert.deepEqual(offsets(of('chunk')), [0]);
  timers.advance(999);
  assert.deepEqual(offsets(of('chunk')), [0]);
  timers.advance(1);
  assert.deepEqual(offsets(of('chunk')), [0, 1000]);
  timers.advance(2000);
  assert.deepEqual(offsets(of('chunk')), [0, 1000, 2000, 3000]);
  uploads.stop();
});

test('in an encrypted room the body goes up sealed for its file id, and the metadata sealed as a `file`', async () => {
  const { uploads, connection, outbox, keyring, of } = client();
  const key = await roomWithKey(keyring, 'secret');
  const id = await uploads.send('secret', fileOf(100, 'notes.txt', 'text/plain'));
  assert.equal(of('upload')[0].size, 137);
  answer(uploads, of('upload')[0]);
  await settle();
  const sealed = decodeBase64(of('chunk')[0].data);
  assert.equal(sealed.length, 137);
  assert.deepEqual(await openFileBody(keyring, sealed, { room: 'secret', senderKey: alice.keyBytes, file: FILE_ID }), { ok: true, body: bodyOf(100) });
  assert.equal((await openFileBody(keyring, sealed, { room: 'secret', senderKey: alice.keyBytes, file: 'ffeeddccbbaa99887766554433221100' })).ok, false);
  stored(uploads, 137, 137);
  await outbox.settled();
  const [posted] = connection.queued;
  const opened = await openRoomText(key, parseSealed(posted.text), { room: 'secret', senderKey: alice.keyBytes, kind: 'file', id });
  assert.deepEqual(opened, { ok: true, text: '{"name":"notes.txt","type":"text/plain"}' });
});

test('a thumbnail that would take the metadata over the limit once sealed is left out', async () => {
  const thumb = `/9j/${'A'.repeat(5456)}`; // 4 KiB of JPEG in base64
  const details = async () => ({ thumb, width: 640, height: 480 });
  const small = client({ limits: { ...LIMITS, max_message_bytes: 4000 } });
  small.uploads.details = details;
  await small.uploads.send('lobby', fileOf(10));
  assert.equal(JSON.parse(small.actions[0].frame.text).thumb, undefined);
  const roomy = client();
  roomy.uploads.details = details;
  await roomy.uploads.send('lobby', fileOf(10));
  assert.deepEqual(JSON.parse(roomy.actions[0].frame.text), { name: 'cat.png', type: 'image/png', thumb, width: 640, height: 480 });
});
