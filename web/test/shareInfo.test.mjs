// The Invite box's question to the gateway: with the tab's key, so that the invite link comes back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fetchShareInfo } from '../src/protocol/shareInfo.js';

function recordingFetch(status, body) {
  const asked = [];
  const fetchImpl = async (url, options) => {
    asked.push({ url, options });
    return { ok: status === 200, status, json: async () => body };
  };
  return { asked, fetchImpl };
}

test('the tab\'s key is presented as a Bearer token, on the page\'s own /api/share', async () => {
  const { asked, fetchImpl } = recordingFetch(200, { invite: 'https://chat.example/#key=K' });
  assert.deepEqual(await fetchShareInfo('tab-key-0123456789', fetchImpl), { invite: 'https://chat.example/#key=K' });
  assert.equal(asked[0].url, '/api/share');
  assert.deepEqual(asked[0].options, { cache: 'no-store', headers: { Authorization: 'Bearer tab-key-0123456789' } });
});

test('without a key no Authorization is sent, and a refusal gives nothing', async () => {
  const { asked, fetchImpl } = recordingFetch(401, undefined);
  assert.equal(await fetchShareInfo('', fetchImpl), undefined);
  assert.deepEqual(asked[0].options, { cache: 'no-store', headers: {} });
});
