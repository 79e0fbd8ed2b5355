// The connection's handshake: the access key offered, and a refused handshake explained.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ACCESS_KEY_NEEDED } from '../src/protocol/accessKey.js';
import { ChatConnection } from '../src/protocol/connection.js';
import { fakeSockets } from './support/fakeSockets.mjs';

const KEY = 'abcdefghijklmnop-_.~';

const backoff = { next: () => 1, reset() {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

test('the key is offered as a subprotocol token after privchat.v1, and only when there is one', () => {
  const { FakeSocket, made } = fakeSockets();
  new ChatConnection({ url: 'ws://x/ws', name: 'amy', accessKey: KEY, WebSocketImpl: FakeSocket, backoff }).start();
  new ChatConnection({ url: 'ws://x/ws', name: 'amy', WebSocketImpl: FakeSocket, backoff }).start();
  assert.deepEqual(made[0].protocols, ['privchat.v1', `privchat.key.${KEY}`]);
  assert.deepEqual(made[1].protocols, ['privchat.v1']);
  made[0].open();
  assert.equal(JSON.parse(made[0].sent[0]).type, 'hello', 'the key is not repeated in the hello');
});

test('a refused handshake at a gateway that needs a key says so at once', async () => {
  const { FakeSocket, made } = fakeSockets();
  const events = [];
  const probed = [];
  const chat = new ChatConnection({
    url: 'ws://x/ws',
    name: 'amy',
    WebSocketImpl: FakeSocket,
    backoff,
    onEvent: (event) => events.push(event),
    probeAccess: async (url) => probed.push(url) > 0,
  });
  chat.start();
  made[0].refuse();
  await settle();
  assert.deepEqual(probed, ['ws://x/ws']);
  const fatal = events.find((event) => event.type === 'fatal');
  assert.equal(fatal.error.code, 'access_key');
  assert.equal(fatal.error.message, ACCESS_KEY_NEEDED);
  assert.equal(made.length, 1, 'no pointless retries');
});

test('when the gateway cannot be asked, it is retried, then reported unreachable with a hint about keys', async () => {
  const { FakeSocket, made } = fakeSockets();
  const events = [];
  const chat = new ChatConnection({ url: 'ws://x/ws', name: 'amy', WebSocketImpl: FakeSocket, backoff, onEvent: (event) => events.push(event), probeAccess: async () => undefined });
  chat.start();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    while (made.length <= attempt) await settle();
    made[attempt].refuse();
  }
  await settle();
  const fatal = events.find((event) => event.type === 'fatal');
  assert.equal(fatal.error.code, 'unreachable');
  assert.match(fatal.error.hint, /access key/);
  chat.stop();
});

test('a connection that opened and then dropped does not ask about keys', async () => {
  const { FakeSocket, made } = fakeSockets();
  let probes = 0;
  const chat = new ChatConnection({ url: 'ws://x/ws', name: 'amy', WebSocketImpl: FakeSocket, backoff, probeAccess: async () => (probes += 1) > 0 });
  chat.start();
  made[0].open();
  made[0].onclose({ code: 1006, reason: '' });
  await settle();
  assert.equal(probes, 0);
  chat.stop();
});
