// Shared files on the wire (file1): the fixtures' frames as the client reads them, the ClientState's
// part (a `file` is a room event like a message; the body's frames are for the uploads), and the
// signature of a received `file`, which covers its file id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PinBook } from '../src/identity/pinBook.js';
import { judgeSignature } from '../src/identity/signatureState.js';
import { ClientState } from '../src/protocol/clientState.js';
import { decodeServerFrame, FrameError } from '../src/protocol/frames.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol');
const fixture = (name) => JSON.parse(readFileSync(join(root, name), 'utf8'));
const limits = { max_message_bytes: 65536, max_rooms: 32, rate: 20, burst: 40, max_file_bytes: 10485760, file_chunk_bytes: 32768, file_rate: 1048576 };
const welcome = (history = []) => ({ type: 'welcome', name: 'amy', session: 's', epoch: 'e', rooms: [{ room: 'lobby', seq: 51, members: ['amy'], history, truncated: false }], limits });
const welcomed = (history) => {
  const state = new ClientState({ name: 'amy' });
  state.receive(welcome(history));
  return state;
};

test('the welcome tells the file limits; a server without them is still understood', () => {
  assert.deepEqual(decodeServerFrame(JSON.stringify(welcome())).limits, limits);
  const { max_file_bytes, file_chunk_bytes, file_rate, ...older } = limits;
  assert.doesNotThrow(() => decodeServerFrame(JSON.stringify({ ...welcome(), limits: older })));
  assert.throws(() => decodeServerFrame(JSON.stringify({ ...welcome(), limits: { ...limits, max_file_bytes: '10' } })), FrameError);
});

test('a file without the relay\'s facts, or with facts of the wrong kind, is refused', () => {
  const file = fixture('server/file.json');
  assert.throws(() => decodeServerFrame(JSON.stringify({ ...file, file: undefined })), FrameError);
  assert.throws(() => decodeServerFrame(JSON.stringify({ ...file, file: { id: file.file.id, size: '70000' } })), FrameError);
  assert.throws(() => decodeServerFrame(JSON.stringify({ ...file, file: { ...file.file, expired: 'yes' } })), FrameError);
});

test('a file is a room event like a message: in order, once, from history too', () => {
  const file = fixture('server/file.json');
  const state = welcomed();
  assert.deepEqual(state.receive(file), [{ type: 'message', message: file, history: false }]);
  assert.deepEqual(state.receive(file), [], 'not twice');
  const joined = fixture('server/joined-file.json');
  const events = welcomed().receive({ ...joined, snapshot: { ...joined.snapshot, room: 'dev' } });
  const shown = events.find((event) => event.type === 'message');
  assert.equal(shown.message.type, 'file');
  assert.equal(shown.message.file.expired, true, 'a snapshot says the body is gone');
  assert.equal(shown.history, true);
});

test('our own file, posted and resent after a reconnect, is acknowledged by the history that holds it', () => {
  const state = welcomed();
  state.enqueue({ type: 'file', id: 'f1', room: 'lobby', file: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', text: '{}', sig: 's' });
  state.dequeue();
  state.connectionLost();
  assert.equal(state.queue[0].id, 'f1', 'resent like a message');
  const own = { ...fixture('server/file.json'), from: 'amy' };
  const events = state.receive({ ...welcome([own]), rooms: [{ room: 'lobby', seq: 52, members: ['amy'], history: [own], truncated: false }] });
  assert.ok(events.some((event) => event.type === 'acknowledged' && event.ack.id === 'f1'));
  assert.ok(state.idle);
});

test('the answers about a body go to the uploads, not the room: upload, stored, file_data; file_expired names its room', () => {
  const state = welcomed();
  assert.deepEqual(state.receive(fixture('server/upload.json')), [{ type: 'uploadReady', upload: fixture('server/upload.json') }]);
  assert.deepEqual(state.receive(fixture('server/stored.json')), [{ type: 'stored', stored: fixture('server/stored.json') }]);
  assert.deepEqual(state.receive(fixture('server/file_data.json')), [{ type: 'fileData', data: fixture('server/file_data.json') }]);
  assert.deepEqual(state.receive(fixture('server/file_expired.json')), [{ type: 'fileExpired', room: 'lobby', file: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' }]);
  assert.deepEqual(state.receive({ ...fixture('server/file_expired.json'), room: 'elsewhere' }), [], 'not a room of ours');
});

test('the signed file fixture verifies over its file id; with another file id, or none, it does not', async () => {
  const file = fixture('server/file.json');
  assert.equal((await judgeSignature(file, { pins: new PinBook() })).state, 'first-seen');
  const moved = { ...file, file: { ...file.file, id: '00112233445566778899aabbccddeeff' } };
  assert.equal((await judgeSignature(moved, { pins: new PinBook() })).state, 'invalid');
  assert.equal((await judgeSignature({ ...file, type: 'message', file: undefined }, { pins: new PinBook() })).state, 'invalid', 'not a message either');
  assert.equal((await judgeSignature({ ...file, file: { ...file.file, size: 1 } }, { pins: new PinBook() })).state, 'first-seen', 'the size is the relay\'s, not signed');
});
