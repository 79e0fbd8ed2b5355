// The access key: kept for this tab, offered as a subprotocol token, its need asked of the gateway.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { accessKeyRequired, isValidAccessKey, subprotocols } from '../src/protocol/accessKey.js';

const KEY = 'Zm9vYmFyYmF6cXV4cXV1eA-_.~0123';

test('the key is offered next to privchat.v1, never instead of it', () => {
  assert.deepEqual(subprotocols('privchat.v1', ''), ['privchat.v1']);
  assert.deepEqual(subprotocols('privchat.v1', KEY), ['privchat.v1', `privchat.key.${KEY}`]);
});

test('keys are 16 to 128 characters of A-Z a-z 0-9 - _ . ~', () => {
  assert.ok(isValidAccessKey(KEY));
  assert.ok(isValidAccessKey('a'.repeat(16)) && isValidAccessKey('a'.repeat(128)));
  for (const bad of ['a'.repeat(15), 'a'.repeat(129), `${KEY} `, `${KEY}+`, `${KEY}/`, `${KEY},x`]) assert.equal(isValidAccessKey(bad), false, bad);
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
