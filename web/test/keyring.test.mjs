// The room keys in memory: deriving, ready, forgotten; a newer passphrase wins over a slower older one.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Keyring } from '../src/crypto/keyring.js';

/** A derive function whose results the test releases by hand. */
function manualDerive() {
  const pending = [];
  const derive = (passphrase, room) =>
    new Promise((resolve, reject) => pending.push({ passphrase, room, resolve: () => resolve({ room, key: passphrase, fingerprint: `fp-${passphrase}` }), reject }));
  return { derive, pending };
}

test('a room is encrypted from the moment it gets a passphrase, and ready once its key is derived', async () => {
  const { derive, pending } = manualDerive();
  const keyring = new Keyring({ derive });
  const heard = [];
  keyring.subscribe((room, description) => heard.push([room, description?.status, description?.fingerprint]));
  const key = keyring.use('secret', 'pw');
  assert.ok(keyring.has('secret'));
  assert.equal(keyring.has('lobby'), false);
  assert.equal(keyring.describe('secret').status, 'deriving');
  pending[0].resolve();
  assert.equal((await key).fingerprint, 'fp-pw');
  assert.deepEqual(heard, [['secret', 'deriving', undefined], ['secret', 'ready', 'fp-pw']]);
  assert.equal(await keyring.key('secret'), await key);
});

test('the passphrase is not kept: only the derived key is', () => {
  const keyring = new Keyring({ derive: async (_, room) => ({ room, key: 'k', fingerprint: 'f' }) });
  keyring.use('secret', 'hunter2-passphrase');
  const seen = new Set();
  const holds = (value) => {
    if (value === 'hunter2-passphrase') return true;
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    return Object.values(value).some(holds) || (value instanceof Map && [...value.values()].some(holds));
  };
  assert.equal(holds(keyring), false);
});

test('a newer passphrase replaces an older one still being derived, whose result is then ignored', async () => {
  const { derive, pending } = manualDerive();
  const keyring = new Keyring({ derive });
  keyring.use('secret', 'old');
  const newer = keyring.use('secret', 'new');
  pending[1].resolve();
  await newer;
  pending[0].resolve();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(keyring.describe('secret').fingerprint, 'fp-new');
  assert.equal((await keyring.key('secret')).key, 'new');
});

test('a failed derivation is reported, and forgetting or clearing makes rooms plain again', async () => {
  const keyring = new Keyring({ derive: async () => Promise.reject(new Error('no WebCrypto')) });
  const heard = [];
  keyring.subscribe((room, description) => heard.push([room, description?.status]));
  await assert.rejects(keyring.use('secret', 'pw'), /no WebCrypto/);
  assert.deepEqual(keyring.describe('secret'), { status: 'failed', fingerprint: undefined, error: 'no WebCrypto' });
  keyring.use('other', 'pw');
  keyring.forget('secret');
  keyring.clear();
  assert.equal(keyring.has('secret') || keyring.has('other'), false);
  assert.deepEqual(heard.slice(-2), [['secret', undefined], ['other', undefined]]);
});
