// Invite links: the access key, a room and its key taken from the fragment (and out of the address
// bar), and made for the Invite box.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeBase64URL } from '../src/crypto/base64url.js';
import { storedAccessKey } from '../src/protocol/accessKey.js';
import { adoptInvite, inviteLink } from '../src/protocol/inviteLink.js';

const KEY = 'Zm9vYmFyYmF6cXV4cXV1eA-_.~0123';
const ROOM_KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7);

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k) };
}

function page(href) {
  const url = new URL(href);
  const replaced = [];
  const history = { state: null, replaceState: (state, _, address) => replaced.push(address) };
  return { location: { hash: url.hash, pathname: url.pathname, search: url.search }, history, replaced };
}

test('an invite link\'s key goes into this tab\'s storage and out of the address bar', () => {
  const storage = memoryStorage();
  const { location, history, replaced } = page(`https://chat.example/?server=x#key=${KEY}`);
  assert.deepEqual(adoptInvite(location, history, storage), { accessKey: KEY });
  assert.deepEqual(replaced, ['/?server=x']);
  assert.equal(storedAccessKey(storage), KEY);
});

test('a room and its key come out of the address bar too, the room spelled as the server does; other parts stay', () => {
  const storage = memoryStorage();
  const { location, history, replaced } = page(`https://chat.example/#key=${KEY}&room=%23Dev&roomkey=${encodeBase64URL(ROOM_KEY)}&other=1`);
  assert.deepEqual(adoptInvite(location, history, storage), { accessKey: KEY, room: 'dev', roomKey: ROOM_KEY });
  assert.deepEqual(replaced, ['/#other=1']);
});

test('a room key that is not 32 bytes of base64url is dropped, and so is one without a room', () => {
  const short = page(`https://chat.example/#room=dev&roomkey=${encodeBase64URL(ROOM_KEY.slice(1))}`);
  assert.deepEqual(adoptInvite(short.location, short.history, memoryStorage()), { accessKey: '', room: 'dev' });
  const alone = page(`https://chat.example/#roomkey=${encodeBase64URL(ROOM_KEY)}`);
  assert.deepEqual(adoptInvite(alone.location, alone.history, memoryStorage()), { accessKey: '' });
  assert.deepEqual(alone.replaced, ['/'], 'the key leaves the address bar all the same');
});

test('a page without a link keeps the key the tab has, and its address is left alone', () => {
  const storage = memoryStorage();
  const first = page(`https://chat.example/#key=${KEY}`);
  adoptInvite(first.location, first.history, storage);
  const reload = page('https://chat.example/');
  assert.deepEqual(adoptInvite(reload.location, reload.history, storage), { accessKey: KEY });
  assert.deepEqual(reload.replaced, []);
});

test('the invite link carries the access key, and a room with its key, after #', () => {
  assert.equal(inviteLink('https://chat.example/', KEY), `https://chat.example/#key=${KEY}`);
  assert.equal(inviteLink('https://chat.example/', ''), 'https://chat.example/');
  const link = inviteLink('https://chat.example/#old', KEY, { room: 'dev', roomKey: ROOM_KEY });
  assert.equal(link, `https://chat.example/#key=${KEY}&room=dev&roomkey=${encodeBase64URL(ROOM_KEY)}`);
  const back = page(link);
  assert.deepEqual(adoptInvite(back.location, back.history, memoryStorage()), { accessKey: KEY, room: 'dev', roomKey: ROOM_KEY });
  assert.equal(inviteLink('https://chat.example/', '', { room: 'dev', roomKey: ROOM_KEY }), `https://chat.example/#room=dev&roomkey=${encodeBase64URL(ROOM_KEY)}`);
});
