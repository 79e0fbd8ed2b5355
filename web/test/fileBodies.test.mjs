// Fetching shared files' bodies (src/files/fileBodies.js): GET /files/ID on the socket's gateway with
// the tab's key as a Bearer header, a 404 as expired, a body of the wrong size refused, a sealed body
// opened with the room's key (the shared vectors'), and what arrived kept for the next time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeBase64URL } from '../src/crypto/base64url.js';
import { decodeBase64 } from '../src/crypto/base64.js';
import { FileBodies } from '../src/files/fileBodies.js';
import { bytes, vectors } from './support/e2e2.mjs';
import { encryptionParts } from './support/encryption.mjs';

const ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const KEY = 'abcdefghijklmnop-_.~';

/** A gateway that answers each GET with `answer(url)`: {status, body}; `asked` lists the requests. */
function gateway(answer) {
  const asked = [];
  const fetchImpl = async (url, init) => {
    asked.push({ url: String(url), init });
    const { status = 200, body = new Uint8Array(0) } = answer(String(url));
    return new Response(status === 200 ? body : 'file_expired', { status });
  };
  return { asked, fetchImpl };
}
const request = (overrides = {}) => ({ room: 'lobby', file: { id: ID, size: 3 }, sealed: false, senderKey: undefined, type: 'image/png', ...overrides });

test('a body comes from /files/ID on the socket\'s gateway, with the tab\'s key as a Bearer header, never cached by the browser', async () => {
  const { asked, fetchImpl } = gateway(() => ({ body: new Uint8Array([1, 2, 3]) }));
  const bodies = new FileBodies({ url: 'wss://chat.example/ws', accessKey: KEY, keyring: encryptionParts().keyring, fetchImpl });
  const body = await bodies.load(request());
  assert.equal(body.status, 'ready');
  assert.equal(body.blob.type, 'image/png');
  assert.deepEqual(new Uint8Array(await body.blob.arrayBuffer()), new Uint8Array([1, 2, 3]));
  assert.equal(asked[0].url, `https://chat.example/files/${ID}`);
  assert.deepEqual(asked[0].init, { cache: 'no-store', headers: { Authorization: `Bearer ${KEY}` } });
  const local = gateway(() => ({ body: new Uint8Array([1, 2, 3]) }));
  await new FileBodies({ url: 'ws://localhost:8000/ws', keyring: encryptionParts().keyring, fetchImpl: local.fetchImpl }).load(request());
  assert.deepEqual(local.asked[0], { url: `http://localhost:8000/files/${ID}`, init: { cache: 'no-store', headers: {} } }, 'no key, no header');
});

test('a body is fetched once and kept; one we uploaded is never fetched', async () => {
  const { asked, fetchImpl } = gateway(() => ({ body: new Uint8Array([1, 2, 3]) }));
  const bodies = new FileBodies({ url: 'ws://x/ws', keyring: encryptionParts().keyring, fetchImpl });
  await bodies.load(request());
  await bodies.load(request());
  assert.equal(asked.length, 1);
  const own = new Blob([new Uint8Array([9])], { type: 'image/gif' });
  bodies.put('ffeeddccbbaa99887766554433221100', own);
  assert.equal((await bodies.load(request({ file: { id: 'ffeeddccbbaa99887766554433221100', size: 1 } }))).blob, own);
  assert.equal(asked.length, 1);
});

test('kept bodies are let go past the total, the least recently used first', async () => {
  const { asked, fetchImpl } = gateway(() => ({ body: new Uint8Array(4) }));
  const bodies = new FileBodies({ url: 'ws://x/ws', keyring: encryptionParts().keyring, fetchImpl, keptBytes: 8 });
  const idOf = (n) => String(n).repeat(32);
  for (const n of [1, 2]) await bodies.load(request({ file: { id: idOf(n), size: 4 } }));
  await bodies.load(request({ file: { id: idOf(1), size: 4 } })); // 1 used again: 2 is the oldest now
  await bodies.load(request({ file: { id: idOf(3), size: 4 } }));
  assert.equal(asked.length, 3);
  await bodies.load(request({ file: { id: idOf(1), size: 4 } }));
  assert.equal(asked.length, 3, '1 was kept');
  await bodies.load(request({ file: { id: idOf(2), size: 4 } }));
  assert.equal(asked.length, 4, '2 was let go');
});

test('a 404 is an expired file; a refusal or a body of another size is not shown; a malformed id is not asked for', async () => {
  const answers = { [ID]: { status: 404 }, ['1'.repeat(32)]: { status: 401 }, ['2'.repeat(32)]: { body: new Uint8Array(4) } };
  const { asked, fetchImpl } = gateway((url) => answers[url.split('/').pop()]);
  const bodies = new FileBodies({ url: 'ws://x/ws', keyring: encryptionParts().keyring, fetchImpl });
  assert.deepEqual(await bodies.load(request()), { status: 'expired' });
  assert.deepEqual(await bodies.load(request({ file: { id: '1'.repeat(32), size: 3 } })), { status: 'failed' });
  assert.deepEqual(await bodies.load(request({ file: { id: '2'.repeat(32), size: 3 } })), { status: 'broken' }, 'not the size the relay vouched for');
  assert.deepEqual(await bodies.load(request({ file: { id: '../api/share', size: 3 } })), { status: 'failed' });
  assert.equal(asked.length, 3);
  await bodies.load(request({ file: { id: '1'.repeat(32), size: 3 } }));
  assert.equal(asked.length, 4, 'a failure is asked again');
  await bodies.load(request());
  assert.equal(asked.length, 4, 'gone is gone');
  const down = new FileBodies({ url: 'ws://x/ws', keyring: encryptionParts().keyring, fetchImpl: async () => Promise.reject(new TypeError('offline')) });
  assert.deepEqual(await down.load(request()), { status: 'failed' });
});

for (const [index, entry] of vectors.file_bodies.entries()) {
  test(`sealed body ${index} is opened with the room's key for its sender and file id; without the key it is locked`, async () => {
    const sealed = decodeBase64(entry.sealed);
    const { fetchImpl } = gateway(() => ({ body: sealed }));
    const { keyring } = encryptionParts();
    const bodies = new FileBodies({ url: 'ws://x/ws', keyring, fetchImpl });
    const asked = { room: entry.room, file: { id: entry.file, size: entry.sealed_size }, sealed: true, senderKey: entry.sender, type: 'application/pdf' };
    assert.deepEqual(await bodies.load(asked), { status: 'locked' });
    keyring.ensure(entry.room, entry.salt ? 'passphrase' : 'random');
    await keyring.addKey(entry.room, bytes(entry.key), bytes(entry.salt));
    const body = await bodies.load(asked);
    assert.equal(body.status, 'ready');
    assert.equal(body.blob.type, 'application/octet-stream', 'not a picture shown inline: bytes');
    assert.deepEqual(new Uint8Array(await body.blob.arrayBuffer()), decodeBase64(entry.body));
    const forged = await new FileBodies({ url: 'ws://x/ws', keyring, fetchImpl }).load({ ...asked, senderKey: encodeBase64URL(bytes(entry.sender).map((b) => b ^ 1)) });
    assert.deepEqual(forged, { status: 'broken' }, 'another sender\'s key: it does not open');
  });
}
