// One upload's offsets (src/files/uploadState.js): from the answer's offset, chunks of at most its size,
// at most 4 unanswered, each `stored` answering the oldest; resumed from the relay's offset after a
// lost connection; cancelled or failed for good.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { UploadState, WINDOW } from '../src/files/uploadState.js';

/** Takes every chunk the state offers now. */
function sendAll(state) {
  const sent = [];
  for (let chunk = state.peek(); chunk; chunk = state.peek()) {
    state.sent(chunk);
    sent.push([chunk.offset, chunk.length]);
  }
  return sent;
}

test('nothing goes before the answer to the upload', () => {
  const state = new UploadState(100);
  assert.equal(state.status, 'waiting');
  assert.equal(state.peek(), undefined);
});

test('chunks go from the answer\'s offset, at most its chunk size each, at most 4 unanswered', () => {
  const state = new UploadState(70000);
  state.started({ offset: 0, chunk: 16384 });
  assert.equal(WINDOW, 4);
  assert.deepEqual(sendAll(state), [[0, 16384], [16384, 16384], [32768, 16384], [49152, 16384]]);
  state.stored(16384);
  assert.deepEqual(sendAll(state), [[65536, 4464]], 'one answer, one more chunk: the last, shorter');
  assert.deepEqual(sendAll(state), [], 'all is sent');
  for (const received of [32768, 49152, 65536]) state.stored(received);
  assert.equal(state.status, 'sending');
  state.stored(70000);
  assert.equal(state.status, 'stored');
  assert.ok(state.finished);
  assert.deepEqual(state.progress, { sent: 70000, total: 70000 });
});

test('a lost connection loses what was unanswered; the resuming answer\'s offset says where to go on from', () => {
  const state = new UploadState(100);
  state.started({ offset: 0, chunk: 10 });
  sendAll(state);
  state.stored(10);
  state.stored(20);
  state.interrupted();
  assert.equal(state.status, 'waiting');
  assert.equal(state.peek(), undefined, 'nothing until the relay says where it is');
  assert.deepEqual(state.progress, { sent: 20, total: 100 });
  state.started({ offset: 30, chunk: 10 }); // the relay got one more than it had answered
  assert.deepEqual(sendAll(state), [[30, 10], [40, 10], [50, 10], [60, 10]]);
});

test('a resume of an upload the relay holds whole is stored at once', () => {
  const state = new UploadState(100);
  state.started({ offset: 0, chunk: 50 });
  sendAll(state);
  state.interrupted();
  state.started({ offset: 100, chunk: 50 });
  assert.equal(state.status, 'stored');
  assert.equal(state.peek(), undefined);
});

test('a stored that is not where the oldest chunk ended: the relay is right, and sending goes on from what it holds', () => {
  const state = new UploadState(100);
  state.started({ offset: 0, chunk: 10 });
  sendAll(state);
  state.stored(5);
  assert.deepEqual(state.progress, { sent: 5, total: 100 });
  assert.deepEqual(sendAll(state), [[5, 10], [15, 10], [25, 10], [35, 10]]);
});

test('a cancelled or failed upload sends nothing more, and is not revived by an answer or a reconnect', () => {
  for (const end of ['cancel', 'fail']) {
    const state = new UploadState(100);
    state.started({ offset: 0, chunk: 10 });
    state.sent(state.peek());
    state[end]();
    assert.equal(state.status, end === 'cancel' ? 'cancelled' : 'failed');
    assert.equal(state.peek(), undefined);
    state.interrupted();
    state.started({ offset: 0, chunk: 10 });
    state.stored(10);
    assert.equal(state.status, end === 'cancel' ? 'cancelled' : 'failed');
    assert.deepEqual(state.progress, { sent: 0, total: 100 });
  }
});
