// The access key: taken from an invite link's fragment into this tab, offered as a subprotocol token.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accessKeyRequired, adoptInviteKey, inviteLink, isValidAccessKey, storedAccessKey, subprotocols } from '../src/protocol/accessKey.js';

const KEY = 'Zm9vYmFyYmF6cXV4cXV1eA-_.~0123';

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
  assert.equal(adoptInviteKey(location, history, storage), KEY);
  assert.deepEqual(replaced, ['/?server=x']);
  assert.equal(storedAccessKey(storage), KEY);
});

test('other fragment parts stay; a page without a key keeps the one the tab has', () => {
  const storage = memoryStorage();
  const first = page(`https://chat.example/#room=dev&key=${KEY}`);
  adoptInviteKey(first.location, first.history, storage);
  assert.deepEqual(first.replaced, ['/#room=dev']);
  const reload = page('https://chat.example/');
  assert.equal(adoptInviteKey(reload.location, reload.history, storage), KEY);
  assert.deepEqual(reload.replaced, [], 'the address is left alone');
});

test('the key is offered next to privchat.v1, never instead of it', () => {
  assert.deepEqual(subprotocols('privchat.v1', ''), ['privchat.v1']);
  assert.deepEqual(subprotocols('privchat.v1', KEY), ['privchat.v1', `privchat.key.${KEY}`]);
});

test('keys are 16 to 128 characters of A-Z a-z 0-9 - _ . ~', () => {
  assert.ok(isValidAccessKey(KEY));
  assert.ok(isValidAccessKey('a'.repeat(16)) && isValidAccessKey('a'.repeat(128)));
  for (const bad of ['a'.repeat(15), 'a'.repeat(129), `${KEY} `, `${KEY}+`, `${KEY}/`, `${KEY},x`]) assert.equal(isValidAccessKey(bad), false, bad);
});

test('the invite link carries the key after #', () => {
  assert.equal(inviteLink('https://chat.example/', KEY), `https://chat.example/#key=${KEY}`);
  assert.equal(inviteLink('https://chat.example/', ''), 'https://chat.example/');
});

test('whether a gateway needs a key is asked of its own /api/share, and only on the page\'s origin', async () => {
  const asked = [];
  const answer = (status, body) => async (url) => {
    asked.push(String(url));
    return { status, ok: status < 300, json: async () => body };
  };
  const origin = 'http://127.0.0.1:8000';
  assert.equal(await accessKeyRequired('ws://127.0.0.1:8000/ws', { origin, fetchImpl: answer(200, { page: 'p', key_required: true }) }), true);
  assert.equal(await accessKeyRequired('ws://127.0.0.1:8000/ws', { origin, fetchImpl: answer(200, { page: 'p', key_required: false }) }), false);
  assert.equal(await accessKeyRequired('ws://127.0.0.1:8000/ws', { origin, fetchImpl: answer(200, { page: 'p' }) }), undefined, 'an older gateway cannot tell');
  assert.equal(await accessKeyRequired('ws://127.0.0.1:8000/ws', { origin, fetchImpl: answer(401, {}) }), true);
  assert.equal(await accessKeyRequired('wss://chat.example/ws', { origin: 'https://chat.example', fetchImpl: answer(503, {}) }), undefined);
  assert.deepEqual(asked, [...Array(4).fill('http://127.0.0.1:8000/api/share'), 'https://chat.example/api/share']);
  assert.equal(await accessKeyRequired('ws://elsewhere:8000/ws', { origin, fetchImpl: answer(200, { key_required: true }) }), undefined);
  assert.equal(asked.length, 5, 'another origin is not asked');
});
