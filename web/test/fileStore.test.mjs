// Shared files in the store (src/store/files.js, routed by chatStore.js) and in the conversation: an
// item per `file` event with the relay's facts; ours from its upload to its ack (or its failure or
// cancel); bodies gone marked expired; files are room messages that replies, reactions and deletes refer to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { quoteOf, itemsBySeq } from '../src/conversation/replyQuote.js';
import { reactionChips } from '../src/conversation/reactions.js';
import { saidOf } from '../src/conversation/roomMessages.js';
import { announcementOf } from '../src/shell/announcer.js';
import { initialState, reduce, roomKey } from '../src/store/chatStore.js';
import { isActionable, isDeletable, isEditable } from '../src/ui/conversationCommands.js';

const server = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'server');
const fixture = (name) => JSON.parse(readFileSync(join(server, name), 'utf8'));
const welcome = { type: 'event', event: { type: 'welcomed', resumed: false, welcome: { name: 'amy', session: 's', epoch: 'e', limits: {}, rooms: [{ room: 'lobby', seq: 0, members: ['amy', 'alice'], history: [], truncated: false }] } } };
const event = (e) => ({ type: 'event', event: e });
const received = (message, history = false) => event({ type: 'message', history, message: { signature: { state: 'verified', key: message.key }, ...message } });
const run = (...actions) => actions.reduce(reduce, initialState());
const items = (state) => state.views[roomKey('lobby')].items;
const catFile = fixture('file.json');

test('a file event is an item with the relay\'s facts beside its metadata; it is news, never a mention', () => {
  const state = run(welcome, { type: 'activate', key: 'room:none' }, received(catFile));
  const [item] = items(state);
  assert.equal(item.type, 'file');
  assert.equal(item.text, '{"name":"cat.png","type":"image/png"}');
  assert.deepEqual(item.file, { id: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', size: 70000, expired: false, bytes: 70000, room: 'lobby', senderKey: catFile.key });
  assert.equal(item.mentionsMe, false);
  const named = run(welcome, received({ ...catFile, text: '{"name":"@amy.png","type":"image/png"}' }));
  assert.equal(items(named)[0].mentionsMe, false, 'a name is no mention');
});

test('a sealed file\'s size is its plaintext\'s: 37 bytes less in a random-key room, 53 in a passphrase room', () => {
  const sealed = { ...catFile, e2e: 'ok' };
  assert.equal(items(run(welcome, { type: 'encryption', room: 'lobby', encryption: { kind: 'random' } }, received(sealed)))[0].file.bytes, 70000 - 37);
  assert.equal(items(run(welcome, { type: 'encryption', room: 'lobby', encryption: { kind: 'passphrase' } }, received(sealed)))[0].file.bytes, 70000 - 53);
});

test('a body the relay dropped is marked expired: in a snapshot, by file_expired, or found missing', () => {
  const [history] = fixture('joined-file.json').snapshot.history;
  let state = run(welcome, received(history, true), received(catFile));
  assert.deepEqual(items(state).map((item) => item.file.expired), [true, false]);
  state = reduce(state, event({ type: 'fileExpired', room: 'lobby', file: catFile.file.id }));
  assert.deepEqual(items(state).map((item) => item.file.expired), [true, true]);
  const found = reduce(run(welcome, received(catFile)), { type: 'fileExpired', room: 'lobby', file: catFile.file.id });
  assert.equal(items(found)[0].file.expired, true);
  assert.equal(reduce(found, { type: 'fileExpired', room: 'lobby', file: 'unknown' }), found, 'nothing else changes');
});

test('our file shows at once with its upload\'s progress, is pending once posted, sent at its ack', () => {
  let state = run(welcome, { type: 'identity', identity: { key: 'KA' } });
  state = reduce(state, { type: 'sent', frame: { type: 'file', id: 'u1', room: 'lobby', text: '{"name":"a.png","type":"image/png"}' }, e2e: 'ok', file: { size: 137, bytes: 100 } });
  let [item] = items(state);
  assert.deepEqual([item.type, item.own, item.status, item.e2e], ['file', true, 'uploading', 'ok']);
  assert.deepEqual(item.upload, { sent: 0, total: 137 });
  assert.deepEqual(item.file, { id: undefined, size: 137, expired: false, bytes: 100, room: 'lobby', senderKey: 'KA' });
  state = reduce(state, { type: 'upload', id: 'u1', change: { upload: { sent: 64, total: 137 }, fileId: catFile.file.id } });
  [item] = items(state);
  assert.deepEqual([item.upload.sent, item.file.id, item.status], [64, catFile.file.id, 'uploading']);
  state = reduce(state, { type: 'upload', id: 'u1', change: { status: 'pending', upload: { sent: 137, total: 137 } } });
  state = reduce(state, event({ type: 'acknowledged', ack: { id: 'u1', room: 'lobby', seq: 4, time: 9 } }));
  [item] = items(state);
  assert.deepEqual([item.status, item.seq, item.file.id], ['sent', 4, catFile.file.id]);
});

test('our upload that failed says why; one cancelled says so', () => {
  let state = run(welcome);
  for (const id of ['u1', 'u2']) state = reduce(state, { type: 'sent', frame: { type: 'file', id, room: 'lobby', text: '{}' }, file: { size: 5, bytes: 5 } });
  state = reduce(state, { type: 'upload', id: 'u1', change: { status: 'failed', error: 'the server no longer holds it (it restarted); send it again' } });
  state = reduce(state, { type: 'upload', id: 'u2', change: { status: 'cancelled' } });
  assert.deepEqual(items(state).map((item) => [item.status, item.error]), [['failed', 'the server no longer holds it (it restarted); send it again'], ['cancelled', undefined]]);
});

test('a file is a room message: replied to, reacted to and deleted like one, quoted by its name', () => {
  let state = run(welcome, received(catFile));
  const [file] = items(state);
  assert.ok(isActionable(file));
  const reference = { seq: 52, id: 'f1' };
  state = reduce(state, received({ type: 'reaction', room: 'lobby', seq: 53, id: 'r1', from: 'bob', key: 'KB', text: '+👍', time: 2, target: reference }));
  assert.deepEqual(reactionChips(items(state)[0].reactions, 'key:KB').map((chip) => chip.emoji), ['👍']);
  assert.deepEqual(quoteOf({ ...reference, from: 'alice' }, itemsBySeq(items(state))), { state: 'shown', seq: 52, from: 'alice', excerpt: '📎 cat.png' });
  state = reduce(state, received({ type: 'delete', room: 'lobby', seq: 54, id: 'd1', from: 'alice', key: catFile.key, text: '', time: 3, target: reference }));
  assert.equal(items(state)[0].deleted, true);
  assert.equal(items(state)[0].text, '');
});

test('our own file may be deleted, not edited (its text is its metadata); someone else\'s neither', () => {
  const ours = { type: 'file', seq: 1, author: 'key:KA', e2e: undefined };
  assert.ok(isDeletable(ours, 'key:KA'));
  assert.equal(isEditable(ours, 'key:KA'), false);
  assert.equal(isDeletable(ours, 'key:KB'), false);
  assert.ok(isEditable({ ...ours, type: 'message' }, 'key:KA'));
});

test('a file arrival is told by its name', () => {
  const item = { type: 'file', from: 'alice', text: '{"name":"cat.png","type":"image/png"}' };
  assert.equal(saidOf(item), '📎 cat.png');
  assert.equal(announcementOf([{ view: { kind: 'room', name: 'lobby' }, item }]), 'alice in #lobby: 📎 cat.png');
  assert.equal(saidOf({ ...item, text: 'garbage' }), '📎 file', 'metadata that is not: a file named file');
});
